// A run's database and server host figures aligned to its report intervals: where each interval
// lies in time (from the saved report times), and min/avg/max of the samples inside each one.
import { describe, expect, it } from 'vitest';
import { alignToIntervals, intervalWindows } from '../../../main/core/results/server-metrics';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const at = (ms: number) => new Date(ms).toISOString();

describe('run server metrics', () => {
  it('places intervals by their least delayed report', () => {
    // Reports saved 120, 40 and 300 ms after their intervals ended.
    const windows = intervalWindows(
      [
        { t: 1, at: at(T0 + 1000 + 120) },
        { t: 2, at: at(T0 + 2000 + 40) },
        { t: 3, at: at(T0 + 3000 + 300) },
      ],
      1000,
    );
    expect(windows).toEqual([
      { t: 1, from: T0 + 40, to: T0 + 1040 },
      { t: 2, from: T0 + 1040, to: T0 + 2040 },
      { t: 3, from: T0 + 2040, to: T0 + 3040 },
    ]);
    expect(intervalWindows([{ t: 1, at: null }], 1000)).toEqual([]);
  });

  it('gives min/avg/max per interval, skipping gaps and intervals without samples', () => {
    const windows = [
      { t: 1, from: T0, to: T0 + 1000 },
      { t: 2, from: T0 + 1000, to: T0 + 2000 },
      { t: 3, from: T0 + 2000, to: T0 + 3000 },
    ];
    const samples = [
      { ts: T0 + 1500, values: { tps: 30, lag: null } },
      { ts: T0 + 500, values: { tps: 10, lag: 2 } },
      { ts: T0 + 1000, values: { tps: 20 } },
      { ts: T0 + 9000, values: { tps: 99 } },
    ];
    expect(alignToIntervals(samples, windows)).toEqual([
      { t: 1, values: { tps: { min: 10, avg: 15, max: 20 }, lag: { min: 2, avg: 2, max: 2 } } },
      { t: 2, values: { tps: { min: 30, avg: 30, max: 30 } } },
    ]);
  });
});
