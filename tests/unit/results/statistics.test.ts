// Statistics of repetitions against published figures: Student's sleep data (Cushny & Peebles,
// as in R's `sleep`), whose one-sample CI and Welch test R reports as quoted below.
import { describe, expect, it } from 'vitest';
import {
  confidenceInterval,
  mean,
  stddev,
  welchTTest,
} from '../../../main/core/results/statistics';

const GROUP1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
const GROUP2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];

describe('confidence interval of the mean (Student t)', () => {
  it('matches R: t.test(sleep$extra[1:10]) → mean 0.75, 95% CI [-0.5297804, 2.0297804]', () => {
    // Sleep gains can be negative: no floor.
    const ci = confidenceInterval(GROUP1, 0.95, -Infinity);
    expect(ci.n).toBe(10);
    expect(ci.mean).toBeCloseTo(0.75, 10);
    expect(ci.stddev).toBeCloseTo(1.78901, 5);
    expect(ci.ci_low).toBeCloseTo(-0.5297804, 6);
    expect(ci.ci_high).toBeCloseTo(2.0297804, 6);
  });

  it('matches a textbook small sample: 5 values, t(0.975, 4) = 2.776', () => {
    // x̄ = 20, s = √10 → half width 2.776 · √10/√5 = 3.926
    const ci = confidenceInterval([16, 18, 20, 22, 24]);
    expect(ci.mean).toBe(20);
    expect(ci.stddev).toBeCloseTo(Math.sqrt(10), 12);
    expect(ci.ci_high - ci.mean).toBeCloseTo(3.926, 3);
    expect(ci.mean - ci.ci_low).toBeCloseTo(3.926, 3);
  });

  it('gives a single value no spread rather than an infinite interval', () => {
    expect(confidenceInterval([42])).toEqual({
      n: 1,
      mean: 42,
      stddev: 0,
      ci_low: 42,
      ci_high: 42,
    });
  });

  it('stops at zero for a figure that cannot be negative (two noisy runs: t = 12.7)', () => {
    const ci = confidenceInterval([1000, 3000]);
    expect(ci.mean).toBe(2000);
    expect(ci.ci_low).toBe(0);
    // 12.706 · √2,000,000 / √2 = 12,706
    expect(ci.ci_high).toBeCloseTo(2000 + 12706.2, 0);
  });

  it('is wider at 99% than at 95%', () => {
    const a = confidenceInterval(GROUP1, 0.95, -Infinity);
    const b = confidenceInterval(GROUP1, 0.99, -Infinity);
    expect(b.ci_high - b.ci_low).toBeGreaterThan(a.ci_high - a.ci_low);
  });

  it('refuses the mean of nothing', () => {
    expect(() => mean([])).toThrow(/no values/);
    expect(stddev([3])).toBe(0);
  });
});

describe("Welch's t-test", () => {
  it('matches R: t.test(extra ~ group, data = sleep) → t = -1.8608, df = 17.776, p = 0.07939', () => {
    const r = welchTTest(GROUP1, GROUP2)!;
    expect(r.t).toBeCloseTo(-1.8608, 4);
    expect(r.df).toBeCloseTo(17.776, 3);
    expect(r.p_value).toBeCloseTo(0.07939, 5);
  });

  it('is symmetric in its p-value', () => {
    expect(welchTTest(GROUP2, GROUP1)!.p_value).toBeCloseTo(
      welchTTest(GROUP1, GROUP2)!.p_value,
      12,
    );
  });

  it('needs two values on each side', () => {
    expect(welchTTest([1], [1, 2, 3])).toBeNull();
  });

  it('handles samples without spread: identical → p 1, different → p 0', () => {
    expect(welchTTest([5, 5, 5], [5, 5])!.p_value).toBe(1);
    expect(welchTTest([5, 5, 5], [6, 6])!.p_value).toBe(0);
  });
});
