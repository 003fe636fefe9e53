// Runs in the renderer. Builds every domain store over one client, loads them, and reloads them
// when a dropped link comes back (events sent while it was down are lost).
import type { ApiClient } from '../api/client';
import { type AccountStore, createAccountStore } from './account-store';
import { type AgentsStore, createAgentsStore } from './agents-store';
import { type AppInfoStore, createAppInfoStore } from './app-info-store';
import { type BenchmarksStore, createBenchmarksStore } from './benchmarks-store';
import { type ConnectionsStore, createConnectionsStore } from './connections-store';
import { createLinkStore, type LinkStore } from './link-store';
import { createDbMonitorStore, type DbMonitorStore } from './db-monitor-store';
import { createMetricsStore, type MetricsStore } from './metrics-store';
import { createPlansStore, type PlansStore } from './plans-store';
import { createProfilesStore, type ProfilesStore } from './profiles-store';
import { createResultsStore, type ResultsStore } from './results-store';
import { createRunPageStore, type RunPageStore } from './run-page-store';
import {
  createRunServerMetricsStore,
  type RunServerMetricsStore,
} from './run-server-metrics-store';
import { createSandboxStore, type SandboxStore } from './sandbox-store';
import { createSchedulerStore, type SchedulerStore } from './scheduler-store';
import { createSettingsStore, type SettingsStore } from './settings-store';
import { createTenantOpsStore, type TenantOpsStore } from './tenant-ops-store';
import { createTenantsStore, type TenantsStore } from './tenants-store';

export interface Stores {
  connections: ConnectionsStore;
  sandbox: SandboxStore;
  appInfo: AppInfoStore;
  link: LinkStore;
  metrics: MetricsStore;
  dbMonitor: DbMonitorStore;
  benchmarks: BenchmarksStore;
  plans: PlansStore;
  profiles: ProfilesStore;
  results: ResultsStore;
  runPage: RunPageStore;
  runServerMetrics: RunServerMetricsStore;
  tenants: TenantsStore;
  tenantOps: TenantOpsStore;
  scheduler: SchedulerStore;
  account: AccountStore;
  agents: AgentsStore;
  settings: SettingsStore;
  /** Loads every store; resolves when each has an answer, good or bad. */
  loadAll(): Promise<void>;
  dispose(): void;
}

export function createStores(client: ApiClient): Stores {
  const connections = createConnectionsStore(client);
  const sandbox = createSandboxStore(client);
  const appInfo = createAppInfoStore(client);
  const link = createLinkStore(client);
  // Not in loadAll: the Monitor loads it when opened; its live buffer fills from events meanwhile.
  const metrics = createMetricsStore(client);
  // A connection's dashboard: opened by the Monitor, which keeps its lease while it shows it.
  const dbMonitor = createDbMonitorStore(client);
  // Likewise loaded by its screen; run progress events keep it current meanwhile.
  const benchmarks = createBenchmarksStore(client);
  // Loaded by the Run plan panel; plans.progressed keeps its open plan current.
  const plans = createPlansStore(client);
  // Loaded by the New run form when it opens.
  const profiles = createProfilesStore(client);
  // Loaded by the Results screen; finished runs reload its list meanwhile.
  const results = createResultsStore(client);
  // Loaded by a run's page when it opens; follows that run's progress events.
  const runPage = createRunPageStore(client);
  // Loaded by a run page's database-and-server section.
  const runServerMetrics = createRunServerMetricsStore(client);
  // Loaded by the Tenants screen; tenants.changed and deployment events keep it current.
  const tenants = createTenantsStore(client);
  // Loaded by a tenant's details panel when it opens; backup and import events keep it current.
  const tenantOps = createTenantOpsStore(client);
  // Loaded by the Schedules screen; scheduler.changed keeps it current.
  const scheduler = createSchedulerStore(client);
  // Loaded by the account menu, which every screen shows; Settings reloads it for its API keys.
  const account = createAccountStore(client);
  // Loaded by the agents panel of a distributed run while it is on screen.
  const agents = createAgentsStore(client);
  // Loaded with the first screen: the theme applies before anything else is looked at.
  const settings = createSettingsStore(client);
  const loadAll = async () => {
    await Promise.all([
      connections.getState().load(),
      sandbox.getState().load(),
      appInfo.getState().load(),
      settings.getState().load(),
    ]);
  };
  const stopReloading = link.subscribe((now, before) => {
    if (before.lost && !now.lost) void loadAll();
  });
  return {
    connections,
    sandbox,
    appInfo,
    link,
    metrics,
    dbMonitor,
    benchmarks,
    plans,
    profiles,
    results,
    runPage,
    runServerMetrics,
    tenants,
    tenantOps,
    scheduler,
    account,
    agents,
    settings,
    loadAll,
    dispose() {
      stopReloading();
      link.dispose();
      connections.dispose();
      sandbox.dispose();
      metrics.dispose();
      dbMonitor.dispose();
      benchmarks.dispose();
      plans.dispose();
      results.dispose();
      runPage.dispose();
      tenants.dispose();
      tenantOps.dispose();
      scheduler.dispose();
      settings.dispose();
    },
  };
}
