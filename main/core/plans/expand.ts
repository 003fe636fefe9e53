// Runs in the main process, server and CLI (pure). Turns a plan request into the runs it holds:
// the base repeated, one run per swept value, or the capacity finder's ladder of rates.
import {
  MAX_PLAN_RUNS,
  SWEEP_SETTINGS,
  type Capacity,
  type PlanStart,
} from '../../../shared/contract/plans';
import { runStartSchema, type RunStart } from '../../../shared/contract/benchmarks';

/** One run of a plan: which point (sweep value or capacity step) it measures, and its settings. */
export interface PlannedRun {
  point: number;
  /** The swept value or the step's rate; null for a repeat. */
  value: number | null;
  config: RunStart;
}

/** A request the plan cannot be built from; the message is written for the user. */
export class PlanError extends Error {
  override name = 'PlanError';
}

const DEFAULT_REPEAT: Record<PlanStart['kind'], number> = { repeat: 3, sweep: 1, capacity: 1 };

export const repetitions = (plan: PlanStart): number => plan.repeat ?? DEFAULT_REPEAT[plan.kind];

/** The base with one setting changed, checked against the contract like any run request. */
function withSetting(base: RunStart, parameter: string, value: number): RunStart {
  const changed: Record<string, unknown> = (SWEEP_SETTINGS as readonly string[]).includes(parameter)
    ? { ...base, [parameter]: value }
    : { ...base, parameters: { ...base.parameters, [parameter]: value } };
  const parsed = runStartSchema.safeParse(changed);
  if (!parsed.success) {
    const why = parsed.error.issues[0]?.message ?? 'invalid';
    throw new PlanError(`${parameter} = ${value} is not a usable run setting: ${why}`);
  }
  return parsed.data;
}

/** One step of a capacity search: the base at an open-loop `rate`. */
export const capacityStep = (base: RunStart, rate: number): RunStart =>
  withSetting(base, 'rate', rate);

/** The rates the capacity finder climbs: start, then ×factor or +increment, ending exactly at max_rate. */
export function capacityRates(c: Capacity): number[] {
  if (c.max_rate < c.start_rate)
    throw new PlanError('max_rate must be at least start_rate for a capacity search');
  const rates: number[] = [];
  let r = c.start_rate;
  while (r < c.max_rate && rates.length < MAX_PLAN_RUNS) {
    rates.push(r);
    const next = 'factor' in c.step ? r * c.step.factor : r + c.step.increment;
    r = Math.round(next * 1000) / 1000;
  }
  if (rates.length >= MAX_PLAN_RUNS)
    throw new PlanError(
      `that capacity search would take more than ${MAX_PLAN_RUNS} steps; use a larger step`,
    );
  rates.push(c.max_rate);
  return rates;
}

/** Every run the plan may hold, in order; a capacity search stops at its first broken step. */
export function expandPlan(plan: PlanStart): PlannedRun[] {
  const base = plan.base;
  const k = repetitions(plan);
  let points: { value: number | null; config: RunStart }[];
  switch (plan.kind) {
    case 'repeat':
      points = [{ value: null, config: base }];
      break;
    case 'sweep': {
      const sweep = plan.sweep;
      if (!sweep) throw new PlanError('a sweep needs sweep.parameter and sweep.values');
      if (base.stages) throw new PlanError('a sweep varies one setting; use a base without stages');
      if (new Set(sweep.values).size !== sweep.values.length)
        throw new PlanError('each sweep value may appear only once');
      points = sweep.values.map((v) => ({
        value: v,
        config: withSetting(base, sweep.parameter, v),
      }));
      break;
    }
    case 'capacity': {
      const capacity = plan.capacity;
      if (!capacity)
        throw new PlanError(
          'a capacity search needs capacity.objective, start_rate, step and max_rate',
        );
      if (base.stages)
        throw new PlanError('a capacity search sets the rate itself; use a base without stages');
      if (k !== 1) throw new PlanError('a capacity search runs each step once; leave out repeat');
      points = capacityRates(capacity).map((rate) => ({
        value: rate,
        config: capacityStep(base, rate),
      }));
      break;
    }
  }
  if (points.length * k > MAX_PLAN_RUNS)
    throw new PlanError(
      `that plan holds ${points.length * k} runs; at most ${MAX_PLAN_RUNS} are allowed`,
    );
  return points.flatMap((p, point) =>
    Array.from({ length: k }, () => ({ point, value: p.value, config: p.config })),
  );
}
