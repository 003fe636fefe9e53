// Runs in each composition root (Electron main, headless server, CLI). Builds the core services
// from their ports and returns the contract's handlers; nothing here knows about a transport.
import { AppError } from '../../shared/errors';
import { requireSql } from '../../shared/model/connection';
import { join } from 'node:path';
import { accountHandlers } from './accounts/handlers';
import { ProjectResources, scopeHandlers } from './accounts/project-scope';
import { AccountService } from './accounts/service';
import { ACTIVE_STATUSES } from '../../shared/contract/benchmarks';
import type { Handlers } from '../../shared/contract';
import { BenchmarkEngine } from './benchmark/engine';
import { benchmarkHandlers } from './benchmark/handlers';
import type { WorkerScriptResolver } from './benchmark/worker-script';
import { ConnectionRepository } from './connections/repository';
import { connectionHandlers } from './connections/handlers';
import { ConnectionService } from './connections/service';
import { ConnectionImporter } from './connections/import/importer';
import { connectionTransferHandlers } from './connections/transfer-handlers';
import { dbMetricsHandlers } from './db-metrics/handlers';
import { DbMetricsService } from './db-metrics/service';
import { hostMetricsHandlers } from './host-metrics/handlers';
import { HostMetricsService } from './host-metrics/service';
import { RunServerMetricsStore } from './results/server-metrics';
import { createEventBus, type EventBus } from './events';
import { Journal, type StepBarrier } from './journal/journal';
import { runRecovery, type RecoveryReport } from './journal/recovery';
import { reconcileKeyspaceUsers } from './tenants/tenants/keyspace-users';
import { keyspaceDebrisSweepers } from './tenants/keyspace-debris';
import { WorkspaceRepository } from './tenants/store/workspace-repo';
import { staleTempFileSweeper } from './journal/temp-files';
import type { Logger } from './logging/logger';
import { metricsHandlers } from './metrics/handlers';
import { profileHandlers } from './profiles/handlers';
import { ProfileStore } from './profiles/store';
import { MetricsService } from './metrics/service';
import { dataPaths, type DataPaths } from './paths';
import { planHandlers } from './plans/handlers';
import { PlanService } from './plans/service';
import { PlanRepository } from './plans/repository';
import { resultsHandlers } from './results/handlers';
import { ResultsService } from './results/service';
import { sandboxHandlers } from './sandbox/handlers';
import { guardSandboxTest } from './sandbox/test-guard';
import type { DesktopNotifier } from './scheduler/notify';
import { schedulerHandlers } from './scheduler/handlers';
import type { Scheduler } from './scheduler/service';
import { createScheduler } from './scheduler/wiring';
import { SandboxService } from './sandbox/service';
import { settingsHandlers } from './settings/handlers';
import { AppSettingsService } from './settings/service';
import { watchSettings } from './settings/settings-watch';
import { createSandboxSecretStore } from './secrets/sandbox-file';
import type { SecretStoreChoice } from './secrets/select';
import { EventLoopWatch } from './health/event-loop';
import { openDatabase, type Db } from './store/database';
import { ownDataDir, prepareDataDir, tryOwnDataDir } from './store/data-dir';
import type { HeldLock } from './store/lock-file';
import { BackupCatalog } from './tenant-ops/backups/catalog';
import { TenantBackups } from './tenant-ops/backups/service';
import { TenantLogs } from './tenant-ops/logs/service';
import { ImportStore } from './tenant-ops/import/store';
import { TenantImports } from './tenant-ops/import/service';
import { TenantIsolation } from './tenant-ops/isolation/service';
import { DedicatedServers } from './tenant-ops/dedicated/service';
import { connectionCreateSchema } from '../../shared/model/connection';
import { QueryLogStore } from './tenant-ops/logs/store';
import { tenantOpsHandlers } from './tenant-ops/handlers';
import { tenantHandlers } from './tenants/handlers';
import { Servers } from './tenants/servers';
import { inlineParams } from './tenants/inline-source';
import { DeploymentGate } from './tenant-ops/gate/gate';
import { TenantRepository } from './tenants/store/tenant-repo';
import { WorkspaceSettingsStore } from './tenants/workspaces/settings';
import { Tenants } from './tenants/service';

export interface CoreOptions {
  dataDir: string;
  logger: Logger;
  secrets: SecretStoreChoice;
  version: string;
  /** Start the host metrics sampler (the app and the server do; tests and the CLI do not). */
  startSampler?: boolean;
  /** Start firing scheduled tasks (the app and the server do; tests and the CLI do not). */
  startScheduler?: boolean;
  /** The shell's desktop notification for failed or regressed scheduled executions. */
  notify?: DesktopNotifier;
  /** Where the benchmark worker script lives (defaults to the bundle's or the source's own). */
  benchmarkWorker?: WorkerScriptResolver;
  /**
   * `owner` (default: the app, the server, long CLI commands) holds the data directory's lock
   * for the core's life and refuses to start beside a live owner. `shared` (one-shot CLI
   * commands) runs beside one: it takes the lock only for the start-up recovery, and skips that
   * recovery (and any file upgrade) when a live owner holds it.
   */
  access?: 'owner' | 'shared';
  /** How the lock names this process to another that finds it taken ("benchphant serve"). */
  purpose?: string;
  /** Crash tests only: called at every crash point of a journaled operation. */
  stepBarrier?: StepBarrier;
}

export interface Core {
  /** For callers at this machine: the desktop app (IPC) and the CLI. */
  handlers: Handlers;
  /**
   * For callers over the network (the server's REST and WebSocket): the same operations, but
   * nothing reads a file of this machine that the caller did not send (a path, a default file).
   */
  remoteHandlers: Handlers;
  events: EventBus;
  paths: DataPaths;
  connections: ConnectionService;
  sandbox: SandboxService;
  metrics: MetricsService;
  benchmarks: BenchmarkEngine;
  scheduler: Scheduler;
  dbMetrics: DbMetricsService;
  journal: Journal;
  /** The start-up recovery pass (operations a crash cut short, then debris); never rejects. */
  recovery: Promise<RecoveryReport>;
  /** Accounts and the credentials that stand for them (JWT, API keys). */
  accounts: AccountService;
  hostMetrics: HostMetricsService;
  /** The theme and the benchmark defaults; `benchDefaults()` is what a new run starts from. */
  settings: AppSettingsService;
  /** Stops the sandbox and closes the store; safe to call twice. */
  close(): Promise<void>;
}

export function createCore(opts: CoreOptions): Core {
  const paths = dataPaths(opts.dataDir);
  prepareDataDir(paths);
  const purpose = opts.purpose ?? 'Benchphant';
  const shared = opts.access === 'shared';
  const lock = shared ? tryOwnDataDir(paths, purpose) : ownDataDir(paths, purpose);
  try {
    const core = buildCore(opts, paths, lock);
    // A shared core has done its recovery: the lock is free for an owner that starts meanwhile.
    if (shared) lock?.release();
    return core;
  } catch (err) {
    lock?.release();
    throw err;
  }
}

/** `lock` is null beside a live owner: then nothing that process may be doing is recovered. */
function buildCore(opts: CoreOptions, paths: DataPaths, lock: HeldLock | null): Core {
  const recover = lock !== null;
  const db: Db = openDatabase(paths.database, undefined, { upgrade: recover });
  const events = createEventBus((err) => opts.logger.error('event listener failed', err));
  const journal = new Journal({ db, logger: opts.logger, barrier: opts.stepBarrier });
  const connections = new ConnectionService({
    repo: new ConnectionRepository(db),
    secrets: opts.secrets.store,
    sandboxSecrets: createSandboxSecretStore(join(paths.sandbox, 'password.json')),
    events,
    logger: opts.logger,
    knownHostsFile: `${paths.root}/known_hosts`,
  });
  const sandbox = new SandboxService({
    dir: paths.sandbox,
    connections,
    events,
    logger: opts.logger,
  });
  const loop = new EventLoopWatch(opts.logger);
  const settings = new AppSettingsService({ db, events, logger: opts.logger });
  const metrics = new MetricsService({ db, events, logger: opts.logger, dataDir: paths.root });
  if (opts.startSampler) metrics.start();
  const benchmarks = new BenchmarkEngine({
    db,
    events,
    logger: opts.logger,
    connection: (id) => connections.get(id),
    resolveParams: (id) => connections.resolveParams(id, 'Benchmarks'),
    workerScript: opts.benchmarkWorker,
    recover,
    agentHost: async (id) => {
      const c = connections.get(id);
      const tunnel = await connections.monitorTunnel(id);
      const host = c.ssh ?? c.monitor_ssh;
      if (!tunnel || !host)
        throw new AppError(
          'BAD_INPUT',
          `'${c.name}' has no SSH settings: the ssh launcher reaches load hosts through a connection's SSH (or monitoring SSH) settings.`,
        );
      const at = host.user ? `${host.user}@` : '';
      return { label: `${at}${host.host}:${host.port ?? 22} ('${c.name}')`, shell: tunnel };
    },
  });
  const plans = new PlanService({ db, events, logger: opts.logger, engine: benchmarks, recover });
  const planRuns = new PlanRepository(db);
  // Reads the per-connection series the database and host samplers below write.
  // The samplers' own stores (made below): they hold the samples not yet written.
  const runServerMetrics = new RunServerMetricsStore(db, {
    get database() {
      return dbMetrics.store;
    },
    get host() {
      return hostMetrics.store;
    },
  });
  const results = new ResultsService({
    db,
    hostMetrics: (id) => metrics.queries.run(id).data_points,
    serverMetrics: (id) => runServerMetrics.get(id),
    agents: (id) => benchmarks.agents(id),
    connection: (id) => requireSql(connections.get(id), 'Benchmarks'),
    planOf: (id) => planRuns.repetitionGroup(id),
    version: opts.version,
  });

  // Tenant operations read the tenants' store and reach their servers through the same doors.
  const tenantRepo = new TenantRepository(db);
  // Tenant operations ask for a key-space tenancy first (Redis) and reach SQL servers otherwise;
  // an SQL path handed a Redis connection (an import from Redis into an SQL workspace) answers a
  // clear BAD_INPUT.
  const tenantOpsFeature = 'Copies between SQL databases and Redis';
  const tenantServers = new Servers({
    connection: (id) => requireSql(connections.get(id), tenantOpsFeature),
    resolveParams: (id) => connections.resolveParams(id, tenantOpsFeature),
    anyConnection: (id) => connections.get(id),
    resolveEngineParams: (id) => connections.resolveEngineParams(id),
    instanceTag: () => journal.instanceTag(),
  });
  const queryLog = new QueryLogStore(db, (s) => events.emit('tenantLogs.configured', s));
  // The owner applies settings a one-shot command (`benchphant settings set`) stores beside it.
  const settingsWatch =
    opts.access === 'shared' ? null : watchSettings(db, [settings, metrics, queryLog], opts.logger);
  const workspaceSettings = new WorkspaceSettingsStore(
    db,
    () => queryLog.getSettings().slow_query_ms,
  );
  const tenantLogs = new TenantLogs({
    store: queryLog,
    tenants: tenantRepo,
    servers: tenantServers,
    slowQueryMs: (id) => workspaceSettings.slowQueryMsOfTenant(id),
  });
  const tenants = new Tenants({
    db,
    events,
    logger: opts.logger,
    secrets: opts.secrets.store,
    journal,
    settings: workspaceSettings,
    // SQL paths reach only SQL connections; an engine whose tenants are key spaces (Redis) is
    // reached through anyConnection and its engine's KeyspaceTenancy.
    connection: (id) => requireSql(connections.get(id), 'Workspaces and tenants'),
    resolveParams: (id) => connections.resolveParams(id, 'Workspaces and tenants'),
    anyConnection: (id) => connections.get(id),
    resolveEngineParams: (id) => connections.resolveEngineParams(id),
    wrap: (client, connectionId, database) => tenantLogs.wrap(client, connectionId, database),
    logCommand: (connectionId, database, e) => tenantLogs.logCommand(connectionId, database, e),
    recover,
  });
  tenants.deployments.useGate(
    new DeploymentGate({
      db,
      events,
      logger: opts.logger,
      connection: (id) => connections.get(id),
      servers: tenantServers,
      profiles: new ProfileStore(db),
      workerScript: opts.benchmarkWorker,
    }),
  );
  const backups = new TenantBackups({
    catalog: new BackupCatalog(db),
    tenants: tenantRepo,
    servers: tenantServers,
    events,
    logger: opts.logger,
    journal,
    dir: paths.backups,
  });
  const imports = new TenantImports({
    store: new ImportStore(db),
    tenants,
    tenantRepo,
    servers: tenantServers,
    events,
    logger: opts.logger,
    recover,
    journal,
  });
  const isolation = new TenantIsolation({
    tenants,
    repo: tenantRepo,
    servers: tenantServers,
    events,
    logger: opts.logger,
    journal,
    dir: join(paths.root, 'moves'),
  });

  const dedicated = new DedicatedServers({
    tenants,
    repo: tenantRepo,
    servers: tenantServers,
    isolation,
    journal,
    events,
    logger: opts.logger,
    saveConnection: async (c, name) => {
      const made = await connections.create(
        connectionCreateSchema.parse({
          name,
          ...inlineParams(c),
          description: 'Attached by POST /webhooks/vm-ready as a tenant’s dedicated server.',
        }),
      );
      return made.id;
    },
  });

  const scheduler = createScheduler({
    db,
    events,
    logger: opts.logger,
    secrets: opts.secrets.store,
    connections,
    benchmarks,
    profiles: new ProfileStore(db),
    results,
    tenants: tenantRepo,
    backups,
    notify: opts.notify,
  });
  if (opts.startScheduler) scheduler.start();

  const dbMetrics = new DbMetricsService({
    db,
    events,
    logger: opts.logger,
    resolveParams: (id) => connections.resolveParams(id, 'Database metrics'),
    requireConnection: (id) => void connections.get(id),
  });
  const hostMetrics = new HostMetricsService({
    db,
    events,
    logger: opts.logger,
    sshHost: (id) => {
      const c = connections.get(id);
      return c.ssh?.host ?? c.monitor_ssh?.host ?? null;
    },
    revision: (id) => connections.get(id).updated_at,
    shell: async (id) => {
      const tunnel = await connections.monitorTunnel(id);
      if (!tunnel) throw new AppError('BAD_INPUT', 'This connection does not go through SSH.');
      return tunnel;
    },
  });
  // A run watches its database: samples every second, tagged with the run, for its whole life.
  const runWatches = new Map<string, { release: () => void; connectionId: string }>();
  events.subscribe((e) => {
    if (e.event !== 'runs.progressed') return;
    const active = ACTIVE_STATUSES.includes(e.payload.status);
    const held = runWatches.get(e.payload.id);
    if (active && !held) {
      const connectionId = benchmarks.get(e.payload.id).connection_id;
      const releaseDb = dbMetrics.watch(connectionId);
      const releaseHost = hostMetrics.watch(connectionId);
      const release = () => {
        releaseDb();
        releaseHost();
      };
      runWatches.set(e.payload.id, { release, connectionId });
      dbMetrics.setRun(connectionId, e.payload.id);
      hostMetrics.setRun(connectionId, e.payload.id);
    } else if (!active && held) {
      runWatches.delete(e.payload.id);
      dbMetrics.setRun(held.connectionId, null);
      hostMetrics.setRun(held.connectionId, null);
      held.release();
      // Kept with the run: the raw seconds its figures come from are pruned after a day.
      try {
        runServerMetrics.save(e.payload.id);
      } catch (err) {
        opts.logger.warn(`server metrics of run ${e.payload.id} not saved: ${String(err)}`);
      }
    }
  });
  // Operations a crash cut short are completed or undone before their debris is swept. Only by
  // the data directory's owner: a one-shot command must not reach out to every tenant server.
  const recovery =
    recover && opts.access !== 'shared'
      ? runRecovery(
          journal,
          [
            ...backups.sweepers(),
            isolation.sweeper(),
            staleTempFileSweeper(paths.root),
            ...keyspaceDebrisSweepers({
              servers: tenantServers,
              journal,
              connectionIds: () => [
                ...tenantRepo.allDatabases().map((d) => d.connection_id),
                ...new WorkspaceRepository(db).list().map((w) => w.connection_id),
              ],
              logger: opts.logger,
            }),
          ],
          opts.logger,
        ).then(async (report) => {
          // A Redis server restarted without an ACL file has forgotten its tenant users.
          await reconcileKeyspaceUsers({
            repo: tenantRepo,
            servers: tenantServers,
            secrets: opts.secrets.store,
            logger: opts.logger,
          });
          return report;
        })
      : Promise.resolve<RecoveryReport>({ recovered: 0, failed: 0, swept: [] });

  // Host samples taken during a run carry its id (and come every second), so the run's page can
  // show the machine beside its figures.
  events.subscribe((e) => {
    if (e.event !== 'runs.progressed') return;
    const active = ACTIVE_STATUSES.includes(e.payload.status);
    if (active && metrics.currentRun !== e.payload.id) metrics.setActiveRun(e.payload.id);
    if (!active && metrics.currentRun === e.payload.id) metrics.setActiveRun(null);
  });

  const importer = new ConnectionImporter({ connections, logger: opts.logger });
  const accounts = new AccountService({ db, secrets: opts.secrets.store, logger: opts.logger });
  const projects = new ProjectResources(db);

  // One spread per domain: adding a domain to the contract without its handlers fails to compile.
  const connectionOps = connectionHandlers(connections);
  const local: Handlers = {
    ...connectionOps,
    'connections.testSaved': guardSandboxTest(
      connectionOps['connections.testSaved'],
      connections,
      sandbox,
    ),
    ...connectionTransferHandlers(connections, importer, 'local'),
    ...sandboxHandlers(sandbox, {
      version: opts.version,
      data_dir: paths.root,
      secret_store: opts.secrets.store?.kind ?? 'none',
      secret_store_message: opts.secrets.message,
    }),
    'app.health': async () => loop.health(),
    ...metricsHandlers(metrics, (id) => benchmarks.exists(id)),
    ...benchmarkHandlers(benchmarks),
    ...planHandlers(plans),
    ...resultsHandlers(results),
    ...profileHandlers(new ProfileStore(db)),
    ...tenantHandlers(tenants),
    ...tenantOpsHandlers(backups, tenantLogs, imports, isolation, dedicated),
    ...schedulerHandlers(scheduler),
    ...dbMetricsHandlers(dbMetrics, hostMetrics),
    ...hostMetricsHandlers(hostMetrics),
    ...settingsHandlers(settings),
    ...accountHandlers(accounts, { db, version: opts.version, projects }),
  };
  // An API key sees only its project: the scope wraps every handler, on every transport.
  const handlers: Handlers = scopeHandlers(local, projects);
  const remoteHandlers: Handlers = scopeHandlers(
    { ...local, ...connectionTransferHandlers(connections, importer, 'remote') },
    projects,
  );

  let closed = false;
  return {
    handlers,
    remoteHandlers,
    events,
    paths,
    connections,
    sandbox,
    metrics,
    settings,
    benchmarks,
    scheduler,
    dbMetrics,
    journal,
    recovery,
    accounts,
    hostMetrics,
    async close() {
      if (closed) return;
      closed = true;
      // The scheduler stops firing at once; a benchmark task under way ends when its run is cancelled below.
      const schedulerClosed = scheduler.close();
      await recovery;
      loop.close();
      await plans.close();
      await benchmarks
        .close()
        .catch((err: unknown) => opts.logger.error('benchmark stop failed', err));
      await schedulerClosed;
      settingsWatch?.stop();
      metrics.stop();
      await dbMetrics.close();
      await hostMetrics.close();
      await imports.close().catch((err: unknown) => opts.logger.error('imports stop failed', err));
      await tenants.close().catch((err: unknown) => opts.logger.error('tenants stop failed', err));
      await connections
        .close()
        .catch((err: unknown) => opts.logger.error('tunnels close failed', err));
      await sandbox.stop().catch((err: unknown) => opts.logger.error('sandbox stop failed', err));
      db.close();
      lock?.release();
    },
  };
}
