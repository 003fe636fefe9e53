// Runs in the renderer. The Sandbox PostgreSQL's status, kept current by sandbox.changed; its
// actions are the only callers of the sandbox API.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { SandboxStatus } from '../../../shared/contract/sandbox';
import { errorMessage } from '../api/api-error';
import type { ApiClient } from '../api/client';
import type { LoadStatus } from './load-status';

export interface SandboxState {
  status: SandboxStatus | null;
  loadStatus: LoadStatus;
  /** Why the last start or stop failed, written for the user. */
  error: string | null;
  /** A start or stop asked by this window is under way. */
  busy: boolean;
  load: () => Promise<void>;
  start: () => Promise<void>;
  stop: () => Promise<void>;
}

export type SandboxStore = StoreApi<SandboxState> & { dispose(): void };

export function createSandboxStore(client: ApiClient): SandboxStore {
  const store = createStore<SandboxState>()((set) => {
    const act = async (method: 'sandbox.start' | 'sandbox.stop') => {
      set({ busy: true, error: null });
      try {
        set({ status: await client.call(method) });
      } catch (err) {
        set({ error: errorMessage(err) });
      } finally {
        set({ busy: false });
      }
    };
    return {
      status: null,
      loadStatus: 'idle',
      error: null,
      busy: false,
      async load() {
        set((s) => (s.loadStatus === 'ready' ? s : { loadStatus: 'loading' }));
        try {
          set({ status: await client.call('sandbox.status'), loadStatus: 'ready' });
        } catch (err) {
          set({ loadStatus: 'error', error: errorMessage(err) });
        }
      },
      start: () => act('sandbox.start'),
      stop: () => act('sandbox.stop'),
    };
  });
  const unsubscribe = client.on('sandbox.changed', (status) => store.setState({ status }));
  return Object.assign(store, { dispose: unsubscribe });
}
