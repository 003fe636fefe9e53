// Runs in each composition root through createCore. Builds the scheduler and gives each task
// type the services it uses; the task modules see only these narrow ports.
import { AppError } from '../../../shared/errors';
import type { BenchmarkEngine } from '../benchmark/engine';
import type { ConnectionService } from '../connections/service';
import { openClient } from '../db/client';
import { sqlEngineOf } from '../engines/registry';
import type { EventBus } from '../events';
import type { Logger } from '../logging/logger';
import type { ProfileStore } from '../profiles/store';
import type { ResultsService } from '../results/service';
import type { SecretStore } from '../secrets/secret-store';
import type { Db } from '../store/database';
import type { TenantBackups } from '../tenant-ops/backups/service';
import type { TenantRepository } from '../tenants/store/tenant-repo';
import type { DesktopNotifier } from './notify';
import { SchedulerRepository } from './repository';
import { Scheduler } from './service';
import { backupRunner } from './tasks/backup';
import { benchmarkRunner } from './tasks/benchmark';
import { connectionCheckRunner } from './tasks/connection-check';
import { logAnalysisRunner, type StoredSnapshot } from './tasks/log-analysis';

export interface SchedulerWiring {
  db: Db;
  events: EventBus;
  logger: Logger;
  secrets: SecretStore | null;
  connections: ConnectionService;
  benchmarks: BenchmarkEngine;
  profiles: ProfileStore;
  results: ResultsService;
  tenants: TenantRepository;
  backups: TenantBackups;
  notify?: DesktopNotifier;
}

/** How long a benchmark task waits for another run to end before it records `skipped: busy`. */
const BUSY_WAIT_MS = 10 * 60_000;

const exists = (get: () => unknown): boolean => {
  try {
    get();
    return true;
  } catch (err) {
    if (err instanceof AppError && err.code === 'NOT_FOUND') return false;
    throw err;
  }
};

export function createScheduler(w: SchedulerWiring): Scheduler {
  const repo = new SchedulerRepository(w.db);
  /** Ids an earlier execution of the task recorded under `output[key]` (a list or a map of lists). */
  const produced = (taskId: string, pick: (output: Record<string, unknown>) => string[]) =>
    repo.executions(taskId, 10_000).flatMap((e) => pick(e.output));

  const scheduler = new Scheduler({
    repo,
    events: w.events,
    logger: w.logger,
    secrets: w.secrets,
    notify: w.notify,
    connectionExists: (id) => exists(() => w.connections.get(id)),
    runners: {
      connection_check: connectionCheckRunner((id) => w.connections.testSaved(id)),
      benchmark: benchmarkRunner({
        profile: (name) => w.profiles.byName(name).config,
        start: (input) => w.benchmarks.start(input),
        waitFor: (id) => w.benchmarks.waitFor(id),
        activeRun: () => w.benchmarks.activeRun(),
        compare: (req) => w.results.compare(req),
        previousRun: (taskId) => {
          const last = repo.lastExecution(taskId, ['succeeded']);
          const run = last?.output.run_id;
          return typeof run === 'string' ? run : null;
        },
        runExists: (id) => exists(() => w.benchmarks.get(id)),
        busyWaitMs: BUSY_WAIT_MS,
        sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      }),
      backup: backupRunner({
        tenantsOfBlueprint: (bp) => [
          ...new Set(w.tenants.ofBlueprint(bp, ['ready', 'suspended']).map((d) => d.tenant_id)),
        ],
        backup: async (tenant) => (await w.backups.backup(tenant)).backups.map((b) => b.id),
        madeBefore: (taskId, tenant) => {
          const mine = new Set(
            produced(taskId, (o) => {
              const byTenant = o.backups as Record<string, string[]> | undefined;
              return byTenant?.[tenant] ?? [];
            }),
          );
          return w.backups
            .list(tenant)
            .backups.filter((b) => mine.has(b.id))
            .sort((a, b) => b.created_at.localeCompare(a.created_at))
            .map((b) => b.id);
        },
        remove: (id) => void w.backups.remove(id),
      }),
      log_analysis: logAnalysisRunner({
        read: async (connectionId) => {
          const client = await openClient(await w.connections.resolveParams(connectionId));
          try {
            return await sqlEngineOf(client.type).statements.read(client, {});
          } finally {
            await client.close();
          }
        },
        lastSnapshot: (taskId) => repo.lastSnapshot<StoredSnapshot>(taskId),
        saveSnapshot: (taskId, takenAt, data) => repo.addSnapshot(taskId, takenAt, data),
        now: () => new Date(),
      }),
    },
  });

  // A deleted connection's tasks stop, saying why (connections-api.md).
  w.events.subscribe((e) => {
    if (e.event !== 'connections.changed' || !e.payload.id) return;
    const id = e.payload.id;
    if (!exists(() => w.connections.get(id))) scheduler.connectionRemoved(id);
  });
  return scheduler;
}
