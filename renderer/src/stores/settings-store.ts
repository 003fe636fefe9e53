// Runs in the renderer. Everything the Settings screen sets: the app's own settings (theme,
// benchmark defaults), host-metrics sampling and retention, and the tenant log's slow threshold.
// Its actions are the only callers of those operations; their events keep every window current.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Input } from '../../../shared/contract';
import type { MetricsConfig } from '../../../shared/contract/metrics';
import type { AppSettings } from '../../../shared/contract/settings';
import type { TenantLogSettings } from '../../../shared/contract/tenant-ops';
import { errorMessage } from '../api/api-error';
import type { ApiClient } from '../api/client';
import type { LoadStatus } from './load-status';

export interface SettingsState {
  app: AppSettings | null;
  metrics: MetricsConfig | null;
  tenantLogs: TenantLogSettings | null;
  status: LoadStatus;
  error: string | null;
  load: () => Promise<void>;
  /** Each resolves with the core's confirmation, or rejects with an ApiError for the form. */
  updateApp: (patch: Input<'settings.update'>) => Promise<string>;
  updateMetrics: (patch: Input<'config.update'>) => Promise<string>;
  updateTenantLogs: (next: TenantLogSettings) => Promise<void>;
}

export type SettingsStore = StoreApi<SettingsState> & { dispose(): void };

export function createSettingsStore(client: ApiClient): SettingsStore {
  const store = createStore<SettingsState>()((set) => ({
    app: null,
    metrics: null,
    tenantLogs: null,
    status: 'idle',
    error: null,

    async load() {
      set((s) => (s.status === 'ready' ? s : { status: 'loading' }));
      try {
        const [app, metrics, tenantLogs] = await Promise.all([
          client.call('settings.get'),
          client.call('config.get'),
          client.call('tenantLogs.settings'),
        ]);
        set({ app, metrics, tenantLogs, status: 'ready', error: null });
      } catch (err) {
        set({ status: 'error', error: errorMessage(err) });
      }
    },

    async updateApp(patch) {
      const { message, settings } = await client.call('settings.update', patch);
      set({ app: settings });
      return message;
    },

    async updateMetrics(patch) {
      const { message, config } = await client.call('config.update', patch);
      set({ metrics: config });
      return message;
    },

    async updateTenantLogs(next) {
      set({ tenantLogs: await client.call('tenantLogs.configure', next) });
    },
  }));
  // Changes from another window or `benchphant settings set` (the owner watches the store).
  const offs = [
    client.on('settings.changed', (app) => store.setState({ app })),
    client.on('config.updated', (metrics) => store.setState({ metrics })),
    client.on('tenantLogs.configured', (tenantLogs) => store.setState({ tenantLogs })),
  ];
  return Object.assign(store, { dispose: () => offs.forEach((off) => off()) });
}
