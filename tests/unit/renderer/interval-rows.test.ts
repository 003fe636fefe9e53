// The partial-interval rule: a stopped run's last measured interval is drawn at its true end with
// its length, derived from the run's totals; whole intervals and live runs are left as they are.
import { describe, expect, it } from 'vitest';
import {
  measuredSeconds,
  partialOf,
  placeIntervals,
} from '../../../renderer/src/features/benchmarks/interval-rows';
import { runInterval } from './run-fixtures';

const interval = (t: number, qps: number, warmup = false) =>
  runInterval({ t, qps, tps: qps / 10, warmup });

/** Totals as the core computes them: statements over the measured time. */
function totals(measured: { qps: number; seconds: number }[]) {
  const queries = measured.reduce((a, m) => a + Math.round(m.qps * m.seconds), 0);
  const seconds = measured.reduce((a, m) => a + m.seconds, 0);
  return { queries, qps: queries / seconds };
}

describe('partial last interval', () => {
  it("places a stopped run's last 0.3 s at its true end, marked partial with its length", () => {
    const intervals = [
      interval(-1, 900, true),
      interval(1, 1000),
      interval(2, 1010),
      interval(3, 400),
    ];
    const placed = placeIntervals(
      intervals,
      1,
      totals([
        { qps: 1000, seconds: 1 },
        { qps: 1010, seconds: 1 },
        { qps: 400, seconds: 0.3 },
      ]),
    );
    expect(placed.map((p) => p.partial)).toEqual([false, false, false, true]);
    const last = partialOf(placed);
    expect(last?.length).toBeCloseTo(0.3, 6);
    expect(last?.x).toBeCloseTo(2.3, 6);
    expect(placed.slice(0, 3).map((p) => p.x)).toEqual([-1, 1, 2]);
  });

  it('finds the length even when the partial interval completed nothing', () => {
    const placed = placeIntervals(
      [interval(1, 1000), interval(2, 0)],
      1,
      totals([
        { qps: 1000, seconds: 1 },
        { qps: 0, seconds: 0.05 },
      ]),
    );
    expect(partialOf(placed)?.length).toBeCloseTo(0.05, 6);
    expect(partialOf(placed)?.x).toBeCloseTo(1.05, 6);
  });

  it('leaves whole intervals alone, at any report interval', () => {
    const placed = placeIntervals(
      [interval(0.5, 1000), interval(1, 990), interval(1.5, 1005)],
      0.5,
      totals([
        { qps: 1000, seconds: 0.5 },
        { qps: 990, seconds: 0.5 },
        { qps: 1005, seconds: 0.5 },
      ]),
    );
    expect(partialOf(placed)).toBeNull();
    expect(placed.map((p) => [p.x, p.length])).toEqual([
      [0.5, 0.5],
      [1, 0.5],
      [1.5, 0.5],
    ]);
  });

  it('marks nothing partial without totals (a live run) or without throughput', () => {
    const intervals = [interval(1, 1000), interval(2, 100)];
    expect(partialOf(placeIntervals(intervals, 1, null))).toBeNull();
    expect(partialOf(placeIntervals(intervals, 1, { queries: 0, qps: 0 }))).toBeNull();
    expect(measuredSeconds({ queries: 0, qps: 0 })).toBeNull();
  });

  it('never touches warm-up intervals, even when only warm-up was recorded', () => {
    const placed = placeIntervals([interval(-1, 500, true)], 1, { queries: 10, qps: 100 });
    expect(placed[0]).toMatchObject({ x: -1, length: 1, partial: false });
  });
});
