// Runs in the renderer. Hands the domain stores to components; components read them through
// narrow selectors and never call the API themselves.
import { createContext, type ReactNode, useContext } from 'react';
import { useStore } from 'zustand';
import { type BenchDefaults, DEFAULT_APP_SETTINGS } from '../../../shared/contract/settings';
import type { AccountState } from '../stores/account-store';
import type { AgentsState } from '../stores/agents-store';
import type { AppInfoState } from '../stores/app-info-store';
import type { BenchmarksStore } from '../stores/benchmarks-store';
import type { ConnectionsState } from '../stores/connections-store';
import type { DbMonitorState } from '../stores/db-monitor-store';
import type { LinkState } from '../stores/link-store';
import type { MetricsState } from '../stores/metrics-store';
import type { PlansStore } from '../stores/plans-store';
import type { ProfilesState } from '../stores/profiles-store';
import type { ResultsStore } from '../stores/results-store';
import type { RunPageStore } from '../stores/run-page-store';
import type { RunServerMetricsStore } from '../stores/run-server-metrics-store';
import type { SandboxState } from '../stores/sandbox-store';
import type { SchedulerStore } from '../stores/scheduler-store';
import type { SettingsState } from '../stores/settings-store';
import type { Stores } from '../stores/stores';
import type { TenantOpsStore } from '../stores/tenant-ops-store';
import type { TenantsStore } from '../stores/tenants-store';

const StoresContext = createContext<Stores | null>(null);

export function StoresProvider({ stores, children }: { stores: Stores; children: ReactNode }) {
  return <StoresContext.Provider value={stores}>{children}</StoresContext.Provider>;
}

function useStores(): Stores {
  const stores = useContext(StoresContext);
  if (!stores) throw new Error('StoresProvider is missing above this component');
  return stores;
}

export const useConnections = <T,>(selector: (s: ConnectionsState) => T): T =>
  useStore(useStores().connections, selector);
export const useSandbox = <T,>(selector: (s: SandboxState) => T): T =>
  useStore(useStores().sandbox, selector);
export const useAppInfo = <T,>(selector: (s: AppInfoState) => T): T =>
  useStore(useStores().appInfo, selector);
export const useLink = <T,>(selector: (s: LinkState) => T): T =>
  useStore(useStores().link, selector);
export const useProfiles = <T,>(selector: (s: ProfilesState) => T): T =>
  useStore(useStores().profiles, selector);
export const useMetrics = <T,>(selector: (s: MetricsState) => T): T =>
  useStore(useStores().metrics, selector);
export const useDbMonitor = <T,>(selector: (s: DbMonitorState) => T): T =>
  useStore(useStores().dbMonitor, selector);
/** The Benchmarks screen's components share one store and select from it themselves. */
export const useBenchmarksStore = (): BenchmarksStore => useStores().benchmarks;
/** The agents of the distributed run on screen. */
export const useAgents = <T,>(selector: (s: AgentsState) => T): T =>
  useStore(useStores().agents, selector);
/** The Run plan panel's store. */
export const usePlansStore = (): PlansStore => useStores().plans;
/** Likewise the Results screen's. */
export const useResultsStore = (): ResultsStore => useStores().results;
/** A run's page. */
export const useRunPageStore = (): RunPageStore => useStores().runPage;

export const useRunServerMetricsStore = (): RunServerMetricsStore => useStores().runServerMetrics;
/** And the Tenants screen's. */
export const useTenantsStore = (): TenantsStore => useStores().tenants;
/** A tenant's details panel and the import wizard. */
export const useTenantOpsStore = (): TenantOpsStore => useStores().tenantOps;
/** The Schedules screen's. */
export const useSchedulerStore = (): SchedulerStore => useStores().scheduler;
/** The logged-in account, its projects and API keys. */
export const useAccount = <T,>(selector: (s: AccountState) => T): T =>
  useStore(useStores().account, selector);
/** The Settings screen's values. */
export const useSettings = <T,>(selector: (s: SettingsState) => T): T =>
  useStore(useStores().settings, selector);
/**
 * What a new benchmark run starts from (clients, duration, warm-up, report interval, schema):
 * the saved defaults, or the built-in ones until they have loaded. A change in Settings re-renders.
 */
export const useBenchDefaults = (): BenchDefaults =>
  useStore(
    useStores().settings,
    (s) => s.app?.bench_defaults ?? DEFAULT_APP_SETTINGS.bench_defaults,
  );
