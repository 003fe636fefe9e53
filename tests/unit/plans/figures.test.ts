// A plan's results from its runs: mean ± 95% CI per figure, and a sweep's two curves.
import { describe, expect, it } from 'vitest';
import type { RunMetrics } from '../../../shared/contract/benchmarks';
import { figureStats, sweepCurves } from '../../../main/core/plans/figures';

const m = (qps: number, p99: number): RunMetrics => ({
  qps,
  tps: qps / 2,
  errors: 0,
  latency: { avg: 1, p50: 1, p95: 2, p99, p999: p99 * 2, max: p99 * 3 },
});

describe('figureStats', () => {
  it('gives the mean and the Student-t 95% interval of each figure', () => {
    const s = figureStats([m(100, 4), m(110, 5), m(120, 6)]);
    expect(s.qps.n).toBe(3);
    expect(s.qps.mean).toBeCloseTo(110, 10);
    expect(s.qps.stddev).toBeCloseTo(10, 10);
    // t(0.975, 2) = 4.302653; half width = 4.302653 · 10 / √3.
    expect(s.qps.ci_high - s.qps.mean).toBeCloseTo((4.302653 * 10) / Math.sqrt(3), 4);
    expect(s.tps.mean).toBeCloseTo(55, 10);
    expect(s.p99.mean).toBeCloseTo(5, 10);
    expect(s.p50).toMatchObject({ mean: 1, stddev: 0, ci_low: 1, ci_high: 1 });
  });

  it('gives one run an interval of its own value', () => {
    expect(figureStats([m(100, 4)]).qps).toEqual({
      n: 1,
      mean: 100,
      stddev: 0,
      ci_low: 100,
      ci_high: 100,
    });
  });
});

describe('sweepCurves', () => {
  it('keeps the swept order for the curve and sorts latency against throughput by QPS', () => {
    const c = sweepCurves('threads', [
      { point: 0, value: 1, metrics: m(100, 1) },
      { point: 1, value: 2, metrics: m(300, 2) },
      { point: 1, value: 2, metrics: m(100, 2) },
      { point: 2, value: 4, metrics: m(150, 9) },
    ]);
    expect(c.parameter).toBe('threads');
    expect(c.points.map((p) => [p.value, p.figures.qps.mean, p.figures.qps.n])).toEqual([
      [1, 100, 1],
      [2, 200, 2],
      [4, 150, 1],
    ]);
    // Two runs on one side only: no test.
    expect(c.points.map((p) => p.vs_previous)).toEqual([null, null, null]);
    expect(c.latency_throughput).toEqual([
      { value: 1, qps: 100, p99: 1 },
      { value: 4, qps: 150, p99: 9 },
      { value: 2, qps: 200, p99: 2 },
    ]);
  });

  it("tells a step beyond the run-to-run noise from one within it (Welch's t-test on QPS)", () => {
    const at = (point: number, value: number, qps: number[]) =>
      qps.map((q) => ({ point, value, metrics: m(q, 1) }));
    const c = sweepCurves('threads', [
      ...at(0, 1, [100, 102, 98]),
      ...at(1, 2, [101, 99, 103]),
      ...at(2, 4, [200, 205, 195]),
    ]);
    expect(c.points[0]!.vs_previous).toBeNull();
    expect(c.points[1]!.vs_previous).toMatchObject({
      test: "Welch's t-test",
      significant: false,
    });
    expect(c.points[1]!.vs_previous!.p_value).toBeGreaterThan(0.5);
    expect(c.points[2]!.vs_previous!.significant).toBe(true);
    expect(c.points[2]!.vs_previous!.p_value).toBeLessThan(0.001);
  });
});
