// Runs in the main process, server and CLI. The service behind `plans.*`: expands a plan into runs,
// starts them through the benchmark engine one after another (the engine runs one at a time),
// records which runs belong to the plan, and answers with the plan's statistics and curves.
import { randomUUID } from 'node:crypto';
import { ACTIVE_STATUSES, type RunStatus } from '../../../shared/contract/benchmarks';
import {
  ciSpread,
  NOISY_CI,
  type PlanStart,
  type PlanStatus,
  type PlanSummary,
  type PlanView,
} from '../../../shared/contract/plans';
import { AppError } from '../../../shared/errors';
import type { BenchmarkEngine } from '../benchmark/engine';
import type { EventBus } from '../events';
import type { Logger } from '../logging/logger';
import type { Db } from '../store/database';
import {
  bracket,
  capacityResult,
  MAX_REFINEMENTS,
  refineRate,
  searchGoesOn,
  type StepOutcome,
} from './capacity';
import { capacityStep, expandPlan, PlanError, type PlannedRun } from './expand';
import { figureStats, sweepCurves } from './figures';
import { PlanRepository, type StoredPlanRun } from './repository';

export interface PlanServiceDeps {
  db: Db;
  events: EventBus;
  logger: Logger;
  engine: BenchmarkEngine;
  now?: () => Date;
  /**
   * Marks what a previous process left active as interrupted (default true). Only the data
   * directory's owner may: beside a live owner, those rows are that owner's work in progress.
   */
  recover?: boolean;
}

/** The plan this process is driving. */
interface ActivePlan {
  id: string;
  input: PlanStart;
  runs: PlannedRun[];
  /** Bisection steps a capacity search has run after its ladder broke. */
  refined: number;
  currentRunId: string;
  /** The current run's measured share, 0..1. */
  runFraction: number;
  cancelled: boolean;
  /** Set when the core closes: the loop stops touching the store and the plan is left for the next start to mark. */
  detached: boolean;
  finished: Promise<void>;
}

const isActive = (s: RunStatus) => ACTIVE_STATUSES.includes(s);

const toOutcome = (r: StoredPlanRun): StepOutcome => ({
  run_id: r.run_id,
  rate: r.value ?? 0,
  status: r.status,
  metrics: r.metrics,
  saturated: r.detail?.saturated ?? false,
  transactions: r.detail?.transactions ?? 0,
  seconds: r.duration,
});

export class PlanService {
  private readonly repo: PlanRepository;
  private readonly now: () => Date;
  private active: ActivePlan | null = null;
  private readonly unsubscribe: () => void;

  constructor(private readonly deps: PlanServiceDeps) {
    this.repo = new PlanRepository(deps.db);
    this.now = deps.now ?? (() => new Date());
    const marked = deps.recover === false ? 0 : this.repo.markInterrupted(this.now().toISOString());
    if (marked > 0) deps.logger.warn(`${marked} run plan(s) were interrupted by a previous exit`);
    this.unsubscribe = deps.events.subscribe((e) => {
      const a = this.active;
      if (e.event !== 'runs.progressed' || !a || a.detached || e.payload.id !== a.currentRunId)
        return;
      a.runFraction = e.payload.phase === 'measure' ? e.payload.progress : 0;
      // A run's end is announced by the loop, once it knows what comes next.
      if (e.payload.phase === 'done') return;
      if (e.payload.interval || e.payload.phase !== 'measure') this.emitProgress(a.id);
    });
  }

  async start(input: PlanStart): Promise<PlanSummary> {
    if (this.active)
      throw new AppError(
        'CONFLICT',
        `Plan ${this.active.id} is still running. Wait for it or cancel it first.`,
      );
    let runs: PlannedRun[];
    try {
      runs = expandPlan(input);
    } catch (err) {
      if (err instanceof PlanError) throw new AppError('BAD_INPUT', err.message);
      throw err;
    }
    const first = runs[0]!;
    // The first run starts before the plan is saved: a request the engine refuses (unknown
    // connection, production, another run going) leaves no plan behind.
    const started = await this.deps.engine.start(first.config);
    const id = randomUUID();
    const { allow_production: _omit, ...base } = input.base;
    this.repo.insert({
      id,
      config: { ...input, base },
      runsTotal: runs.length,
      createdAt: this.now().toISOString(),
    });
    this.repo.addRun(id, { seq: 0, runId: started.id, point: first.point, value: first.value });
    const active: ActivePlan = {
      id,
      input,
      runs,
      refined: 0,
      currentRunId: started.id,
      runFraction: 0,
      cancelled: false,
      detached: false,
      finished: Promise.resolve(),
    };
    this.active = active;
    active.finished = this.drive(active).finally(() => {
      if (this.active === active) this.active = null;
    });
    this.deps.logger.info(`plan ${id} started (${input.kind}, ${runs.length} runs at most)`);
    this.emitProgress(id);
    return this.summary(id);
  }

  /** Waits for each run, judges it, and starts the next; every ending is written to the store. */
  private async drive(a: ActivePlan): Promise<void> {
    let seq = 0;
    try {
      for (;;) {
        const ended = await this.deps.engine.waitFor(a.currentRunId);
        if (a.detached) return;
        a.runFraction = 0;
        const total = a.runs.length;
        if (a.cancelled || ended.status === 'cancelled') {
          this.finish(
            a,
            'cancelled',
            `Cancelled during run ${seq + 1} of ${total}; the runs that finished are kept.`,
          );
          return;
        }
        if (ended.status !== 'completed') {
          this.finish(
            a,
            'failed',
            `Run ${seq + 1} of ${total} ended ${ended.status}${ended.message ? `: ${ended.message}` : ''}. The plan stopped there.`,
          );
          return;
        }
        if (a.input.kind === 'capacity' && a.input.capacity) {
          const capacity = a.input.capacity;
          const outcomes = this.repo.runs(a.id).map(toOutcome);
          if (!searchGoesOn(outcomes, capacity.objective)) {
            // The ladder broke: bisect between the last good and the first bad rate, or stop.
            const rate = refineRate(outcomes, capacity, a.refined);
            if (rate === null) {
              this.finish(a, 'completed', null);
              return;
            }
            a.refined += 1;
            a.runs = [
              ...a.runs.slice(0, seq + 1),
              { point: seq + 1, value: rate, config: capacityStep(a.input.base, rate) },
            ];
            this.repo.setTotal(a.id, seq + 2 + this.refinementsLeft(a, outcomes));
          }
        }
        seq += 1;
        const next = a.runs[seq];
        if (!next) {
          this.finish(a, 'completed', null);
          return;
        }
        let runId: string;
        try {
          runId = (await this.deps.engine.start(next.config)).id;
        } catch (err) {
          this.finish(
            a,
            'failed',
            `Run ${seq + 1} of ${total} could not start: ${(err as Error).message}`,
          );
          return;
        }
        if (a.detached) return;
        this.repo.addRun(a.id, { seq, runId, point: next.point, value: next.value });
        a.currentRunId = runId;
        // A cancel that came while the run was starting stops it now; the loop then ends the plan.
        if (a.cancelled) await this.deps.engine.cancel(runId);
        this.emitProgress(a.id);
      }
    } catch (err) {
      if (a.detached) return;
      this.deps.logger.error(`plan ${a.id} failed`, err);
      this.finish(a, 'failed', 'The plan stopped on an unexpected error; the log has the details.');
    }
  }

  /** Bisection steps likely to follow the one at `rate`: each halves the bracket. */
  private refinementsLeft(a: ActivePlan, outcomes: readonly StepOutcome[]): number {
    const capacity = a.input.capacity;
    const { good, bad } = capacity
      ? bracket(outcomes, capacity.objective)
      : { good: null, bad: null };
    if (!capacity?.precision || good === null || bad === null) return 0;
    const halvings = Math.ceil(Math.log2((bad - good) / (capacity.precision * good)));
    return Math.max(0, Math.min(halvings - 1, MAX_REFINEMENTS - a.refined));
  }

  private finish(a: ActivePlan, status: PlanStatus, message: string | null): void {
    const text =
      message ??
      (a.input.kind === 'capacity'
        ? this.capacityMessage(a.id)
        : a.input.kind === 'repeat'
          ? this.repeatMessage(a.id)
          : null);
    this.repo.finish(a.id, status, text, this.now().toISOString());
    this.deps.logger.info(`plan ${a.id} ${status}`);
    this.emitProgress(a.id);
  }

  /** A repeat whose QPS or p99 varies beyond ±10 % between runs says so. */
  private repeatMessage(id: string): string | null {
    const stats = this.get(id).repeat;
    if (!stats) return null;
    const wide = (['qps', 'p99'] as const)
      .map((f) => ({ f, spread: ciSpread(stats[f]) }))
      .filter((x): x is { f: 'qps' | 'p99'; spread: number } => (x.spread ?? 0) > NOISY_CI);
    if (wide.length === 0) return null;
    const what = wide
      .map((x) => `${x.f === 'qps' ? 'QPS' : 'p99'} ±${(x.spread * 100).toFixed(1)} %`)
      .join(', ');
    return `Too noisy: run longer. The 95% confidence interval is wider than ±${NOISY_CI * 100} % of the mean (${what}); longer runs or more repetitions narrow it.`;
  }

  private capacityMessage(id: string): string | null {
    const view = this.get(id);
    const capacity = view.capacity;
    const objective = view.config.capacity?.objective;
    if (!capacity || !objective) return null;
    const goal = `${objective.metric} ≤ ${objective.max_ms} ms`;
    // The lowest rate that broke the objective bounds the answer from above.
    const broken = capacity.steps
      .filter((s) => s.verdict !== 'pass')
      .reduce<(typeof capacity.steps)[number] | undefined>(
        (a, s) => (a && a.rate <= s.rate ? a : s),
        undefined,
      );
    const best = capacity.result;
    if (!best)
      return `Even the first step (${capacity.steps[0]?.rate ?? '?'}/s) broke ${goal}: ${broken?.reason ?? 'no result'}. Lower start_rate.`;
    const found = `The highest rate that met ${goal} is ${best.rate}/s (achieved ${best.achieved.toFixed(1)}/s, ${objective.metric} ${best.latency_ms.toFixed(2)} ms).`;
    const precision = view.config.capacity?.precision;
    const refined =
      broken && precision !== undefined
        ? broken.rate - best.rate <= precision * best.rate
          ? ` Refined by bisection to within ${precision * 100} %.`
          : ` Bisection stopped after ${MAX_REFINEMENTS} steps, ${((broken.rate / best.rate - 1) * 100).toFixed(1)} % short of ${precision * 100} %.`
        : '';
    return broken
      ? `${found} At ${broken.rate}/s ${broken.reason}.${refined}`
      : `${found} Every step passed up to max_rate; raise max_rate to search further.`;
  }

  private emitProgress(id: string): void {
    const view = this.summary(id);
    const a = this.active?.id === id ? this.active : null;
    this.deps.events.emit('plans.progressed', {
      id,
      status: view.status,
      runs_done: view.runs_done,
      runs_total: view.runs_total,
      progress: this.progressOf(view, a),
      current_run_id: view.status === 'running' && a ? a.currentRunId : null,
      message: view.message,
    });
  }

  private progressOf(s: PlanSummary, a: ActivePlan | null): number {
    if (s.status === 'completed') return 1;
    if (s.runs_total === 0) return 0;
    const current = s.status === 'running' && a ? a.runFraction : 0;
    return Math.min(1, (s.runs_done + current) / s.runs_total);
  }

  private summary(id: string): PlanSummary {
    const stored = this.repo.get(id);
    if (!stored) throw new AppError('NOT_FOUND', `No run plan with id ${id}.`);
    return stored.summary;
  }

  get(id: string): PlanView {
    const stored = this.repo.get(id);
    if (!stored) throw new AppError('NOT_FOUND', `No run plan with id ${id}.`);
    const { summary, config } = stored;
    const runs = this.repo.runs(id);
    const measured = runs.flatMap((r) =>
      r.status === 'completed' && r.metrics ? [{ ...r, metrics: r.metrics }] : [],
    );
    const a = this.active?.id === id ? this.active : null;
    return {
      ...summary,
      config,
      progress: this.progressOf(summary, a),
      current_run_id: summary.status === 'running' && a ? a.currentRunId : null,
      runs: runs.map(({ detail: _d, duration: _s, ...r }) => r),
      repeat:
        config.kind === 'repeat' && measured.length > 0
          ? figureStats(measured.map((r) => r.metrics))
          : null,
      sweep: config.kind === 'sweep' ? sweepCurves(config.sweep?.parameter ?? '', measured) : null,
      capacity:
        config.kind === 'capacity' && config.capacity
          ? capacityResult(
              runs.filter((r) => !isActive(r.status)).map(toOutcome),
              config.capacity.objective,
            )
          : null,
    };
  }

  list(): PlanSummary[] {
    return this.repo.list();
  }

  async cancel(id: string): Promise<PlanSummary> {
    const summary = this.summary(id);
    const a = this.active?.id === id ? this.active : null;
    if (!a) {
      if (summary.status === 'running')
        throw new AppError('CONFLICT', `Plan ${id} is not running in this process.`);
      return summary;
    }
    a.cancelled = true;
    await this.deps.engine.cancel(a.currentRunId);
    await a.finished;
    return this.summary(id);
  }

  /** The core is closing: the loop lets go of the store; the next start marks the plan interrupted. */
  async close(): Promise<void> {
    this.unsubscribe();
    const a = this.active;
    if (!a) return;
    a.detached = true;
    await this.deps.engine.cancel(a.currentRunId).catch(() => undefined);
    await a.finished;
  }
}
