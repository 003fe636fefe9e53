// Runs in the main process, server and CLI (pure). The capacity finder's judgement of one step, the
// bisection that refines the answer between the last good and the first bad rate, and the answer:
// the highest rate whose step met the latency objective, below every rate that broke it.
import type {
  Capacity,
  CapacityStep,
  CapacityVerdict,
  PlanView,
} from '../../../shared/contract/plans';
import type { RunMetrics, RunStatus } from '../../../shared/contract/benchmarks';

/** A step may fall this far short of its target rate and still count as having carried it. */
export const SHORTFALL = 0.05;
/**
 * Open-loop arrivals are Poisson: over a short step the count itself varies by √(rate·seconds).
 * A shortfall within three of those standard deviations is the schedule's noise, not the server.
 */
export const NOISE_SIGMAS = 3;
/** Failed transactions beyond this share break a step: an answer that errors is not capacity. */
export const MAX_ERROR_SHARE = 0.01;

export interface StepOutcome {
  run_id: string;
  rate: number;
  status: RunStatus;
  metrics: RunMetrics | null;
  /** The engine's flag for an open-loop schedule that kept falling behind. */
  saturated: boolean;
  transactions: number;
  /** Measured seconds of the step. */
  seconds: number;
}

/** Transactions per second the step may miss by chance alone. */
export const arrivalNoise = (rate: number, seconds: number): number =>
  seconds > 0 ? (NOISE_SIGMAS * Math.sqrt(rate * seconds)) / seconds : 0;

const ms = (v: number) => `${v.toFixed(2)} ms`;

export function judgeStep(
  step: StepOutcome,
  objective: Capacity['objective'],
): { verdict: CapacityVerdict; reason: string } {
  const m = step.metrics;
  if (step.status !== 'completed' || !m)
    return { verdict: 'failed', reason: `the run ended ${step.status}` };
  const latency = m.latency[objective.metric];
  if (step.transactions > 0 && m.errors / (m.errors + step.transactions) > MAX_ERROR_SHARE)
    return {
      verdict: 'errors',
      reason: `${m.errors} failed transactions (over ${MAX_ERROR_SHARE * 100}%)`,
    };
  if (latency > objective.max_ms)
    return {
      verdict: 'latency',
      reason: `${objective.metric} ${ms(latency)} is over the objective of ${ms(objective.max_ms)}`,
    };
  if (
    m.tps < step.rate * (1 - SHORTFALL) &&
    step.rate - m.tps > arrivalNoise(step.rate, step.seconds)
  )
    return {
      verdict: 'short',
      reason: `achieved ${m.tps.toFixed(1)}/s of ${step.rate}/s (more than ${SHORTFALL * 100}% short)`,
    };
  if (step.saturated)
    return { verdict: 'saturated', reason: 'the client fell further and further behind schedule' };
  return {
    verdict: 'pass',
    reason: `${objective.metric} ${ms(latency)} within ${ms(objective.max_ms)}`,
  };
}

/** Bisection steps at most, whatever the precision: each one is a full run. */
export const MAX_REFINEMENTS = 10;

/** The highest passing and the lowest broken rate so far (either may be missing). */
export function bracket(
  outcomes: readonly StepOutcome[],
  objective: Capacity['objective'],
): { good: number | null; bad: number | null } {
  let good: number | null = null;
  let bad: number | null = null;
  for (const o of outcomes) {
    const pass = judgeStep(o, objective).verdict === 'pass';
    if (pass && (good === null || o.rate > good)) good = o.rate;
    if (!pass && (bad === null || o.rate < bad)) bad = o.rate;
  }
  return { good, bad };
}

/**
 * The next rate of the bisection, or null when the search is done: no step broke yet (the ladder
 * goes on), even the first broke (nothing below to refine), the good and bad rates are within
 * the precision of the good one, or `refined` steps already ran.
 */
export function refineRate(
  outcomes: readonly StepOutcome[],
  capacity: Capacity,
  refined: number,
): number | null {
  if (capacity.precision === undefined || refined >= MAX_REFINEMENTS) return null;
  const { good, bad } = bracket(outcomes, capacity.objective);
  if (good === null || bad === null || bad - good <= capacity.precision * good) return null;
  const mid = Math.round(((good + bad) / 2) * 1000) / 1000;
  return mid > good && mid < bad ? mid : null;
}

/** Every step judged, and the answer: the highest passing rate below every broken one. */
export function capacityResult(
  outcomes: readonly StepOutcome[],
  objective: Capacity['objective'],
): NonNullable<PlanView['capacity']> {
  const steps: CapacityStep[] = outcomes.map((o) => ({
    run_id: o.run_id,
    rate: o.rate,
    achieved: o.metrics?.tps ?? 0,
    latency_ms: o.metrics?.latency[objective.metric] ?? 0,
    p99: o.metrics?.latency.p99 ?? 0,
    ...judgeStep(o, objective),
  }));
  const broken = steps.filter((s) => s.verdict !== 'pass').map((s) => s.rate);
  const lowestBroken = broken.length > 0 ? Math.min(...broken) : Infinity;
  const best = steps
    .filter((s) => s.verdict === 'pass' && s.rate < lowestBroken)
    .reduce<CapacityStep | undefined>((a, s) => (a && a.rate >= s.rate ? a : s), undefined);
  return {
    steps,
    result: best
      ? {
          rate: best.rate,
          achieved: best.achieved,
          latency_ms: best.latency_ms,
          run_id: best.run_id,
        }
      : null,
  };
}

/** The search goes on while every step so far passed. */
export const searchGoesOn = (
  outcomes: readonly StepOutcome[],
  objective: Capacity['objective'],
): boolean => outcomes.every((o) => judgeStep(o, objective).verdict === 'pass');
