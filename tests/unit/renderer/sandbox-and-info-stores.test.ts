import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAppInfoStore } from '../../../renderer/src/stores/app-info-store';
import { createSandboxStore, type SandboxStore } from '../../../renderer/src/stores/sandbox-store';
import { createHarness, type Harness, until } from './harness';

let h: Harness;
let sandbox: SandboxStore;

beforeEach(() => {
  h = createHarness();
  sandbox = createSandboxStore(h.client);
});

afterEach(async () => {
  sandbox.dispose();
  await h.cleanup();
});

describe('sandbox store', () => {
  it('loads the stopped sandbox', async () => {
    await sandbox.getState().load();
    expect(sandbox.getState()).toMatchObject({
      loadStatus: 'ready',
      status: { state: 'stopped', connection_id: null, port: null, message: null },
    });
  });

  it('follows sandbox.changed events from the core', async () => {
    await sandbox.getState().load();
    h.core.events.emit('sandbox.changed', {
      state: 'starting',
      connection_id: null,
      port: null,
      message: null,
    });
    expect(sandbox.getState().status?.state).toBe('starting');
  });

  it('shows why a start failed, in words, and leaves busy off', async () => {
    // A file where the sandbox's folder belongs makes every start fail, for root and other users.
    writeFileSync(h.core.paths.sandbox, 'not a directory');
    await sandbox.getState().start();
    const s = sandbox.getState();
    expect(s.busy).toBe(false);
    expect(s.error).toMatch(/^The Sandbox PostgreSQL could not start: /);
    const failed = await until(sandbox, (st) => st.status?.state === 'failed');
    expect(failed.status?.message).toBe(s.error);
  });
});

describe('app info store', () => {
  it('loads version, data directory and the secret store in use', async () => {
    const info = createAppInfoStore(h.client);
    await info.getState().load();
    expect(info.getState()).toMatchObject({
      status: 'ready',
      info: {
        version: '0.0.0-test',
        data_dir: h.dataDir,
        secret_store: 'memory',
        secret_store_message: 'Passwords are kept in memory only.',
      },
    });
  });
});
