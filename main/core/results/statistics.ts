// Runs in the main process, server and CLI. Statistics of repeated runs: mean, sample standard
// deviation, the 95% confidence interval of the mean (Student t) and Welch's t-test. The t
// distribution comes from jstat; only the arithmetic around it is here.
import jStat from 'jstat';

export const ALPHA = 0.05;
export const CONFIDENCE = 0.95;

export function mean(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error('the mean of no values is undefined');
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Sample variance (n − 1 in the denominator); 0 for a single value. */
export function variance(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1);
}

export const stddev = (xs: readonly number[]): number => Math.sqrt(variance(xs));

export interface MeanInterval {
  n: number;
  mean: number;
  stddev: number;
  ci_low: number;
  ci_high: number;
}

/**
 * Mean ± t(1 − α/2, n − 1)·s/√n; a single value has no spread to estimate, so its interval is the
 * value. The interval stops at `lowest`, the smallest value the quantity can take (0 for the
 * rates, latencies and counts we estimate): two noisy runs give t = 12.7, and "−3,000 QPS" is no
 * figure. Cut there, it still holds the true mean with the same confidence.
 */
export function confidenceInterval(
  xs: readonly number[],
  confidence = CONFIDENCE,
  lowest = 0,
): MeanInterval {
  const n = xs.length;
  const m = mean(xs);
  const s = stddev(xs);
  if (n < 2) return { n, mean: m, stddev: 0, ci_low: m, ci_high: m };
  const half = jStat.studentt.inv(1 - (1 - confidence) / 2, n - 1) * (s / Math.sqrt(n));
  return { n, mean: m, stddev: s, ci_low: Math.max(lowest, m - half), ci_high: m + half };
}

export interface WelchResult {
  t: number;
  df: number;
  /** Two-sided. */
  p_value: number;
}

/**
 * Welch's unequal-variances t-test of mean(a) − mean(b), two-sided. Null when either side has
 * fewer than two values. Two spread-less samples are identical (p = 1) or certainly different (p = 0).
 */
export function welchTTest(a: readonly number[], b: readonly number[]): WelchResult | null {
  if (a.length < 2 || b.length < 2) return null;
  const va = variance(a) / a.length;
  const vb = variance(b) / b.length;
  const diff = mean(a) - mean(b);
  const se2 = va + vb;
  if (se2 === 0) {
    return diff === 0
      ? { t: 0, df: a.length + b.length - 2, p_value: 1 }
      : { t: diff > 0 ? Infinity : -Infinity, df: a.length + b.length - 2, p_value: 0 };
  }
  const t = diff / Math.sqrt(se2);
  const df = se2 ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1));
  const p = 2 * (1 - jStat.studentt.cdf(Math.abs(t), df));
  return { t, df, p_value: Math.min(1, Math.max(0, p)) };
}
