// Runs in the main process, server and CLI. The benchmark service behind the `runs.*` operations:
// checks a request (connection, production safety, workload), starts its execution, answers
// status from the store, and marks runs a dead process left behind as interrupted.
import { randomInt, randomUUID } from 'node:crypto';
import { arch, availableParallelism, cpus, platform, release, totalmem } from 'node:os';
import {
  ACTIVE_STATUSES,
  type BenchTables,
  type RunInterval,
  type RunListFilter,
  type RunStart,
  type RunStatusView,
  type RunSummary,
} from '../../../shared/contract/benchmarks';
import { AppError } from '../../../shared/errors';
import {
  LARGE_PREPARE_BYTES,
  prepareEstimate,
  roughBytes,
  roughDuration,
} from '../../../shared/model/benchmark-data';
import {
  type ConnectionParams,
  type EngineType,
  type Environment,
  requireSql,
  type SqlType,
} from '../../../shared/model/connection';
import type { EventBus } from '../events';
import type { Logger } from '../logging/logger';
import type { Db } from '../store/database';
import { classifyConnectError } from '../connections/classify-error';
import { DEFAULT_CONNECT_TIMEOUT_MS, openClient, type DbClient } from '../db/client';
import { benchTables, dropBenchTables } from './bench-tables';
import { zeroLatency } from './histogram';
import { RunExecution, workloadSpec } from './execution';
import { stagesProblem } from './plan';
import { type IntervalPage, RunRepository } from './repository';
import { RunStatementsRepository } from './run-statements/repository';
import { defaultWorkerScript, type WorkerScriptResolver } from './worker-script';
import { compileWorkload, dataFamily } from './workloads';
import { ERROR_CLASSES } from '../../../shared/contract/benchmarks';
import type { RunTopology } from '../../../shared/contract/agents';
import { agentPoolFactory, agentsProblem } from '../agents/distributed';
import { defaultLaunchers } from '../agents/launchers';
import type { LauncherFor } from '../agents/launchers/launcher';
import type { AgentHostResolver } from '../agents/launchers/ssh';
import { TopologyRepository } from '../agents/topology';

export interface ConnectionFacts {
  name: string;
  type: EngineType;
  environment: Environment;
  /** The saved address (a tunnelled run's driver parameters name the local forward instead). */
  host?: string;
  port?: number;
  database?: string;
}

export interface BenchmarkEngineDeps {
  db: Db;
  events: EventBus;
  logger: Logger;
  /** The connection's metadata (any engine: runs refuse the ones without benchmarks); throws NOT_FOUND for an unknown id. */
  connection(id: string): ConnectionFacts;
  /** Driver parameters, password included; used inside the core only. */
  resolveParams(id: string): Promise<ConnectionParams>;
  /**
   * Marks what a previous process left active as interrupted (default true). Only the data
   * directory's owner may: beside a live owner, those rows are that owner's work in progress.
   */
  recover?: boolean;
  workerScript?: WorkerScriptResolver;
  cpuCount?: number;
  now?: () => Date;
  /** How distributed runs start their agents (default: local processes, Kubernetes Jobs, SSH). */
  launchers?: LauncherFor;
  /** The load host behind a saved connection's SSH settings, for the ssh launcher. */
  agentHost?: AgentHostResolver;
}

const clientDescription = () => ({
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: availableParallelism(),
  memory_bytes: totalmem(),
  os: `${platform()} ${release()} ${arch()}`,
  node: process.version,
});

export class BenchmarkEngine {
  private readonly repo: RunRepository;
  private readonly statements: RunStatementsRepository;
  private readonly now: () => Date;
  private readonly runs = new Map<string, RunExecution>();
  private readonly topology: TopologyRepository;
  private readonly launchers: LauncherFor;

  constructor(private readonly deps: BenchmarkEngineDeps) {
    this.repo = new RunRepository(deps.db);
    this.statements = new RunStatementsRepository(deps.db);
    this.topology = new TopologyRepository(deps.db);
    this.launchers = deps.launchers ?? defaultLaunchers(deps.logger, deps.agentHost);
    this.now = deps.now ?? (() => new Date());
    const marked = deps.recover === false ? 0 : this.repo.markInterrupted();
    if (marked > 0)
      deps.logger.warn(`${marked} benchmark run(s) were interrupted by a previous exit`);
  }

  async start(input: RunStart): Promise<{ id: string; status: 'preparing'; start_time: string }> {
    const conn = this.sqlConnection(input.connection_id);
    if (conn.environment === 'production' && !input.allow_production) {
      throw new AppError(
        'REFUSED',
        `'${conn.name}' is a production connection. A benchmark creates, fills and writes tables there; confirm with allow_production to run it anyway.`,
      );
    }
    const big = prepareEstimate(input.type, input.parameters);
    if (big.bytes > LARGE_PREPARE_BYTES && !input.confirm_large_prepare) {
      throw new AppError(
        'REFUSED',
        `Preparing this run loads ${big.rows.toLocaleString('en-US')} rows, about ${roughBytes(big.bytes)} on the server, ` +
          `which takes ${roughDuration(big.seconds)}. Confirm the large prepare to load it (confirm_large_prepare in the API, --confirm-large-prepare on the command line), or choose fewer rows.`,
      );
    }
    const running = this.activeRun();
    if (running)
      throw new AppError(
        'CONFLICT',
        `Benchmark ${running} is still running. Wait for it or cancel it first.`,
      );
    try {
      const spec = workloadSpec(input, conn.type);
      dataFamily(spec);
      const { compiled } = compileWorkload(spec);
      const stages = stagesProblem(input) ?? agentsProblem(input);
      if (stages) throw new Error(stages);
      if (input.pipeline > 1 && compiled.txns.some((t) => t.inTransaction)) {
        throw new Error(
          'pipeline needs a workload without transaction blocks (BEGIN…COMMIT); a pipelined connection interleaves statements',
        );
      }
    } catch (err) {
      throw new AppError('BAD_INPUT', (err as Error).message);
    }

    const id = randomUUID();
    const startTime = this.now().toISOString();
    // The seed is recorded with the run, so that it can be run again with the same statements.
    input = { ...input, seed: input.seed ?? randomInt(0, 2 ** 32) };
    const { allow_production: _omit, ...config } = input;
    this.repo.insert({ id, config, client: clientDescription(), startTime });
    // The snapshot exists from the start, even if the run fails before reaching the server.
    if (conn.host !== undefined && conn.port !== undefined && conn.database !== undefined) {
      this.repo.setTarget(id, {
        connection_name: conn.name,
        engine: conn.type,
        host: conn.host,
        port: conn.port,
        database: conn.database,
        server_version: null,
      });
    }
    const execution = new RunExecution(
      id,
      input,
      () => this.deps.resolveParams(input.connection_id),
      {
        connection: conn,
        repo: this.repo,
        events: this.deps.events,
        logger: this.deps.logger,
        script: (this.deps.workerScript ?? defaultWorkerScript)(),
        cpuCount: this.deps.cpuCount,
        now: this.now,
        statements: this.statements,
        ...(input.agents
          ? {
              agents: agentPoolFactory(id, input.agents, {
                launchers: this.launchers,
                topology: this.topology,
                logger: this.deps.logger,
              }),
            }
          : {}),
      },
    );
    this.runs.set(id, execution);
    void execution.finished.finally(() => this.runs.delete(id));
    this.deps.logger.info(
      `benchmark ${id} started (${input.type}, ${input.threads} clients, ${input.duration} s)`,
    );
    return { id, status: 'preparing', start_time: startTime };
  }

  exists(id: string): boolean {
    return this.repo.exists(id);
  }

  get(id: string): RunStatusView {
    const r = this.repo.get(id);
    if (!r) throw new AppError('NOT_FOUND', `No benchmark run with id ${id}.`);
    const { histogram: _h, ...rest } = r;
    return {
      ...rest,
      metrics: r.metrics ?? { qps: 0, tps: 0, latency: zeroLatency(), errors: 0 },
      detail: r.detail ?? {
        transactions: 0,
        queries: 0,
        retries: 0,
        reconnects: 0,
        errors_by_class: Object.fromEntries(
          ERROR_CLASSES.map((c) => [c, 0]),
        ) as RunStatusView['detail']['errors_by_class'],
        first_errors: {},
        service_latency: null,
        schedule_lag: null,
        target_rate: r.config.rate ?? null,
        saturated: false,
        network_rtt_ms: null,
        percentiles: [],
        by_transaction: {},
        by_statement: {},
        stages: [],
        network_rtt_before_ms: null,
        network_rtt_before_min_ms: null,
      },
      query_analytics: this.statements.get(id),
    };
  }

  /** The agents of a distributed run and their figures; null for a run on this machine. */
  agents(id: string): RunTopology | null {
    this.get(id);
    return this.topology.get(id);
  }

  /** Each agent's encoded histogram per interval from `fromIndex` on (checks and exports). */
  agentHistograms(id: string, fromIndex = 0): { shard: number; index: number; hist: string }[] {
    return this.topology.histograms(id, fromIndex);
  }

  /** The run's whole measured histogram, encoded (µs); null before its first measured interval. */
  histogram(id: string): string | null {
    const r = this.repo.get(id);
    if (!r) throw new AppError('NOT_FOUND', `No benchmark run with id ${id}.`);
    return r.histogram;
  }

  list(filter?: RunListFilter): RunSummary[] {
    return this.repo.list(filter);
  }

  update(id: string, patch: { tags?: string[]; notes?: string }): RunSummary {
    if (!this.repo.update(id, patch))
      throw new AppError('NOT_FOUND', `No benchmark run with id ${id}.`);
    return this.repo.summary(id)!;
  }

  intervals(id: string, page?: IntervalPage): RunInterval[] {
    if (!this.repo.exists(id)) throw new AppError('NOT_FOUND', `No benchmark run with id ${id}.`);
    return this.repo.intervals(id, page);
  }

  async cancel(id: string): Promise<RunSummary> {
    const summary = this.repo.summary(id);
    if (!summary) throw new AppError('NOT_FOUND', `No benchmark run with id ${id}.`);
    const run = this.runs.get(id);
    if (!run) {
      if (ACTIVE_STATUSES.includes(summary.status))
        throw new AppError('CONFLICT', `Run ${id} is not running in this process.`);
      return summary;
    }
    run.cancel();
    await run.finished;
    return this.repo.summary(id)!;
  }

  /** The run going on now, if any (one runs at a time). */
  activeRun(): string | null {
    return [...this.runs.keys()][0] ?? null;
  }

  /** Resolves when the run has ended (at once for a finished run). */
  async waitFor(id: string): Promise<RunSummary> {
    await this.runs.get(id)?.finished;
    const summary = this.repo.summary(id);
    if (!summary) throw new AppError('NOT_FOUND', `No benchmark run with id ${id}.`);
    return summary;
  }

  delete(id: string): { message: string } {
    if (!this.repo.exists(id)) throw new AppError('NOT_FOUND', `No benchmark run with id ${id}.`);
    if (this.runs.has(id))
      throw new AppError('CONFLICT', `Run ${id} is still running; cancel it before deleting it.`);
    this.repo.delete(id);
    return { message: `Benchmark run ${id} deleted.` };
  }

  /** Benchphant's tables in a schema of a connection, with their size. */
  async tables(connectionId: string, schema: string): Promise<BenchTables> {
    return this.onServer(connectionId, (c) => benchTables(c, schema));
  }

  /** Drops them (and the schema once empty); refused while a run uses that schema. */
  async dropTables(
    connectionId: string,
    schema: string,
  ): Promise<BenchTables & { bytes_freed: number; message: string }> {
    const conn = this.sqlConnection(connectionId);
    const busy = [...this.runs.values()].find(
      (r) => r.input.connection_id === connectionId && r.input.schema === schema,
    );
    if (busy)
      throw new AppError(
        'CONFLICT',
        `Run ${busy.id} is using the tables in ${schema}; stop it or wait for it before dropping them.`,
      );
    const params = await this.deps.resolveParams(connectionId);
    const before = await this.onServer(connectionId, (c) =>
      dropBenchTables(c, schema, params.database),
    );
    const n = before.tables.length;
    this.deps.logger.info(`dropped ${n} benchmark table(s) in ${schema} on '${conn.name}'`);
    return {
      ...before,
      bytes_freed: before.bytes,
      message:
        n === 0
          ? `No benchmark tables in ${schema} on '${conn.name}'; nothing to drop.`
          : `Dropped ${n} benchmark table(s) in ${schema} on '${conn.name}', freeing about ${roughBytes(before.bytes)}.`,
    };
  }

  /** The connection's facts, or a clear BAD_INPUT when its engine has no benchmarks yet. */
  private sqlConnection(id: string): ConnectionFacts & { type: SqlType } {
    return requireSql(this.deps.connection(id), 'Benchmarks');
  }

  private async onServer<T>(connectionId: string, fn: (c: DbClient) => Promise<T>): Promise<T> {
    this.sqlConnection(connectionId);
    const params = await this.deps.resolveParams(connectionId);
    let c: DbClient;
    try {
      c = await openClient(params);
    } catch (err) {
      throw classifyConnectError(err, params, DEFAULT_CONNECT_TIMEOUT_MS);
    }
    try {
      return await fn(c);
    } finally {
      await c.close().catch(() => undefined);
    }
  }

  /** Cancels what is running; the runs end as cancelled with what they measured. */
  async close(): Promise<void> {
    const active = [...this.runs.values()];
    for (const r of active) r.cancel();
    await Promise.all(active.map((r) => r.finished));
  }
}
