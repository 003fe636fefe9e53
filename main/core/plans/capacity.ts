// Runs in the main process, server and CLI (pure). The capacity finder's judgement of one step and
// its answer: the highest rate whose step met the latency objective before the first one that broke.
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

/** Every step judged, and the answer: the last passing step before the first broken one. */
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
  const firstBroken = steps.findIndex((s) => s.verdict !== 'pass');
  const passed = firstBroken === -1 ? steps : steps.slice(0, firstBroken);
  const best = passed.at(-1);
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
