// Runs in the renderer. Builds every domain store over one client, loads them, and reloads them
// when a dropped link comes back (events sent while it was down are lost).
import type { ApiClient } from '../api/client';
import { type AppInfoStore, createAppInfoStore } from './app-info-store';
import { type ConnectionsStore, createConnectionsStore } from './connections-store';
import { createSandboxStore, type SandboxStore } from './sandbox-store';

export interface Stores {
  connections: ConnectionsStore;
  sandbox: SandboxStore;
  appInfo: AppInfoStore;
  /** Loads every store; resolves when each has an answer, good or bad. */
  loadAll(): Promise<void>;
  dispose(): void;
}

export function createStores(client: ApiClient): Stores {
  const connections = createConnectionsStore(client);
  const sandbox = createSandboxStore(client);
  const appInfo = createAppInfoStore(client);
  const loadAll = async () => {
    await Promise.all([connections.getState().load(), sandbox.getState().load(), appInfo.getState().load()]);
  };
  let wasOpen = false;
  const stopWatchingLink = client.onLinkChange((link) => {
    if (link !== 'open') return;
    if (wasOpen) void loadAll();
    wasOpen = true;
  });
  return {
    connections,
    sandbox,
    appInfo,
    loadAll,
    dispose() {
      stopWatchingLink();
      connections.dispose();
      sandbox.dispose();
    },
  };
}
