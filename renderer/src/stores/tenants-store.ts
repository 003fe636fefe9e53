// Runs in the renderer. Tenants: workspaces (schema, pending changes, drift, query console),
// blueprints, tenants and deployment jobs. Its actions are the only callers of the workspaces.*,
// blueprints.*, tenants.*, deployments.* and admin.* API; it refetches when the core says so.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Input, Output } from '../../../shared/contract';
import {
  ACTIVE_JOB_STATUSES,
  type BlueprintSummary,
  type BlueprintVersion,
  type Change,
  type Drift,
  type JobDetail,
  type JobSummary,
  type SchemaSnapshot,
  type Tenant,
  type WorkspaceDetail,
  type WorkspaceSettings,
  type WorkspaceSettingsUpdate,
  type WorkspaceSummary,
} from '../../../shared/contract/tenants';
import { errorMessage } from '../api/api-error';
import type { ApiClient } from '../api/client';
import type { LoadStatus } from './load-status';
import { uiText } from '../api/error-words';

export type TenantRow = Omit<Tenant, 'success'>;
export type WorkspaceTemplate = 'fintech' | 'ecommerce' | 'empty';

export interface OpenWorkspace {
  detail: WorkspaceDetail;
  schema: SchemaSnapshot;
  changes: readonly Change[];
  drift: Drift;
  /** Where it lives and the defaults of its tenants and deployments. */
  settings: WorkspaceSettings;
}

export interface OpenBlueprint {
  name: string;
  /** The version whose schema is shown. */
  version: string;
  summary: BlueprintSummary;
  schema: SchemaSnapshot;
  versions: readonly BlueprintVersion[];
}

export type QueryOutcome =
  | { state: 'running' }
  | { state: 'done'; result: Output<'workspaces.query'> }
  | { state: 'failed'; message: string };

export type AdminOutcome =
  | { state: 'running' }
  | { state: 'done'; result: Output<'admin.query'> }
  | { state: 'failed'; message: string };

export interface TenantsState {
  workspaces: readonly WorkspaceSummary[];
  blueprints: readonly BlueprintSummary[];
  tenants: readonly TenantRow[];
  jobs: readonly JobSummary[];
  loadStatus: LoadStatus;
  /** Why the last load or background refresh failed, written for the user. */
  error: string | null;
  openWorkspace: OpenWorkspace | null;
  workspaceError: string | null;
  query: QueryOutcome | null;
  openBlueprint: OpenBlueprint | null;
  blueprintError: string | null;
  openJob: JobDetail | null;
  jobError: string | null;
  admin: AdminOutcome | null;

  load: () => Promise<void>;
  /** Mutations resolve with their answer or reject with an ApiError for the caller to show. */
  createWorkspace: (input: {
    name: string;
    connection_id: string;
    template: WorkspaceTemplate;
  }) => Promise<void>;
  openWorkspaceById: (id: string) => Promise<void>;
  refreshWorkspace: () => Promise<void>;
  deleteWorkspace: (id: string) => Promise<void>;
  runQuery: (query: string) => Promise<void>;
  skipChange: (ddlId: string) => Promise<string>;
  revertChange: (ddlId: string) => Promise<string>;
  deployWorkspace: () => Promise<Output<'workspaces.deploy'>>;
  /** Saves the settings given; resolves with a message for the form. */
  saveWorkspaceSettings: (change: WorkspaceSettingsUpdate) => Promise<string>;
  openBlueprintByName: (name: string, version?: string) => Promise<void>;
  /** Deletes a blueprint no tenant uses; resolves with the core's message. */
  deleteBlueprint: (name: string) => Promise<string>;
  createTenant: (input: Input<'tenants.create'>) => Promise<TenantRow>;
  /** Read-only: the databases and open sessions a suspend or delete of the tenant would end. */
  tenantImpact: (id: string) => Promise<Output<'tenants.impact'>>;
  suspendTenant: (id: string) => Promise<void>;
  resumeTenant: (id: string) => Promise<void>;
  restoreTenant: (id: string) => Promise<void>;
  softDeleteTenant: (id: string) => Promise<void>;
  hardDeleteTenant: (id: string, confirm: string) => Promise<void>;
  revealPassword: (id: string, blueprint: string) => Promise<Output<'tenants.reveal'>>;
  startDeployment: (input: Input<'deployments.create'>) => Promise<JobSummary>;
  openJobById: (id: string) => Promise<void>;
  retryJob: (id: string) => Promise<void>;
  runAdminQuery: (input: Input<'admin.query'>) => Promise<void>;
}

export type TenantsStore = StoreApi<TenantsState> & { dispose(): void };

/** Per-tenant outcomes of the open job are refetched at most this often while it runs. */
const JOB_REFRESH_MS = 300;
/** A burst of tenants.changed events (a deployment, 100 tenants created) becomes one reload. */
const RELOAD_AFTER_MS = 150;

export function createTenantsStore(client: ApiClient): TenantsStore {
  let loadSeq = 0;
  let workspaceSeq = 0;
  let blueprintSeq = 0;
  let jobSeq = 0;
  let querySeq = 0;
  let adminSeq = 0;
  let jobRefresh: ReturnType<typeof setTimeout> | null = null;
  let reload: ReturnType<typeof setTimeout> | null = null;

  const store = createStore<TenantsState>()((set, get) => {
    const fetchWorkspace = async (id: string): Promise<OpenWorkspace> => {
      const [detail, schema, diff, settings] = await Promise.all([
        client.call('workspaces.get', { id }),
        client.call('workspaces.schema', { id }),
        client.call('workspaces.diff', { id }),
        client.call('workspaces.settings', { id }),
      ]);
      return {
        detail,
        schema: { tables: schema.tables },
        changes: diff.changes,
        drift: diff.drift,
        settings,
      };
    };

    const loadTenants = async () => {
      const answer = await client.call('tenants.list');
      set({ tenants: answer.tenants });
    };

    /** After a tenant action: its new state in the list at once, the whole list behind it. */
    const upsertTenant = (t: TenantRow) =>
      set((s) => ({
        tenants: s.tenants.some((x) => x.tenant_id === t.tenant_id)
          ? s.tenants.map((x) => (x.tenant_id === t.tenant_id ? t : x))
          : [...s.tenants, t],
      }));

    const tenantAction =
      (method: 'tenants.suspend' | 'tenants.resume' | 'tenants.restore') => async (id: string) => {
        const { success: _ok, ...row } = await client.call(method, { id });
        upsertTenant(row);
      };

    return {
      workspaces: [],
      blueprints: [],
      tenants: [],
      jobs: [],
      loadStatus: 'idle',
      error: null,
      openWorkspace: null,
      workspaceError: null,
      query: null,
      openBlueprint: null,
      blueprintError: null,
      openJob: null,
      jobError: null,
      admin: null,

      async load() {
        const seq = ++loadSeq;
        set((s) => (s.loadStatus === 'ready' ? s : { loadStatus: 'loading' }));
        try {
          const [ws, bps, ts, jobs] = await Promise.all([
            client.call('workspaces.list'),
            client.call('blueprints.list'),
            client.call('tenants.list'),
            client.call('deployments.list'),
          ]);
          if (seq !== loadSeq) return;
          set({
            workspaces: ws.workspaces,
            blueprints: bps.blueprints,
            tenants: ts.tenants,
            jobs: jobs.jobs,
            loadStatus: 'ready',
            error: null,
          });
        } catch (err) {
          if (seq === loadSeq) set({ loadStatus: 'error', error: errorMessage(err) });
        }
      },

      async createWorkspace({ name, connection_id, template }) {
        const created = await client.call('workspaces.create', { name, connection_id });
        try {
          if (template !== 'empty') {
            await client.call('workspaces.importSchema', {
              id: created.id,
              source: 'template',
              template,
            });
          }
        } finally {
          // The workspace exists even when its template did not go in: show it either way.
          await Promise.all([get().load(), get().openWorkspaceById(created.id)]);
        }
      },

      async openWorkspaceById(id) {
        const seq = ++workspaceSeq;
        if (get().openWorkspace?.detail.id !== id) set({ query: null });
        try {
          const open = await fetchWorkspace(id);
          if (seq === workspaceSeq) set({ openWorkspace: open, workspaceError: null });
        } catch (err) {
          if (seq === workspaceSeq) set({ workspaceError: errorMessage(err) });
        }
      },

      async refreshWorkspace() {
        const id = get().openWorkspace?.detail.id;
        if (id) await get().openWorkspaceById(id);
      },

      async deleteWorkspace(id) {
        await client.call('workspaces.delete', { id });
        if (get().openWorkspace?.detail.id === id) set({ openWorkspace: null, query: null });
        await get().load();
      },

      async runQuery(query) {
        const id = get().openWorkspace?.detail.id;
        if (!id) return;
        const seq = ++querySeq;
        set({ query: { state: 'running' } });
        try {
          const result = await client.call('workspaces.query', { id, query });
          if (seq !== querySeq) return;
          set({ query: { state: 'done', result } });
          // DDL became a pending change and altered the schema tree.
          if (result.change) await get().refreshWorkspace();
        } catch (err) {
          if (seq === querySeq) set({ query: { state: 'failed', message: errorMessage(err) } });
        }
      },

      async skipChange(ddlId) {
        const id = get().openWorkspace?.detail.id;
        if (!id) return '';
        const answer = await client.call('workspaces.skipChange', { id, ddl_id: ddlId });
        await get().refreshWorkspace();
        return uiText(answer.message);
      },

      async revertChange(ddlId) {
        const id = get().openWorkspace?.detail.id;
        if (!id) return '';
        const answer = await client.call('workspaces.revertChange', { id, ddl_id: ddlId });
        await get().refreshWorkspace();
        return uiText(answer.message);
      },

      async deployWorkspace() {
        const id = get().openWorkspace?.detail.id;
        if (!id) throw new Error('Open a workspace first.');
        const answer = await client.call('workspaces.deploy', { id });
        await Promise.all([get().refreshWorkspace(), get().load()]);
        return answer;
      },

      async saveWorkspaceSettings(change) {
        const open = get().openWorkspace;
        if (!open) throw new Error('Open a workspace first.');
        const settings = await client.call('workspaces.configure', {
          id: open.detail.id,
          ...change,
        });
        if (get().openWorkspace?.detail.id === open.detail.id)
          set({ openWorkspace: { ...open, settings } });
        return 'Settings saved.';
      },

      async deleteBlueprint(name) {
        const done = await client.call('blueprints.delete', { name });
        // An opening still in flight (the change event's) is of a blueprint that is gone.
        blueprintSeq++;
        set((s) => ({
          blueprints: s.blueprints.filter((b) => b.name !== name),
          openBlueprint: s.openBlueprint?.name === name ? null : s.openBlueprint,
          blueprintError: null,
        }));
        return done.message;
      },

      async openBlueprintByName(name, version) {
        const seq = ++blueprintSeq;
        try {
          const [got, versions] = await Promise.all([
            client.call('blueprints.get', version ? { name, version } : { name }),
            client.call('blueprints.versions', { name }),
          ]);
          if (seq !== blueprintSeq) return;
          const { success: _ok, schema, ...summary } = got;
          set({
            openBlueprint: {
              name,
              version: version ?? summary.version,
              summary,
              schema,
              versions: versions.versions,
            },
            blueprintError: null,
          });
        } catch (err) {
          if (seq === blueprintSeq) set({ blueprintError: errorMessage(err) });
        }
      },

      async createTenant(input) {
        const { success: _ok, ...row } = await client.call('tenants.create', input);
        upsertTenant(row);
        await get().load();
        return row;
      },

      tenantImpact: (id) => client.call('tenants.impact', { id }),
      suspendTenant: tenantAction('tenants.suspend'),
      resumeTenant: tenantAction('tenants.resume'),
      restoreTenant: tenantAction('tenants.restore'),

      async softDeleteTenant(id) {
        await client.call('tenants.delete', { id, hard: false });
        await loadTenants();
      },

      async hardDeleteTenant(id, confirm) {
        await client.call('tenants.delete', { id, hard: true, confirm });
        set((s) => ({ tenants: s.tenants.filter((t) => t.tenant_id !== id) }));
        await get().load();
      },

      revealPassword: (id, blueprint) => client.call('tenants.reveal', { id, blueprint }),

      async startDeployment(input) {
        const job = await client.call('deployments.create', input);
        set((s) => ({ jobs: [job, ...s.jobs.filter((j) => j.job_id !== job.job_id)] }));
        await get().openJobById(job.job_id);
        return job;
      },

      async openJobById(id) {
        const seq = ++jobSeq;
        try {
          const job = await client.call('deployments.get', { id });
          if (seq === jobSeq) set({ openJob: job, jobError: null });
        } catch (err) {
          if (seq === jobSeq) set({ jobError: errorMessage(err) });
        }
      },

      async retryJob(id) {
        const job = await client.call('deployments.retry', { id });
        set((s) => ({ jobs: s.jobs.map((j) => (j.job_id === job.job_id ? job : j)) }));
        await get().openJobById(job.job_id);
      },

      async runAdminQuery(input) {
        const seq = ++adminSeq;
        set({ admin: { state: 'running' } });
        try {
          const result = await client.call('admin.query', input);
          if (seq === adminSeq) set({ admin: { state: 'done', result } });
        } catch (err) {
          if (seq === adminSeq) set({ admin: { state: 'failed', message: errorMessage(err) } });
        }
      },
    };
  });

  const refreshOpenJob = (id: string, finished: boolean) => {
    if (finished) {
      if (jobRefresh) clearTimeout(jobRefresh);
      jobRefresh = null;
      void store.getState().openJobById(id);
      return;
    }
    if (jobRefresh) return;
    jobRefresh = setTimeout(() => {
      jobRefresh = null;
      void store.getState().openJobById(id);
    }, JOB_REFRESH_MS);
  };

  const stopChanged = client.on('tenants.changed', (p) => {
    reload ??= setTimeout(() => {
      reload = null;
      void store.getState().load();
    }, RELOAD_AFTER_MS);
    const s = store.getState();
    if (p.kind === 'workspace' && s.openWorkspace?.detail.id === p.id) void s.refreshWorkspace();
    if (p.kind === 'blueprint' && s.openBlueprint?.name === p.id)
      void s.openBlueprintByName(p.id, s.openBlueprint.version);
  });

  const stopProgressed = client.on('deployments.progressed', (job) => {
    store.setState((s) => ({
      jobs: s.jobs.some((j) => j.job_id === job.job_id)
        ? s.jobs.map((j) => (j.job_id === job.job_id ? job : j))
        : [job, ...s.jobs],
      // The bar moves with every event; the per-tenant table follows a moment later.
      openJob: s.openJob?.job_id === job.job_id ? { ...s.openJob, ...job } : s.openJob,
    }));
    const finished = !ACTIVE_JOB_STATUSES.includes(job.status);
    if (store.getState().openJob?.job_id === job.job_id) refreshOpenJob(job.job_id, finished);
    // Tenants' versions changed; the blueprints' deployed_to may have too.
    if (finished) void store.getState().load();
  });

  return Object.assign(store, {
    dispose() {
      stopChanged();
      stopProgressed();
      if (jobRefresh) clearTimeout(jobRefresh);
      if (reload) clearTimeout(reload);
    },
  });
}
