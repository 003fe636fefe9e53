// The tenants store over the memory transport and a real core: first load, the core's events
// (deployment progress, changes) reaching the lists, and API errors kept as readable messages.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobSummary } from '../../../shared/contract/tenants';
import { createTenantsStore, type TenantsStore } from '../../../renderer/src/stores/tenants-store';
import { createHarness, type Harness, until } from './harness';

let h: Harness;
let store: TenantsStore;

const job = (over: Partial<JobSummary> = {}): JobSummary => ({
  job_id: 'dep_unit',
  blueprint_id: 'fintech',
  version: '1.1',
  status: 'running',
  progress: 50,
  progress_display: '50%',
  total_tenants: 2,
  completed_tenants: 1,
  failed_tenants: 0,
  drifted_tenants: 0,
  parallelism: 2,
  error_policy: 'continue',
  max_failures: 1,
  message: null,
  started_at: '2026-01-01T00:00:00.000Z',
  completed_at: null,
  ...over,
});

beforeEach(() => {
  h = createHarness();
  store = createTenantsStore(h.client);
});

afterEach(async () => {
  store.dispose();
  await h.cleanup();
});

describe('tenants store', () => {
  it('loads the four lists of an empty data directory', async () => {
    await store.getState().load();
    expect(store.getState()).toMatchObject({
      loadStatus: 'ready',
      error: null,
      workspaces: [],
      blueprints: [],
      tenants: [],
      jobs: [],
    });
  });

  it('adds a job it has not seen from deployments.progressed and then moves it along', async () => {
    await store.getState().load();
    h.core.events.emit('deployments.progressed', job());
    expect(store.getState().jobs.map((j) => [j.job_id, j.progress])).toEqual([['dep_unit', 50]]);
    h.core.events.emit('deployments.progressed', job({ progress: 100, completed_tenants: 2 }));
    expect(store.getState().jobs).toHaveLength(1);
    expect(store.getState().jobs[0]?.completed_tenants).toBe(2);
  });

  it('drops an event payload that does not match the contract', async () => {
    await store.getState().load();
    h.core.events.emit('deployments.progressed', { job_id: 'broken' } as unknown as JobSummary);
    expect(store.getState().jobs).toEqual([]);
  });

  it('reloads its lists when the core says tenants changed', async () => {
    await store.getState().load();
    // A job the server does not know: the reload the event triggers replaces the list.
    store.setState({ jobs: [job()] });
    h.core.events.emit('tenants.changed', { kind: 'tenant', id: 'acme' });
    await until(store, (s) => s.jobs.length === 0);
  });

  it('rejects a workspace name that is not a safe identifier, with the rule in words', async () => {
    await expect(
      store.getState().createWorkspace({
        name: 'x; DROP DATABASE test',
        connection_id: '00000000-0000-4000-8000-000000000000',
        template: 'fintech',
      }),
    ).rejects.toThrow(/workspace name must be a safe identifier/);
    expect(store.getState().workspaces).toEqual([]);
  });

  it('keeps a readable error when a workspace cannot be opened', async () => {
    await store.getState().openWorkspaceById('nosuch');
    expect(store.getState().openWorkspace).toBeNull();
    expect(store.getState().workspaceError).toMatch(/nosuch/);
  });

  it('shows an admin query refused by the core as a failed outcome', async () => {
    await store.getState().runAdminQuery({ query: 'SELECT 1' });
    const admin = store.getState().admin;
    expect(admin?.state).toBe('failed');
    expect(admin?.state === 'failed' && admin.message.length).toBeGreaterThan(10);
  });
});
