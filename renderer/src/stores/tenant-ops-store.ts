// Runs in the renderer. Tenant operations: the open tenant's backups (backup now, restore, delete),
// its query log a page at a time, its metrics, the slow threshold, and the import wizard's
// analysis and running import. Its actions are the only callers of the tenants.backup*/rollback/
// logs/metrics, backups.*, tenantLogs.* and workspaces.import* API.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Input, Output, Payload } from '../../../shared/contract';
import type {
  Backup,
  ImportAnalysis,
  ImportStatus,
  QueryLog,
  SINCE,
} from '../../../shared/contract/tenant-ops';
import { errorMessage } from '../api/api-error';
import type { ApiClient } from '../api/client';

export type LogType = 'all' | 'error' | 'slow';
export type Since = (typeof SINCE)[number];
export interface LogFilter {
  type: LogType;
  since: Since;
}
export type BackupProgress = Omit<Payload<'backups.progressed'>, 'tenant_id'>;
export type TenantMetrics = Output<'tenants.metrics'>;
export type ImportSource = Input<'workspaces.importAnalyze'>;
export type ImportStart = Input<'workspaces.importData'>;

/** One page of the log view. */
export const LOG_PAGE = 50;

export interface TenantOpsState {
  /** The tenant whose details are open. */
  tenantId: string | null;
  backups: readonly Backup[];
  /** The running backup or restore of the open tenant, from backups.progressed. */
  progress: BackupProgress | null;
  logs: readonly QueryLog[];
  logsHasMore: boolean;
  logsLoading: boolean;
  logFilter: LogFilter;
  slowQueryMs: number | null;
  metrics: TenantMetrics | null;
  /** Why the last load failed, written for the user. */
  error: string | null;
  analysis: ImportAnalysis | null;
  importStatus: ImportStatus | null;

  open: (tenantId: string) => Promise<void>;
  close: () => void;
  refresh: () => Promise<void>;
  /** Mutations resolve with a message or reject with an ApiError for the caller to show. */
  backupNow: () => Promise<string>;
  rollback: (backup: Backup) => Promise<string>;
  deleteBackup: (id: string) => Promise<string>;
  setLogFilter: (filter: LogFilter) => Promise<void>;
  loadMoreLogs: () => Promise<void>;
  setSlowThreshold: (ms: number) => Promise<string>;
  analyzeImport: (source: ImportSource) => Promise<ImportAnalysis>;
  /** `importSchema`: the source's schema becomes the blueprint's next version first (import-full). */
  startImport: (input: ImportStart, importSchema?: boolean) => Promise<ImportStatus>;
  resetImport: () => void;
}

export type TenantOpsStore = StoreApi<TenantOpsState> & { dispose(): void };

export function createTenantOpsStore(client: ApiClient): TenantOpsStore {
  // A late answer for a tenant (or filter) no longer on screen is dropped.
  let openSeq = 0;
  let logSeq = 0;

  const store = createStore<TenantOpsState>()((set, get) => {
    const logsPage = async (before?: number) => {
      const { tenantId, logFilter } = get();
      if (!tenantId) return null;
      return client.call('tenants.logs', {
        id: tenantId,
        since: logFilter.since,
        limit: LOG_PAGE,
        ...(logFilter.type === 'all' ? {} : { type: logFilter.type }),
        ...(before === undefined ? {} : { before }),
      });
    };
    const loadLogs = async () => {
      const seq = ++logSeq;
      set({ logsLoading: true });
      try {
        const page = await logsPage();
        if (seq !== logSeq || !page) return;
        set({ logs: page.logs, logsHasMore: page.has_more, logsLoading: false });
      } catch (err) {
        if (seq === logSeq) set({ error: errorMessage(err), logsLoading: false });
      }
    };
    const loadBackups = async (id: string) => {
      const answer = await client.call('tenants.backups', { id });
      if (get().tenantId === id) set({ backups: answer.backups });
    };

    return {
      tenantId: null,
      backups: [],
      progress: null,
      logs: [],
      logsHasMore: false,
      logsLoading: false,
      logFilter: { type: 'all', since: '24h' },
      slowQueryMs: null,
      metrics: null,
      error: null,
      analysis: null,
      importStatus: null,

      async open(tenantId) {
        ++openSeq;
        set({
          tenantId,
          backups: [],
          progress: null,
          logs: [],
          logsHasMore: false,
          metrics: null,
          error: null,
        });
        await get().refresh();
      },
      close() {
        ++openSeq;
        ++logSeq;
        set({ tenantId: null, backups: [], logs: [], metrics: null, progress: null, error: null });
      },
      async refresh() {
        const id = get().tenantId;
        if (!id) return;
        const seq = openSeq;
        try {
          const [backups, metrics, settings] = await Promise.all([
            client.call('tenants.backups', { id }),
            client.call('tenants.metrics', { id }),
            client.call('tenantLogs.settings'),
            loadLogs(),
          ]);
          if (seq !== openSeq) return;
          set({
            backups: backups.backups,
            metrics,
            slowQueryMs: settings.slow_query_ms,
            error: null,
          });
        } catch (err) {
          if (seq === openSeq) set({ error: errorMessage(err) });
        }
      },
      async backupNow() {
        const id = get().tenantId;
        if (!id) return '';
        const answer = await client.call('tenants.backup', { id });
        await loadBackups(id);
        const n = answer.backups.length;
        return `Backed up ${n} ${n === 1 ? 'database' : 'databases'}.`;
      },
      async rollback(backup) {
        const id = get().tenantId;
        if (!id) return '';
        const answer = await client.call('tenants.rollback', {
          id,
          storage_path: backup.storage_path,
        });
        await get().refresh();
        return answer.message;
      },
      async deleteBackup(backupId) {
        const answer = await client.call('backups.delete', { id: backupId });
        set((s) => ({ backups: s.backups.filter((b) => b.id !== backupId) }));
        return answer.message;
      },
      async setLogFilter(logFilter) {
        set({ logFilter });
        await loadLogs();
      },
      async loadMoreLogs() {
        const last = get().logs.at(-1);
        if (!last) return;
        const seq = ++logSeq;
        set({ logsLoading: true });
        try {
          const page = await logsPage(last.id);
          if (seq !== logSeq || !page) return;
          set((s) => ({
            logs: [...s.logs, ...page.logs],
            logsHasMore: page.has_more,
            logsLoading: false,
          }));
        } catch (err) {
          if (seq === logSeq) set({ error: errorMessage(err), logsLoading: false });
        }
      },
      async setSlowThreshold(ms) {
        const saved = await client.call('tenantLogs.configure', { slow_query_ms: ms });
        set({ slowQueryMs: saved.slow_query_ms });
        return `Statements taking ${saved.slow_query_ms} ms or more are logged as slow.`;
      },
      async analyzeImport(source) {
        set({ analysis: null, importStatus: null });
        const analysis = await client.call('workspaces.importAnalyze', source);
        set({ analysis });
        return analysis;
      },
      async startImport(input, importSchema = false) {
        const status = await client.call(
          importSchema ? 'workspaces.importFull' : 'workspaces.importData',
          input,
        );
        set({ importStatus: status });
        // Events sent before the answer arrived were not matched to it: catch up once.
        const now = await client.call('workspaces.importStatus', {
          id: status.workspace,
          import_id: status.import_id,
        });
        if (get().importStatus?.import_id === now.import_id) set({ importStatus: now });
        return now;
      },
      resetImport() {
        set({ analysis: null, importStatus: null });
      },
    };
  });

  const onBackup = (p: Payload<'backups.progressed'>) => {
    if (p.tenant_id !== store.getState().tenantId) return;
    const { tenant_id: _id, ...progress } = p;
    const ended = p.step === 'done' || p.step === 'failed';
    store.setState({ progress: ended ? null : progress });
  };

  // Import progress: the status is refetched (it carries per-tenant table counts) on each step.
  let statusSeq = 0;
  const onImport = (p: Payload<'imports.progressed'>) => {
    const current = store.getState().importStatus;
    if (!current || current.import_id !== p.import_id) return;
    const seq = ++statusSeq;
    void client
      .call('workspaces.importStatus', { id: p.workspace, import_id: p.import_id })
      .then((status) => {
        if (seq === statusSeq) store.setState({ importStatus: status });
      })
      .catch((err: unknown) => store.setState({ error: errorMessage(err) }));
  };
  const stops = [
    client.on('backups.progressed', onBackup),
    client.on('imports.progressed', onImport),
  ];

  return Object.assign(store, {
    dispose() {
      for (const stop of stops) stop();
    },
  });
}
