// Runs in each composition root (Electron main, headless server, CLI). Builds the core services
// from their ports and returns the contract's handlers; nothing here knows about a transport.
import { join } from 'node:path';
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
import { createEventBus, type EventBus } from './events';
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
import { SandboxService } from './sandbox/service';
import type { SecretStoreChoice } from './secrets/select';
import { EventLoopWatch } from './health/event-loop';
import { openDatabase, type Db } from './store/database';
import { BackupCatalog } from './tenant-ops/backups/catalog';
import { TenantBackups } from './tenant-ops/backups/service';
import { TenantLogs } from './tenant-ops/logs/service';
import { ImportStore } from './tenant-ops/import/store';
import { TenantImports } from './tenant-ops/import/service';
import { TenantIsolation } from './tenant-ops/isolation/service';
import { QueryLogStore } from './tenant-ops/logs/store';
import { tenantOpsHandlers } from './tenant-ops/handlers';
import { tenantHandlers } from './tenants/handlers';
import { Servers } from './tenants/servers';
import { DeploymentGate } from './tenant-ops/gate/gate';
import { TenantRepository } from './tenants/store/tenant-repo';
import { Tenants } from './tenants/service';

export interface CoreOptions {
  dataDir: string;
  logger: Logger;
  secrets: SecretStoreChoice;
  version: string;
  /** Start the host metrics sampler (the app and the server do; tests and the CLI do not). */
  startSampler?: boolean;
  /** Where the benchmark worker script lives (defaults to the bundle's or the source's own). */
  benchmarkWorker?: WorkerScriptResolver;
}

export interface Core {
  handlers: Handlers;
  events: EventBus;
  paths: DataPaths;
  connections: ConnectionService;
  sandbox: SandboxService;
  metrics: MetricsService;
  benchmarks: BenchmarkEngine;
  /** Stops the sandbox and closes the store; safe to call twice. */
  close(): Promise<void>;
}

export function createCore(opts: CoreOptions): Core {
  const paths = dataPaths(opts.dataDir);
  const db: Db = openDatabase(paths.database);
  const events = createEventBus((err) => opts.logger.error('event listener failed', err));
  const connections = new ConnectionService({
    repo: new ConnectionRepository(db),
    secrets: opts.secrets.store,
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
  const metrics = new MetricsService({ db, events, logger: opts.logger, dataDir: paths.root });
  if (opts.startSampler) metrics.start();
  const benchmarks = new BenchmarkEngine({
    db,
    events,
    logger: opts.logger,
    connection: (id) => connections.get(id),
    resolveParams: (id) => connections.resolveParams(id),
    workerScript: opts.benchmarkWorker,
  });
  const plans = new PlanService({ db, events, logger: opts.logger, engine: benchmarks });
  const planRuns = new PlanRepository(db);
  const results = new ResultsService({
    db,
    hostMetrics: (id) => metrics.queries.run(id).data_points,
    connection: (id) => connections.get(id),
    planOf: (id) => planRuns.repetitionGroup(id),
    version: opts.version,
  });

  // Tenant operations read the tenants' store and reach their servers through the same doors.
  const tenantRepo = new TenantRepository(db);
  const tenantServers = new Servers({
    connection: (id) => connections.get(id),
    resolveParams: (id) => connections.resolveParams(id),
  });
  const tenantLogs = new TenantLogs({
    store: new QueryLogStore(db),
    tenants: tenantRepo,
    servers: tenantServers,
  });
  const tenants = new Tenants({
    db,
    events,
    logger: opts.logger,
    secrets: opts.secrets.store,
    connection: (id) => connections.get(id),
    resolveParams: (id) => connections.resolveParams(id),
    wrap: (client, connectionId, database) => tenantLogs.wrap(client, connectionId, database),
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
    dir: paths.backups,
  });
  const imports = new TenantImports({
    store: new ImportStore(db),
    tenants,
    tenantRepo,
    servers: tenantServers,
    events,
    logger: opts.logger,
  });
  const isolation = new TenantIsolation({
    tenants,
    repo: tenantRepo,
    servers: tenantServers,
    events,
    logger: opts.logger,
    dir: join(paths.root, 'moves'),
  });

  // Host samples taken during a run carry its id (and come every second), so the run's page can
  // show the machine beside its figures.
  events.subscribe((e) => {
    if (e.event !== 'runs.progressed') return;
    const active = ACTIVE_STATUSES.includes(e.payload.status);
    if (active && metrics.currentRun !== e.payload.id) metrics.setActiveRun(e.payload.id);
    if (!active && metrics.currentRun === e.payload.id) metrics.setActiveRun(null);
  });

  // One spread per domain: adding a domain to the contract without its handlers fails to compile.
  const handlers: Handlers = {
    ...connectionHandlers(connections),
    ...connectionTransferHandlers(
      connections,
      new ConnectionImporter({ connections, logger: opts.logger }),
    ),
    ...sandboxHandlers(sandbox, {
      version: opts.version,
      data_dir: paths.root,
      secret_store: opts.secrets.store?.kind ?? 'none',
      secret_store_message: opts.secrets.message,
    }),
    'app.health': async () => loop.health(),
    ...metricsHandlers(metrics),
    ...benchmarkHandlers(benchmarks),
    ...planHandlers(plans),
    ...resultsHandlers(results),
    ...profileHandlers(new ProfileStore(db)),
    ...tenantHandlers(tenants),
    ...tenantOpsHandlers(backups, tenantLogs, imports, isolation),
  };

  let closed = false;
  return {
    handlers,
    events,
    paths,
    connections,
    sandbox,
    metrics,
    benchmarks,
    async close() {
      if (closed) return;
      closed = true;
      loop.close();
      await plans.close();
      await benchmarks
        .close()
        .catch((err: unknown) => opts.logger.error('benchmark stop failed', err));
      metrics.stop();
      await imports.close().catch((err: unknown) => opts.logger.error('imports stop failed', err));
      await tenants.close().catch((err: unknown) => opts.logger.error('tenants stop failed', err));
      await connections
        .close()
        .catch((err: unknown) => opts.logger.error('tunnels close failed', err));
      await sandbox.stop().catch((err: unknown) => opts.logger.error('sandbox stop failed', err));
      db.close();
    },
  };
}
