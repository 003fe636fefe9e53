// The capacity finder's judgement on synthetic step results: each way a step breaks, and the
// answer as the highest passing rate below every broken one, and the bisection that refines it.
import { describe, expect, it } from 'vitest';
import {
  capacityResult,
  judgeStep,
  MAX_REFINEMENTS,
  refineRate,
  searchGoesOn,
  type StepOutcome,
} from '../../../main/core/plans/capacity';

const objective = { metric: 'p99', max_ms: 20 } as const;

function step(
  rate: number,
  over: Partial<StepOutcome> & { tps?: number; p99?: number; errors?: number } = {},
): StepOutcome {
  const { tps = rate, p99 = 10, errors = 0, ...rest } = over;
  return {
    run_id: `00000000-0000-4000-8000-${String(rate).padStart(12, '0')}`,
    rate,
    status: 'completed',
    metrics: {
      qps: tps,
      tps,
      errors,
      latency: { avg: 2, p50: 1.5, p95: 5, p99, p999: 30, max: 40 },
    },
    saturated: false,
    transactions: tps * 10,
    seconds: 10,
    ...rest,
  };
}

describe('judgeStep', () => {
  it('passes a step within the objective that carried its rate', () => {
    expect(judgeStep(step(1000, { tps: 960 }), objective).verdict).toBe('pass');
  });

  it('breaks on latency over the objective, naming both figures', () => {
    const j = judgeStep(step(1000, { p99: 20.5 }), objective);
    expect(j.verdict).toBe('latency');
    expect(j.reason).toBe('p99 20.50 ms is over the objective of 20.00 ms');
  });

  it('reads the percentile the objective names', () => {
    expect(judgeStep(step(1000, { p99: 50 }), { metric: 'p95', max_ms: 6 }).verdict).toBe('pass');
    expect(judgeStep(step(1000), { metric: 'p50', max_ms: 1 }).verdict).toBe('latency');
  });

  it('breaks when the achieved rate is more than 5% short', () => {
    expect(judgeStep(step(1000, { tps: 951 }), objective).verdict).toBe('pass');
    const j = judgeStep(step(1000, { tps: 949 }), objective);
    expect(j.verdict).toBe('short');
    expect(j.reason).toMatch(/achieved 949.0\/s of 1000\/s/);
  });

  it('forgives a shortfall within the Poisson noise of a short step', () => {
    // 50/s for 1 s: the arrival count varies by √50 ≈ 7, so 3σ ≈ 21/s.
    expect(judgeStep(step(50, { tps: 35, seconds: 1 }), objective).verdict).toBe('pass');
    expect(judgeStep(step(50, { tps: 25, seconds: 1 }), objective).verdict).toBe('short');
    // At 10 000/s for 10 s the noise is 3/s: the 5% rule decides.
    expect(judgeStep(step(10_000, { tps: 9_400 }), objective).verdict).toBe('short');
  });

  it('breaks on a saturated schedule, on errors, and on a run that did not complete', () => {
    expect(judgeStep(step(1000, { saturated: true }), objective).verdict).toBe('saturated');
    expect(judgeStep(step(1000, { errors: 200 }), objective).verdict).toBe('errors');
    expect(judgeStep(step(1000, { errors: 50 }), objective).verdict).toBe('pass');
    expect(judgeStep(step(1000, { status: 'failed' }), objective)).toEqual({
      verdict: 'failed',
      reason: 'the run ended failed',
    });
  });
});

describe('capacityResult', () => {
  it('answers with the last rate before the first broken step', () => {
    const steps = [step(1000), step(2000), step(4000, { p99: 35 })];
    const r = capacityResult(steps, objective);
    expect(r.steps.map((s) => s.verdict)).toEqual(['pass', 'pass', 'latency']);
    expect(r.result).toEqual({
      rate: 2000,
      achieved: 2000,
      latency_ms: 10,
      run_id: steps[1]!.run_id,
    });
    expect(searchGoesOn(steps, objective)).toBe(false);
    expect(searchGoesOn(steps.slice(0, 2), objective)).toBe(true);
  });

  it('ignores a pass that comes after a broken step', () => {
    const r = capacityResult([step(1000), step(2000, { tps: 1500 }), step(4000)], objective);
    expect(r.result?.rate).toBe(1000);
  });

  it('has no answer when the first step already broke', () => {
    const r = capacityResult([step(1000, { p99: 80 })], objective);
    expect(r.result).toBeNull();
    expect(r.steps[0]).toMatchObject({ rate: 1000, latency_ms: 80, p99: 80, verdict: 'latency' });
  });

  it('answers with the top rate when every step passed', () => {
    expect(capacityResult([step(1000), step(2000)], objective).result?.rate).toBe(2000);
  });
});

describe('refineRate (bisection between the last good and the first bad rate)', () => {
  const capacity = {
    objective,
    start_rate: 1000,
    step: { factor: 2 },
    max_rate: 16_000,
    precision: 0.05,
  };
  /** A server that carries up to 2 900/s: above it, p99 breaks the objective. */
  const at = (rate: number) => step(rate, { p99: rate <= 2900 ? 10 : 35 });

  it('halves the bracket until it is within the precision, then answers from the steps', () => {
    const outcomes = [at(1000), at(2000), at(4000)];
    const tried: number[] = [];
    for (let rate = refineRate(outcomes, capacity, 0); rate !== null;) {
      tried.push(rate);
      outcomes.push(at(rate));
      rate = refineRate(outcomes, capacity, tried.length);
    }
    expect(tried).toEqual([3000, 2500, 2750, 2875]);
    const r = capacityResult(outcomes, objective);
    expect(r.result?.rate).toBe(2875);
    // The answer is within 5 % of the first rate that broke.
    const broke = Math.min(...r.steps.filter((s) => s.verdict !== 'pass').map((s) => s.rate));
    expect(broke).toBe(3000);
    expect((broke - 2875) / 2875).toBeLessThanOrEqual(0.05);
  });

  it('does not refine without a precision, before any step broke, or when the first one did', () => {
    const { precision: _p, ...ladderOnly } = capacity;
    expect(refineRate([at(1000), at(2000), at(4000)], ladderOnly, 0)).toBeNull();
    expect(refineRate([at(1000), at(2000)], capacity, 0)).toBeNull();
    expect(refineRate([at(4000)], capacity, 0)).toBeNull();
  });

  it('stops after its most steps even when the bracket is still wide', () => {
    const outcomes = [at(1000), at(2000), at(4000)];
    expect(refineRate(outcomes, capacity, MAX_REFINEMENTS)).toBeNull();
    expect(refineRate(outcomes, { ...capacity, precision: 0.5 }, 0)).toBe(3000);
    // 2 000 → 3 000 is 50 %: within a 50 % precision nothing is left to refine.
    expect(refineRate([...outcomes, at(3000)], { ...capacity, precision: 0.5 }, 1)).toBeNull();
  });
});
