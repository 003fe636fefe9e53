// Runs in the main process, server and CLI. One run's life: prepare, warm-up, measure, cleanup,
// each persisted as it happens and announced as `runs.progressed`. Never throws: every ending
// (completed, failed, cancelled) is written to the store.
import { availableParallelism } from 'node:os';
import type {
  RunInterval,
  RunStart,
  RunStatus,
  RunTarget,
} from '../../../shared/contract/benchmarks';
import type { ConnectionParams } from '../../../shared/model/connection';
import { classifyConnectError } from '../connections/classify-error';
import { explainWrongService } from '../connections/service-probe';
import { openClient, type DbClient } from '../db/client';
import { sqlEngineOf } from '../engines/registry';
import type { EventBus } from '../events';
import type { Logger } from '../logging/logger';
import { mergeInterval, RunAggregator } from './aggregate';
import { chooseEngine, nativeDialect } from './engine-choice';
import { buildPlan, stageAt } from './plan';
import { errorText } from './errors';
import { type PoolHandlers, type RunPool, WorkerPool } from './pool';
import { abortable, workerLoader } from './load-pool';
import { CancelledError, checkScripts, cleanupData, openAdmin, prepareData } from './prepare';
import { openSession } from './session';
import { PrepareMeter, type PrepareProgress } from './prepare-meter';
import type { InitMessage, IntervalStats } from './protocol';
import type { Phase, RunRepository } from './repository';
import { IntervalProbe } from './probe';
import { timeoutAt } from './timer-at';
import { idleRoundTrips, roundTrip, serverCounters, serverInfo } from './server-info';
import { judgeRun } from './warnings';
import type { RunStatementsRepository } from './run-statements/repository';
import { StatementWindow } from './run-statements/window';
import type { WorkerScript } from './worker-script';
import { compileWorkload, dataFamily } from './workloads';
import { ScriptError } from './workloads/scripts';
import type { WorkloadSpec } from './workloads/spec';

export interface ExecutionDeps {
  /** The connection as saved: its name, and its own address (not a tunnel's local end). */
  connection: { name: string; host?: string; port?: number; database?: string };
  repo: RunRepository;
  events: EventBus;
  logger: Logger;
  script: WorkerScript;
  cpuCount?: number;
  now: () => Date;
  /** Where the run's query analytics are kept; without it no statement statistics are read. */
  statements?: RunStatementsRepository;
  /** A distributed run: its clients run on `count` load agents instead of worker threads here. */
  agents?: { count: number; pool(handlers: PoolHandlers): RunPool };
}

const PROGRESS_EVERY_MS = 250;
/** A session busy with a long statement (an index build) can take long to close; a run's end does not wait. */
const CLOSE_WAIT_MS = 500;

const closeSoon = async (c: DbClient | null): Promise<void> => {
  if (!c) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    c.close().catch(() => undefined),
    new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_WAIT_MS))),
  ]);
  clearTimeout(timer);
};
const START_DELAY_MS = 100;
/**
 * Round trips on a spare session before the run, back to back (a few milliseconds in all): their
 * minimum and median are kept. Back to back, like the workers' own loop, so the fastest is not
 * inflated by waking an idle process.
 */
const IDLE_PROBES = 51;
/** How long an interval's report waits for its probe before going out with the probe missing. */
const PROBE_GRACE_MS = 150;
export function workloadSpec(input: RunStart, engine: ConnectionParams['type']): WorkloadSpec {
  return {
    type: input.type,
    engine,
    parameters: input.parameters,
    scripts: input.scripts ?? [],
    protocol: input.protocol,
    maxTries: input.max_tries,
    pipeline: input.pipeline,
    seed: input.seed ?? 0,
  };
}

/**
 * Worker threads unless the run says otherwise: one per core. On a quiet two-core machine shared
 * with the server, two workers gave 0.95x pgbench's QPS at 8 connections where one gave 0.63x
 * (docs/performance.md); one worker costs less CPU per query only when the cores are saturated.
 */
export const defaultPoolSize = (cores: number): number => Math.max(1, cores);

/**
 * Where the native engine gives each connection a thread (NativeDialect.threadPerConnection), up
 * to this many; more connections share these threads' loops.
 */
const NATIVE_THREADS_PER_CONNECTION_MAX = 64;

/** Spreads `threads` clients over `size` workers as evenly as possible. */
export function assignClients(threads: number, size: number): number[][] {
  const out: number[][] = Array.from({ length: size }, () => []);
  for (let c = 0; c < threads; c++) out[c % size]!.push(c);
  return out;
}

/** Timers for the window's snapshots at its start and end (epoch milliseconds). */
function bracket(window: StatementWindow, startMs: number, endMs: number): NodeJS.Timeout[] {
  return [timeoutAt(startMs, () => window.begin()), timeoutAt(endMs, () => window.end())];
}

export class RunExecution {
  private cancelled = false;
  private readonly abort = new AbortController();
  private admin: DbClient | null = null;
  private pool: RunPool | null = null;
  private endMeasure: (() => void) | null = null;
  private fatal: string | null = null;
  private status: RunStatus = 'preparing';
  private rttBefore: { median: number; min: number } | null = null;
  /** Set when an outage fails the run: the reason. */
  private outageFailure: string | null = null;
  readonly finished: Promise<void>;

  constructor(
    readonly id: string,
    readonly input: RunStart,
    private readonly params: () => Promise<ConnectionParams>,
    private readonly deps: ExecutionDeps,
  ) {
    this.finished = this.execute();
  }

  cancel(): void {
    this.cancelled = true;
    this.abort.abort();
    this.pool?.abortInit?.();
    this.endMeasure?.();
  }

  /** Worker threads that load rows: as many as the run's pool, never more than the cores. */
  private loadWorkers(): number {
    const cores = this.deps.cpuCount ?? availableParallelism();
    return Math.max(1, Math.min(this.input.pool_size ?? defaultPoolSize(cores), cores));
  }

  private emit(
    phase: Phase,
    progress: number,
    extra: { interval?: RunInterval; rows?: PrepareProgress; message?: string } = {},
  ) {
    this.deps.events.emit('runs.progressed', {
      id: this.id,
      status: this.status,
      phase,
      progress,
      rows_per_s: extra.rows?.rowsPerS ?? null,
      rows_done: extra.rows?.done ?? null,
      rows_total: extra.rows?.total ?? null,
      eta_s: extra.rows?.etaS ?? null,
      interval: extra.interval ?? null,
      message: extra.message ?? null,
    });
  }

  private setPhase(status: RunStatus, phase: Phase, progress = 0): void {
    this.status = status;
    this.deps.repo.setPhase(this.id, status, phase, progress);
    this.emit(phase, progress);
  }

  private async execute(): Promise<void> {
    let outcome: { status: RunStatus; message: string | null };
    try {
      outcome = await this.phases();
    } catch (err) {
      outcome =
        this.cancelled && err instanceof CancelledError
          ? { status: 'cancelled', message: null }
          : { status: 'failed', message: this.describe(err) };
      if (outcome.status === 'failed')
        this.deps.logger.warn(`benchmark ${this.id} failed: ${outcome.message}`);
    } finally {
      await this.pool?.terminate();
      await closeSoon(this.admin);
    }
    this.status = outcome.status;
    this.deps.repo.finish(this.id, outcome.status, outcome.message, this.deps.now().toISOString());
    this.emit('done', 1, outcome.message ? { message: outcome.message } : {});
  }

  private describe(err: unknown): string {
    if (err instanceof ScriptError) return err.message;
    return errorText(err);
  }

  private async phases(): Promise<{ status: RunStatus; message: string | null }> {
    const input = this.input;
    this.setPhase('preparing', 'prepare');
    const params = await this.params();
    this.deps.repo.setTarget(this.id, this.target(params, null));
    const spec = workloadSpec(input, params.type);
    const family = dataFamily(spec);
    // Stop never waits on the prepare phase: not on a connect, a lock, a load or an index build.
    const admin = await abortable(this.prepare(params, spec), this.abort.signal);

    await this.measure(params, spec, admin.tls);
    // A database that went away cannot be cleaned; trying would only bury why the run failed.
    if (input.cleanup && !this.cancelled && this.fatal === null && this.outageFailure === null) {
      this.setPhase(this.status, 'cleanup');
      await cleanupData(await this.session(params), family, input.parameters, {
        schema: input.schema,
        ownDatabase: params.database,
      });
    }
    if (this.fatal !== null) return { status: 'failed', message: this.fatal };
    if (this.cancelled) return { status: 'cancelled', message: null };
    if (this.outageFailure !== null) return { status: 'failed', message: this.outageFailure };
    // Caveats about the figures are in the run's warnings, not in its message.
    return { status: 'completed', message: null };
  }

  /** Opens the admin session, records the server, and creates and fills the tables in workers. */
  private async prepare(params: ConnectionParams, spec: WorkloadSpec): Promise<DbClient> {
    const input = this.input;
    let admin: DbClient;
    try {
      admin = await openAdmin(params, input.schema);
    } catch (err) {
      throw await explainWrongService(classifyConnectError(err, params, 5000), params);
    }
    if (this.abort.signal.aborted) {
      // The run has already ended: this late session is nobody's to close but ours.
      await closeSoon(admin);
      throw new CancelledError();
    }
    this.admin = admin;
    const server = await serverInfo(admin);
    this.deps.repo.setServer(this.id, server);
    this.deps.repo.setTarget(this.id, this.target(params, server.version));
    // The network alone: round trips on a spare benchmark session while nothing else runs.
    const spare = await openSession({
      params,
      tls: admin.tls,
      schema: input.schema,
      protocol: input.protocol,
    });
    try {
      const trips = await idleRoundTrips(spare, IDLE_PROBES);
      this.rttBefore = { median: trips[Math.floor(IDLE_PROBES / 2)]!, min: trips[0]! };
    } finally {
      spare.destroy();
    }

    const loader = workerLoader(
      this.deps.script,
      { params, tls: admin.tls, schema: input.schema },
      this.loadWorkers(),
      this.abort.signal,
    );
    const meter = new PrepareMeter(performance.now());
    const report = (force: boolean) => {
      const t = performance.now();
      // After Stop the run may already be written as cancelled: a late report must not revive it.
      if (this.abort.signal.aborted || meter.planned === 0) return;
      if (!force && t - meter.lastReport < PROGRESS_EVERY_MS) return;
      const p = meter.report(t);
      this.deps.repo.setPhase(this.id, 'preparing', 'prepare', p.progress);
      this.emit('prepare', p.progress, { rows: p });
    };
    // A stall shows as a falling rate and no ETA even when no worker reports.
    const ticker = setInterval(() => report(true), 1000);
    try {
      await prepareData(
        admin,
        dataFamily(spec),
        input.parameters,
        {
          signal: this.abort.signal,
          progress: (done, total) => {
            meter.rows(performance.now(), done, total);
            report(done === total);
          },
        },
        loader,
      );
    } finally {
      clearInterval(ticker);
    }
    if (this.cancelled) throw new CancelledError();
    await checkScripts(admin, compileWorkload(spec).statements);
    return admin;
  }

  /** What the run measures, as it is now; the saved address wins over a tunnel's local end. */
  private target(params: ConnectionParams, version: string | null): RunTarget {
    const c = this.deps.connection;
    return {
      connection_name: c.name,
      engine: params.type,
      host: c.host ?? params.host,
      port: c.port ?? params.port,
      database: params.database,
      server_version: version,
    };
  }

  /** The spare session; reopened when the server dropped it (a restart, a killed backend). */
  private async session(params: ConnectionParams): Promise<DbClient> {
    this.admin ??= await openAdmin(params, this.input.schema);
    return this.admin;
  }

  /** Runs a sampling query on the spare session; a failure drops the session and yields null. */
  private async sample<T>(
    params: ConnectionParams,
    fn: (c: DbClient) => Promise<T>,
  ): Promise<T | null> {
    try {
      return await fn(await this.session(params));
    } catch {
      const dead = this.admin;
      this.admin = null;
      await dead?.close().catch(() => undefined);
      return null;
    }
  }

  /** Warm-up and measurement; the run's caveats are saved as it goes. */
  private async measure(params: ConnectionParams, spec: WorkloadSpec, tls: boolean): Promise<void> {
    const input = this.input;
    const choice = chooseEngine(input, params);
    if (choice.fallback !== null)
      this.deps.logger.info(`benchmark ${this.id} runs on the Node engine: ${choice.fallback}`);
    this.deps.repo.setEngine(this.id, choice.engine);
    const threadsWanted =
      input.pool_size ?? defaultPoolSize(this.deps.cpuCount ?? availableParallelism());
    // The native engine is one worker whose own threads (one per core) carry every client.
    const size =
      this.deps.agents?.count ??
      (choice.engine === 'native' ? 1 : Math.max(1, Math.min(threadsWanted, input.threads)));
    // A pool_size the run gives is the thread count it asked for, on every engine.
    const perConnection =
      choice.engine === 'native' &&
      input.pool_size === undefined &&
      nativeDialect(params.type).threadPerConnection;
    const nativeThreads = Math.min(
      perConnection ? NATIVE_THREADS_PER_CONNECTION_MAX : threadsWanted,
      input.threads,
    );
    // Recorded with the run, since the thread count moves the figures when client and server
    // share cores. An agent sizes its Node workers by its own cores, unknown here.
    const perAgent = Math.ceil(input.threads / size);
    const engineThreads =
      choice.engine === 'native'
        ? Math.min(nativeThreads, perAgent)
        : this.deps.agents
          ? null
          : size;
    const intervalMs = input.report_interval_ms;
    const warmupS = input.warmup ?? input.duration * 0.1;
    const warm = Math.round((warmupS * 1000) / intervalMs);
    const meas = Math.max(1, Math.round((input.duration * 1000) / intervalMs));
    const plan = buildPlan(input, warm * intervalMs);
    const openLoop = plan.some((s) => s.ratePerLoop !== null);
    const agg = new RunAggregator(openLoop, input.rate ?? null);
    const stageRate = (i: number) => input.stages?.[i]?.rate ?? null;
    const stageAggs = input.stages
      ? plan.map((_, i) => new RunAggregator(openLoop, stageRate(i)))
      : [];
    const fullDetail = () => ({
      ...agg.detail(),
      engine_threads: engineThreads,
      engine_fallback: choice.fallback,
      network_rtt_before_ms: this.rttBefore?.median ?? null,
      network_rtt_before_min_ms: this.rttBefore?.min ?? null,
      stages: stageAggs.map((a, i) => ({
        index: i,
        threads: plan[i]!.threads,
        rate: stageRate(i),
        metrics: a.metrics(),
      })),
    });
    let chain = Promise.resolve();
    const measureDone = new Promise<void>((resolve) => (this.endMeasure = resolve));
    const probe = new IntervalProbe(
      // The counters first: they are what must be read at the interval's end.
      async () => {
        const counters = await this.sample(params, serverCounters);
        return { counters, rttMs: await this.sample(params, roundTrip) };
      },
      Math.min(PROBE_GRACE_MS, intervalMs / 4),
    );
    const intervals: RunInterval[] = [];
    let measureStartMs: number | null = null;
    let warningsText = '[]';
    /** The caveats so far, saved when they change so the live view shows them as they arise. */
    const judge = () => {
      const j = judgeRun(input, agg.metrics(), fullDetail(), intervals, measureStartMs);
      const text = JSON.stringify(j.warnings);
      if (text !== warningsText) this.deps.repo.setWarnings(this.id, j.warnings);
      warningsText = text;
      return j;
    };

    const handle = async (index: number, parts: IntervalStats[]) => {
      if (index >= warm + meas) return;
      const warmup = index < warm;
      const reading = await probe.read(index, (late) => {
        const joined = {
          network_rtt_ms: late.rttMs,
          server_counters: probe.delta(index, late.counters),
        };
        if (late.rttMs !== null) agg.lateProbe(late.rttMs);
        this.deps.repo.joinProbe(this.id, index, joined);
      });
      const stage = stageAt(plan, 0, index * intervalMs);
      const extras = {
        warmup,
        t: ((index - warm + 1) * intervalMs) / 1000,
        threads: stage.threads,
        stage: stage.index,
        networkRttMs: reading?.rttMs ?? null,
        serverCounters: reading ? probe.delta(index, reading.counters) : {},
      };
      const merged = mergeInterval(parts);
      const interval = agg.add(merged, extras);
      stageAggs[stage.index]?.add(merged, extras);
      intervals.push(interval);
      const progress = warmup ? (index + 1) / warm : (index - warm + 1) / meas;
      this.deps.repo.addInterval(this.id, index, interval, {
        metrics: agg.metrics(),
        detail: fullDetail(),
        histogram: agg.encodedHistogram(),
        progress,
        at: this.deps.now().toISOString(),
      });
      if (!warmup) judge();
      if (index + 1 === warm) this.setPhase('running', 'measure');
      this.emit(warmup ? 'warmup' : 'measure', progress, { interval });
      if (index + 1 === warm + meas) this.endMeasure?.();
    };

    const handlers: PoolHandlers = {
      onInterval: (index, parts) => {
        chain = chain
          .then(() => handle(index, parts))
          .catch((err: unknown) => this.deps.logger.error('benchmark interval failed', err));
      },
      onError: (message, fatal) => {
        if (!fatal) return;
        this.fatal = message;
        this.endMeasure?.();
      },
    };
    this.pool = this.deps.agents?.pool(handlers) ?? new WorkerPool(this.deps.script, handlers);
    const inits: InitMessage[] = assignClients(input.threads, size).map(
      (clientIds, workerIndex) => ({
        type: 'init',
        workerIndex,
        params,
        tls,
        schema: input.schema,
        clientIds,
        workload: spec,
        plan,
        engine: choice.engine,
        nativeThreads,
      }),
    );
    await this.pool.init(inits);
    if (this.cancelled) throw new CancelledError();

    const window = this.statementWindow(params);
    let timers: NodeJS.Timeout[] = [];
    try {
      probe.baseline(await this.sample(params, serverCounters));
      this.setPhase(warm > 0 ? 'warming_up' : 'running', warm > 0 ? 'warmup' : 'measure');
      const startAt = performance.timeOrigin + performance.now() + START_DELAY_MS;
      measureStartMs = Math.round(startAt + warm * intervalMs);
      this.pool.start(startAt, intervalMs);
      probe.schedule(startAt, intervalMs, warm + meas);
      if (window) timers = bracket(window, measureStartMs, measureStartMs + meas * intervalMs);
      await measureDone;
      // Stopped early (Stop, a fatal error): the window ends here.
      window?.end();
      const finals = await this.pool.stop();
      await chain;
      // A cancelled run keeps its last partial interval when it fell inside the measurement.
      const index = finals[0]?.index;
      const whole = finals.length === this.pool.size && finals.every((f) => f.index === index);
      if (this.cancelled && whole && index !== undefined && index >= warm && index < warm + meas) {
        await handle(index, finals);
      }
      this.outageFailure = judge().failure;
    } finally {
      probe.stop();
      timers.forEach(clearTimeout);
      if (window) await this.keepStatements(window);
    }
  }

  /** Statement statistics read on a session of their own, never on the workers' path. */
  private statementWindow(params: ConnectionParams): StatementWindow | null {
    if (!this.deps.statements) return null;
    const stats = sqlEngineOf(params.type).statements;
    return new StatementWindow(
      {
        name: stats.source,
        open: () => openClient(params),
        read: (c) => stats.read(c, { schema: this.input.schema }),
        caveat: stats.caveat(this.input.protocol),
      },
      this.deps.now,
    );
  }

  /** Bounded by the window's own timeouts; a failure is only logged, never the run's. */
  private async keepStatements(window: StatementWindow): Promise<void> {
    try {
      const analytics = await window.result();
      this.deps.statements?.save(this.id, analytics);
      if (!analytics.available)
        this.deps.logger.info(`benchmark ${this.id}: no query analytics: ${analytics.reason}`);
    } catch (err) {
      this.deps.logger.warn(`benchmark ${this.id}: query analytics not kept: ${errorText(err)}`);
    }
  }
}
