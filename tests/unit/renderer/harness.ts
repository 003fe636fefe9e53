// Test helper: the renderer's client over the memory transport, wired to the real dispatcher and
// a real core in a temporary data directory (memory secret store, so no keychain is needed).
import { createCore, type Core } from '../../../main/core/app';
import { silentLogger } from '../../../main/core/logging/logger';
import { createMemorySecretStore, type SecretStore } from '../../../main/core/secrets/secret-store';
import { dispatch } from '../../../main/rpc/dispatch';
import { type ApiClient, createClient } from '../../../renderer/src/api/client';
import { createMemoryTransport } from '../../../renderer/src/api/memory-transport';
import { makeTempDir } from '../../support/temp-dir';

export interface Harness {
  core: Core;
  client: ApiClient;
  secrets: SecretStore;
  dataDir: string;
  cleanup(): Promise<void>;
}

export function createHarness(): Harness {
  // Open to the `postgres` user like every test's data directory, so the sandbox stays inside it.
  const temp = makeTempDir('bp-renderer-');
  const dataDir = temp.path;
  const secrets = createMemorySecretStore();
  const core = createCore({
    dataDir,
    logger: silentLogger,
    secrets: { store: secrets, message: 'Passwords are kept in memory only.' },
    version: '0.0.0-test',
  });
  const client = createClient(
    createMemoryTransport((method, input) => dispatch(core.handlers, method, input), core.events),
  );
  return {
    core,
    client,
    secrets,
    dataDir,
    async cleanup() {
      await core.close();
      temp.remove();
    },
  };
}

/** Resolves once the store's state satisfies the predicate (now or after a later change). */
export function until<S>(
  store: { getState(): S; subscribe(l: (s: S) => void): () => void },
  ok: (s: S) => boolean,
): Promise<S> {
  return new Promise((resolve) => {
    if (ok(store.getState())) {
      resolve(store.getState());
      return;
    }
    const stop = store.subscribe((s) => {
      if (!ok(s)) return;
      stop();
      resolve(s);
    });
  });
}
