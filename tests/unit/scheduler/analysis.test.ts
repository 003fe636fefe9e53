// Statement snapshots: deltas per window, resets as fresh counts, and the report's new and
// slower statements.
import { describe, expect, it } from 'vitest';
import { delta, report } from '../../../main/core/scheduler/statements/analysis';
import type { StatementCounters } from '../../../main/core/scheduler/statements/statement-stats';

const s = (key: string, calls: number, total_ms: number): StatementCounters => ({
  key,
  text: `SELECT ${key}`,
  calls,
  total_ms,
  max_ms: total_ms,
  rows: calls,
  blks_hit: calls * 2,
  blks_read: 0,
});

describe('delta', () => {
  it('counts what happened in the window, dropping statements that did not run', () => {
    const d = delta([s('a', 10, 10), s('b', 5, 50)], [s('a', 30, 50), s('b', 5, 50), s('c', 2, 8)]);
    expect(d.map((x) => [x.key, x.calls, x.total_ms, x.mean_ms])).toEqual([
      ['a', 20, 40, 2],
      ['c', 2, 8, 4],
    ]);
    expect(d[0]!.previous_mean_ms).toBe(1);
    expect(d[1]!.previous_mean_ms).toBeNull();
    expect(d[0]!.blks_hit).toBe(40);
  });

  it('treats counters that went backwards as a reset, not a negative window', () => {
    const [a] = delta([s('a', 100, 100)], [s('a', 4, 20)]);
    expect(a).toMatchObject({ calls: 4, total_ms: 20, mean_ms: 5 });
  });

  it('compares with the previous window mean when it is known', () => {
    const [a] = delta([s('a', 10, 10)], [s('a', 20, 110)], new Map([['a', 0.5]]));
    expect(a).toMatchObject({ mean_ms: 10, previous_mean_ms: 0.5 });
  });
});

describe('report', () => {
  it('lists the top by time, the new statements and those slower than the threshold', () => {
    const before = [s('a', 10, 10), s('b', 10, 100)];
    const d = delta(before, [s('a', 20, 40), s('b', 20, 210), s('c', 1, 1)]);
    const r = report(before, d, { top: 10, slowerPercent: 50 });
    expect(r.top.map((x) => x.key)).toEqual(['b', 'a', 'c']);
    expect(r.new_statements.map((x) => x.key)).toEqual(['c']);
    // a: 1 ms → 3 ms a call (+200 %); b: 10 → 11 ms (+10 %): only a is slower past 50 %.
    expect(r.slower.map((x) => [x.key, Math.round(x.growth_percent)])).toEqual([['a', 200]]);
    expect(r.statements).toBe(3);
    expect(r.total_ms).toBe(141);
  });
});
