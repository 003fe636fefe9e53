// Runs in the main process, server and CLI. One run's life: prepare, warm-up, measure, cleanup,
// each persisted as it happens and announced as `runs.progressed`. Never throws: every ending
// (completed, failed, cancelled) is written to the store.
import { availableParallelism } from 'node:os';
import type { RunInterval, RunStart, RunStatus } from '../../../shared/contract/benchmarks';
import type { ConnectionParams } from '../../../shared/model/connection';
import { classifyConnectError } from '../connections/classify-error';
import type { DbClient } from '../db/client';
import type { EventBus } from '../events';
import type { Logger } from '../logging/logger';
import { RunAggregator } from './aggregate';
import { buildPlan, stageAt } from './plan';
import { errorText } from './errors';
import { WorkerPool } from './pool';
import { abortable, workerLoader } from './load-pool';
import { CancelledError, checkScripts, cleanupData, openAdmin, prepareData } from './prepare';
import { PrepareMeter, type PrepareProgress } from './prepare-meter';
import type { InitMessage, IntervalStats } from './protocol';
import type { Phase, RunRepository } from './repository';
import { counterDelta, roundTrip, serverCounters, serverInfo } from './server-info';
import type { WorkerScript } from './worker-script';
import { compileWorkload, dataFamily } from './workloads';
import { ScriptError } from './workloads/scripts';
import type { WorkloadSpec } from './workloads/spec';

export interface ExecutionDeps {
  repo: RunRepository;
  events: EventBus;
  logger: Logger;
  script: WorkerScript;
  cpuCount?: number;
  now: () => Date;
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

export function workloadSpec(input: RunStart, engine: ConnectionParams['type']): WorkloadSpec {
  return {
    type: input.type,
    engine,
    parameters: input.parameters,
    scripts: input.scripts ?? [],
    protocol: input.protocol,
    maxTries: input.max_tries,
    pipeline: input.pipeline,
  };
}

/**
 * Worker threads unless the run says otherwise: one per core. On a quiet two-core machine shared
 * with the server, two workers gave 0.95x pgbench's QPS at 8 connections where one gave 0.63x
 * (docs/performance.md); one worker costs less CPU per query only when the cores are saturated.
 */
export const defaultPoolSize = (cores: number): number => Math.max(1, cores);

/** Spreads `threads` clients over `size` workers as evenly as possible. */
export function assignClients(threads: number, size: number): number[][] {
  const out: number[][] = Array.from({ length: size }, () => []);
  for (let c = 0; c < threads; c++) out[c % size]!.push(c);
  return out;
}

export class RunExecution {
  private cancelled = false;
  private readonly abort = new AbortController();
  private admin: DbClient | null = null;
  private pool: WorkerPool | null = null;
  private endMeasure: (() => void) | null = null;
  private fatal: string | null = null;
  private status: RunStatus = 'preparing';
  private rttBefore: number | null = null;
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
    const spec = workloadSpec(input, params.type);
    const family = dataFamily(spec);
    // Stop never waits on the prepare phase: not on a connect, a lock, a load or an index build.
    const admin = await abortable(this.prepare(params, spec), this.abort.signal);

    const measured = await this.measure(params, spec, admin.tls);
    if (input.cleanup && !this.cancelled && this.fatal === null) {
      this.setPhase(this.status, 'cleanup');
      await cleanupData(await this.session(params), family, input.parameters, {
        schema: input.schema,
        ownDatabase: params.database,
      });
    }
    if (this.fatal !== null) return { status: 'failed', message: this.fatal };
    if (this.cancelled) return { status: 'cancelled', message: null };
    return { status: 'completed', message: measured };
  }

  /** Opens the admin session, records the server, and creates and fills the tables in workers. */
  private async prepare(params: ConnectionParams, spec: WorkloadSpec): Promise<DbClient> {
    const input = this.input;
    let admin: DbClient;
    try {
      admin = await openAdmin(params, input.schema);
    } catch (err) {
      throw classifyConnectError(err, params, 5000);
    }
    if (this.abort.signal.aborted) {
      // The run has already ended: this late session is nobody's to close but ours.
      await closeSoon(admin);
      throw new CancelledError();
    }
    this.admin = admin;
    this.deps.repo.setServer(this.id, await serverInfo(admin));
    const trips: number[] = [];
    for (let i = 0; i < 5; i++) trips.push(await roundTrip(admin));
    this.rttBefore = trips.sort((a, b) => a - b)[2]!;

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

  /** Warm-up and measurement; resolves with a note for the user, or null. */
  private async measure(
    params: ConnectionParams,
    spec: WorkloadSpec,
    tls: boolean,
  ): Promise<string | null> {
    const input = this.input;
    const size = Math.max(
      1,
      Math.min(
        input.pool_size ?? defaultPoolSize(this.deps.cpuCount ?? availableParallelism()),
        input.threads,
      ),
    );
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
      network_rtt_before_ms: this.rttBefore,
      stages: stageAggs.map((a, i) => ({
        index: i,
        threads: plan[i]!.threads,
        rate: stageRate(i),
        metrics: a.metrics(),
      })),
    });
    let counters: Record<string, number> = {};
    let chain = Promise.resolve();
    const measureDone = new Promise<void>((resolve) => (this.endMeasure = resolve));

    const handle = async (index: number, parts: IntervalStats[]) => {
      if (index >= warm + meas) return;
      const warmup = index < warm;
      const rtt = await this.sample(params, roundTrip);
      const now = (await this.sample(params, serverCounters)) ?? counters;
      const stage = stageAt(plan, 0, index * intervalMs);
      const extras = {
        warmup,
        t: ((index - warm + 1) * intervalMs) / 1000,
        threads: stage.threads,
        stage: stage.index,
        networkRttMs: rtt,
        serverCounters: counterDelta(counters, now),
      };
      const interval = agg.add(parts, extras);
      stageAggs[stage.index]?.add(parts, extras);
      counters = now;
      const progress = warmup ? (index + 1) / warm : (index - warm + 1) / meas;
      this.deps.repo.addInterval(this.id, index, interval, {
        metrics: agg.metrics(),
        detail: fullDetail(),
        histogram: agg.encodedHistogram(),
        progress,
      });
      if (index + 1 === warm) this.setPhase('running', 'measure');
      this.emit(warmup ? 'warmup' : 'measure', progress, { interval });
      if (index + 1 === warm + meas) this.endMeasure?.();
    };

    this.pool = new WorkerPool(this.deps.script, {
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
    });
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
      }),
    );
    await this.pool.init(inits);
    if (this.cancelled) throw new CancelledError();

    counters = (await this.sample(params, serverCounters)) ?? {};
    this.setPhase(warm > 0 ? 'warming_up' : 'running', warm > 0 ? 'warmup' : 'measure');
    this.pool.start(performance.timeOrigin + performance.now() + START_DELAY_MS, intervalMs);
    await measureDone;
    const finals = await this.pool.stop();
    await chain;
    // A cancelled run keeps its last partial interval when it fell inside the measurement.
    const index = finals[0]?.index;
    const whole = finals.length === this.pool.size && finals.every((f) => f.index === index);
    if (this.cancelled && whole && index !== undefined && index >= warm && index < warm + meas) {
      await handle(index, finals);
    }
    const detail = agg.detail();
    if (
      detail.network_rtt_ms !== null &&
      agg.metrics().latency.p50 > 0 &&
      detail.network_rtt_ms > agg.metrics().latency.p50 / 2
    ) {
      return `The network round trip (${detail.network_rtt_ms} ms) is more than half of the median latency: these figures mostly measure the network.`;
    }
    return null;
  }
}
