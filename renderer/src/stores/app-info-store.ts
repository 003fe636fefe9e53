// Runs in the renderer. Facts about the running app (version, data directory, secret store).
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AppInfo } from '../../../shared/contract/sandbox';
import { errorMessage } from '../api/api-error';
import type { ApiClient } from '../api/client';
import type { LoadStatus } from './load-status';

export interface AppInfoState {
  info: AppInfo | null;
  status: LoadStatus;
  error: string | null;
  load: () => Promise<void>;
}

export type AppInfoStore = StoreApi<AppInfoState>;

export function createAppInfoStore(client: ApiClient): AppInfoStore {
  return createStore<AppInfoState>()((set) => ({
    info: null,
    status: 'idle',
    error: null,
    async load() {
      set((s) => (s.status === 'ready' ? s : { status: 'loading' }));
      try {
        set({ info: await client.call('app.info'), status: 'ready', error: null });
      } catch (err) {
        set({ status: 'error', error: errorMessage(err) });
      }
    },
  }));
}
