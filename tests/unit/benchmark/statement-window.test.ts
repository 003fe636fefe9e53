// The run's statement window in isolation: a statistics source that hangs or is missing never
// holds the run longer than the bound and is recorded with its reason; a working one gives the
// window's delta without Benchphant's own reads. The source is the window's port, not a driver.
import { describe, expect, it } from 'vitest';
import type { DbClient } from '../../../main/core/db/client';
import {
  StatementWindow,
  type StatementSource,
} from '../../../main/core/benchmark/run-statements/window';
import {
  StatementStatsUnavailable,
  type StatementCounters,
} from '../../../main/core/scheduler/statements/statement-stats';

let closed = 0;
const session = {
  type: 'postgresql',
  tls: false,
  query: () => Promise.reject(new Error('not used')),
  queryAll: () => Promise.reject(new Error('not used')),
  serverVersion: () => Promise.resolve('17'),
  close: () => {
    closed++;
    return Promise.resolve();
  },
} as DbClient;

const counters = (
  key: string,
  text: string,
  calls: number,
  totalMs: number,
): StatementCounters => ({
  key,
  text,
  calls,
  total_ms: totalMs,
  max_ms: 1,
  rows: calls,
  blks_hit: 0,
  blks_read: 0,
});

const source = (read: () => Promise<StatementCounters[]>): StatementSource => ({
  name: 'pg_stat_statements',
  open: () => Promise.resolve(session),
  read,
  caveat: null,
});

const now = () => new Date();

describe('StatementWindow', () => {
  it('gives up on a read that hangs after its bound, and says so', async () => {
    const w = new StatementWindow(
      source(() => new Promise(() => undefined)),
      now,
      50,
    );
    const t0 = performance.now();
    w.begin();
    w.end();
    const r = await w.result();
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(r.available).toBe(false);
    expect(r.reason).toMatch(/reading pg_stat_statements took longer than 0.05 s/);
    expect(r.top).toEqual([]);
  });

  it('records what to enable when the statistics are off', async () => {
    const w = new StatementWindow(
      source(() =>
        Promise.reject(new StatementStatsUnavailable('add it to shared_preload_libraries')),
      ),
      now,
    );
    w.begin();
    const r = await w.result();
    expect(r).toMatchObject({ available: false, reason: 'add it to shared_preload_libraries' });
  });

  it('says so when the run ended before its window began, and closes its session', async () => {
    const before = closed;
    const w = new StatementWindow(
      source(() => Promise.resolve([])),
      now,
    );
    const r = await w.result();
    expect(r.reason).toBe('The run ended before its measured window began.');
    await new Promise((resolve) => setImmediate(resolve));
    expect(closed).toBe(before + 1);
  });

  it("keeps the window's delta by total time, without its own reads", async () => {
    const snapshots = [
      [
        counters('a', 'SELECT v FROM kv WHERE k = $1', 100, 10),
        counters('s', 'SELECT … FROM pg_stat_statements', 1, 1),
      ],
      [
        counters('a', 'SELECT v FROM kv WHERE k = $1', 1100, 60),
        counters('b', 'UPDATE kv SET v = $1', 10, 80),
        counters('s', 'SELECT … FROM pg_stat_statements', 2, 2),
      ],
    ];
    const w = new StatementWindow(
      source(() => Promise.resolve(snapshots.shift()!)),
      now,
    );
    w.begin();
    w.end();
    const r = await w.result();
    expect(r.available).toBe(true);
    expect(r.top.map((s) => [s.key, s.calls, s.total_ms, s.mean_ms])).toEqual([
      ['b', 10, 80, 8],
      ['a', 1000, 50, 0.05],
    ]);
    expect(r).toMatchObject({ statements: 2, calls: 1010, total_ms: 130 });
  });
});
