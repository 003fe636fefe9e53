// The per-connection series store: samples kept as compact binary JSON (5 significant digits),
// the newest sample read back whole, raw figures and minute rollups with min/avg/max per metric.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compactJson, DbMetricsStore, Rollups } from '../../../main/core/db-metrics/store';
import { openDatabase } from '../../../main/core/store/database';
import { tempDir } from '../metrics/helpers';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

function sample(ts: number, tps: number) {
  return {
    connection_id: 'c1',
    timestamp: new Date(ts).toISOString(),
    values: { transactions_per_sec: tps, sessions_total: 4, replication_lag_s: null },
    waits: { Lock: 1 },
    break: false,
    run_id: null,
  };
}

describe('series store', () => {
  it('keeps figures to 5 significant digits, integers as they are', () => {
    expect(compactJson({ a: 123.456789, b: 1_234_567, c: [0.000123456789, null] })).toBe(
      '{"a":123.46,"b":1234567,"c":[0.00012346,null]}',
    );
  });

  it('reads back the newest sample, raw figures and minute rollups', () => {
    const store = new DbMetricsStore(openDatabase(join(tempDir(), 'benchphant.sqlite')));
    const rollups = new Rollups(store, 'c1');
    // Two minutes of seconds: tps 0..119.
    for (let i = 0; i < 120; i += 1) {
      const s = sample(T0 + i * 1000, i + 0.123456);
      store.insert(s);
      rollups.add(T0 + i * 1000, s.values);
    }
    rollups.flush();
    const latest = store.latest('c1');
    expect(latest?.values).toEqual({
      transactions_per_sec: 119.12,
      sessions_total: 4,
      replication_lag_s: null,
    });
    expect(latest?.waits).toEqual({ Lock: 1 });
    const raw = store.raw('c1', 'transactions_per_sec', T0, T0 + 2000);
    expect(raw.map((p) => p.avg)).toEqual([0.12346, 1.1235, 2.1235]);
    const minutes = store.rollup('c1', '1m', 'transactions_per_sec', T0, T0 + 120_000);
    expect(minutes).toHaveLength(2);
    expect(minutes[0]).toMatchObject({ ts: T0, min: 0.12346, max: 59.123 });
    expect(minutes[0]?.avg).toBeCloseTo(29.623, 2);
    expect(minutes[1]).toMatchObject({ ts: T0 + 60_000, min: 60.123, max: 119.12 });
    // A metric without values in the rollup: a gap, not a zero.
    expect(store.rollup('c1', '1m', 'replication_lag_s', T0, T0 + 120_000)[0]).toMatchObject({
      avg: null,
      min: null,
      max: null,
    });
  });
});

describe('queued samples', () => {
  const rowsOnDisk = (db: ReturnType<typeof openDatabase>) =>
    (db.prepare('SELECT count(*) AS n FROM db_metric_samples').get() as { n: number }).n;

  it('reach the disk in one batch per ten seconds, and every read sees them before that', () => {
    const db = openDatabase(join(tempDir(), 'benchphant.sqlite'));
    const store = new DbMetricsStore(db);
    for (let i = 0; i < 10; i += 1) store.insert(sample(T0 + i * 1000, i));
    // Nine seconds after the first: still queued, yet the newest is what latest answers.
    expect(rowsOnDisk(db)).toBe(0);
    expect(store.latest('c1')?.values.transactions_per_sec).toBe(9);
    expect(store.latest('c1')?.timestamp).toBe(new Date(T0 + 9000).toISOString());
    expect(rowsOnDisk(db)).toBe(0);
    // The tenth second's sample writes the batch.
    store.insert(sample(T0 + 10_000, 10));
    expect(rowsOnDisk(db)).toBe(11);
    store.insert(sample(T0 + 11_000, 11.123456));
    expect(rowsOnDisk(db)).toBe(11);
    // A read of history writes what is queued first; the queued answer and the stored one agree.
    const queued = store.latest('c1');
    expect(store.raw('c1', 'transactions_per_sec', T0 + 11_000, T0 + 11_000)[0]?.avg).toBe(11.123);
    expect(rowsOnDisk(db)).toBe(12);
    expect(store.latest('c1')).toEqual(queued);
  });

  it('are written when the store is asked to, as a watcher does when it stops', () => {
    const db = openDatabase(join(tempDir(), 'benchphant.sqlite'));
    const store = new DbMetricsStore(db);
    store.insert(sample(T0, 1));
    store.insert({ ...sample(T0 + 1000, 2), connection_id: 'c2' });
    expect(rowsOnDisk(db)).toBe(0);
    store.writePending();
    expect(rowsOnDisk(db)).toBe(2);
    expect(store.samplesBetween('c2', T0, T0 + 1000)).toEqual([
      {
        ts: T0 + 1000,
        values: { transactions_per_sec: 2, sessions_total: 4, replication_lag_s: null },
      },
    ]);
  });
});
