// The run page's and the Results list's pure logic: sorting by figures (runs without figures
// last), a run's connection name once the connection is gone, its configuration in words, its
// phases, and its server counters' totals.
import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../../shared/contract/benchmarks';
import { placeIntervals } from '../../../renderer/src/features/benchmarks/interval-rows';
import {
  configEntries,
  counterTotals,
  phases,
} from '../../../renderer/src/features/results/run-facts';
import { connectionLabel } from '../../../renderer/src/features/results/run-names';
import { DEFAULT_SORT, nextSort, sortRuns } from '../../../renderer/src/features/results/run-sort';
import { runInterval } from './run-fixtures';

const summary = (id: string, over: Partial<RunSummary>): RunSummary => ({
  id,
  connection_id: 'c1',
  type: 'oltp_read_write',
  status: 'completed',
  threads: 4,
  duration: 10,
  start_time: '2026-12-06T10:00:00.000Z',
  end_time: '2026-12-06T10:00:20.000Z',
  message: null,
  tags: [],
  notes: '',
  imported_from: null,
  warnings: [],
  target: null,
  connection_deleted: false,
  qps: 100,
  p95: 2,
  p99: 3,
  engine: null,
  ...over,
});

describe('sorting the run list', () => {
  const runs = [
    summary('a', { qps: 500, p99: 9, start_time: '2026-12-06T10:00:00.000Z' }),
    summary('b', { qps: null, p99: null, start_time: '2026-12-06T11:00:00.000Z' }),
    summary('c', { qps: 900, p99: 4, start_time: '2026-12-06T09:00:00.000Z' }),
  ];

  it('orders by a figure either way, runs without it last', () => {
    expect(sortRuns(runs, { key: 'qps', dir: 'desc' }).map((r) => r.id)).toEqual(['c', 'a', 'b']);
    expect(sortRuns(runs, { key: 'qps', dir: 'asc' }).map((r) => r.id)).toEqual(['a', 'c', 'b']);
    expect(sortRuns(runs, DEFAULT_SORT).map((r) => r.id)).toEqual(['b', 'a', 'c']);
  });

  it('sorts a new column best first, and reverses on the second click', () => {
    expect(nextSort(DEFAULT_SORT, 'qps')).toEqual({ key: 'qps', dir: 'desc' });
    expect(nextSort(DEFAULT_SORT, 'p99')).toEqual({ key: 'p99', dir: 'asc' });
    expect(nextSort({ key: 'p99', dir: 'asc' }, 'p99')).toEqual({ key: 'p99', dir: 'desc' });
  });
});

describe("a run's connection name", () => {
  const target = {
    connection_name: 'pg-prod-1',
    engine: 'postgresql' as const,
    host: 'db1',
    port: 5432,
    database: 'app',
    server_version: '16.4',
  };

  it('is the current name while the connection exists, the measured one after', () => {
    const live = [{ id: 'c1', name: 'renamed' }];
    expect(connectionLabel(summary('a', { target }), live)).toBe('renamed');
    expect(connectionLabel(summary('a', { target }), [])).toBe('pg-prod-1 (deleted connection)');
    expect(connectionLabel(summary('a', {}), [])).toBe('deleted connection');
    expect(connectionLabel(summary('a', { target, imported_from: 'x' }), [])).toBe(
      'pg-prod-1 (another machine)',
    );
  });
});

const config = {
  type: 'oltp_read_write' as const,
  connection_id: 'c1',
  duration: 60,
  threads: 8,
  parameters: { tables: 4, table_size: 100_000 },
  rate: 5000,
  protocol: 'prepared' as const,
  pipeline: 1,
  max_tries: 1,
  schema: 'benchphant_bench',
  cleanup: false,
  report_interval_ms: 1000,
};

describe('configuration in words', () => {
  it('lists parameters, the load model and extra fields a newer core records', () => {
    const entries = Object.fromEntries(configEntries({ ...config, seed: 42 }));
    // In the New run form's words, not the API's keys and ids.
    expect(entries['Rows per table']).toBe('100,000');
    expect(entries.Tables).toBe('4');
    expect(Object.keys(entries).join(' ')).not.toMatch(/_/);
    expect(entries.Protocol).toBe('prepared statements');
    expect(Object.fromEntries(configEntries({ ...config, engine: 'auto' }))['Load engine']).toBe(
      'automatic (native where it can run the workload)',
    );
    expect(entries.Clients).toBe('8');
    expect(entries['Warm-up']).toBe('6 s');
    expect(entries.Load).toBe('open loop, target 5,000 tx/s');
    expect(entries.Seed).toBe('42');
    expect(entries['Load engine']).toBeUndefined();
  });
});

const interval = (t: number, warmup: boolean, counters: Record<string, number>) =>
  runInterval({ t, warmup, server_counters: counters });

describe('phases and counters', () => {
  const intervals = [
    interval(0, true, { xact_commit: 1000 }),
    interval(1, false, { xact_commit: 10, blks_hit: 50 }),
    interval(2, false, { xact_commit: 12, blks_hit: 40 }),
  ];

  it('splits the wall time into warm-up, measured and the rest', () => {
    const run = {
      start_time: '2026-12-06T10:00:00.000Z',
      end_time: '2026-12-06T10:00:09.000Z',
      config: { ...config, warmup: 1 },
      detail: { queries: 200 } as never,
      metrics: { qps: 100, tps: 10, latency: intervals[0]!.latency, errors: 0 },
    };
    const p = phases(run, placeIntervals(intervals, 1, { queries: 200, qps: 100 }));
    expect(p).toEqual({ wall: 9, warmup: 1, measured: 2, other: 6 });
  });

  it('totals each counter over the measured intervals only, busiest first', () => {
    expect(counterTotals(intervals, 2)).toEqual([
      { name: 'blks_hit', total: 90, perSecond: 45 },
      { name: 'xact_commit', total: 22, perSecond: 11 },
    ]);
  });
});
