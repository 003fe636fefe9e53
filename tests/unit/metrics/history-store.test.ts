import { afterEach, describe, expect, it } from 'vitest';
import { FIGURES, decode, encode, figuresOf } from '../../../main/core/metrics/figures';
import type { StoredSample } from '../../../main/core/metrics/history-store';
import { DAY, makeService, syntheticSamples } from './helpers';

const START = Date.UTC(2026, 0, 1);
let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});

function setup() {
  const s = makeService(START + 31 * DAY);
  cleanup = () => s.db.close();
  return s;
}

/** The reference: aggregates computed from raw rows in plain code. */
function aggregate(rows: StoredSample[], bucketMs: number, column: number) {
  const out = new Map<number, { min: number; max: number; sum: number; n: number }>();
  for (const r of rows) {
    const v = r.values[column];
    if (v === null || v === undefined) continue;
    const b = r.ts - (r.ts % bucketMs);
    const a = out.get(b) ?? { min: Infinity, max: -Infinity, sum: 0, n: 0 };
    a.min = Math.min(a.min, v);
    a.max = Math.max(a.max, v);
    a.sum += v;
    a.n += 1;
    out.set(b, a);
  }
  return out;
}

describe('history store rollups', () => {
  it('keeps 1 m and 1 h rollups equal to the aggregates of the raw samples over a month', () => {
    const { service } = setup();
    const rows = [...syntheticSamples(START, START + 31 * DAY, 45_000)];
    service.store.insertMany(rows);
    for (const [table, bucket] of [
      ['1m', 60_000],
      ['1h', 3_600_000],
    ] as const) {
      for (const f of [...figuresOf('cpu').slice(0, 2), ...figuresOf('disk').slice(4, 6)]) {
        const expected = aggregate(rows, bucket, FIGURES.indexOf(f));
        const points = service.store.queryRollup(
          table,
          f.type,
          START,
          START + 31 * DAY,
          bucket,
          100_000,
        );
        expect(points.length).toBe(expected.size);
        for (const p of points) {
          const e = expected.get(Date.parse(p.timestamp));
          expect(e, p.timestamp).toBeDefined();
          if (!e) continue;
          expect(p.samples).toBe(e.n);
          expect(p.min[f.name]).toBeCloseTo(decode(f, e.min) ?? NaN, 9);
          expect(p.max[f.name]).toBeCloseTo(decode(f, e.max) ?? NaN, 9);
          expect(p.data[f.name]).toBeCloseTo(decode(f, e.sum / e.n) ?? NaN, 9);
        }
      }
    }
  }, 60_000);

  it('merges 1 m rollups into 5 m buckets exactly like raw samples would be', () => {
    const { service } = setup();
    const rows = [...syntheticSamples(START, START + 2 * DAY, 5_000)];
    service.store.insertMany(rows);
    const f = figuresOf('memory')[1];
    if (!f) throw new Error('memory figure missing');
    const fromRaw = service.store.queryRaw('memory', START, START + 2 * DAY, 300_000, 10_000);
    const fromRollup = service.store.queryRollup(
      '1m',
      'memory',
      START,
      START + 2 * DAY,
      300_000,
      10_000,
    );
    expect(fromRollup).toHaveLength(2 * 288);
    expect(fromRollup.map((p) => p.timestamp)).toEqual(fromRaw.map((p) => p.timestamp));
    fromRollup.forEach((p, i) => {
      expect(p.data[f.name]).toBeCloseTo(fromRaw[i]?.data[f.name] ?? NaN, 6);
      expect(p.max[f.name]).toBe(fromRaw[i]?.max[f.name]);
      expect(p.samples).toBe(fromRaw[i]?.samples);
    });
  }, 30_000);

  it('counts nullable figures on their own and ignores a duplicate timestamp', () => {
    const { service } = setup();
    const tempIdx = FIGURES.findIndex((f) => f.column === 'cpu_temperature_celsius');
    const base = [...syntheticSamples(START, START + 60_000, 10_000)];
    base.forEach((r, i) => {
      r.values[tempIdx] = i % 2 === 0 ? 5000 : null;
    });
    service.store.insertMany(base);
    expect(service.store.insertEncoded(base[0]?.ts ?? 0, null, base[0]?.values ?? [])).toBe(false);
    const [point] = service.store.queryRollup('1m', 'cpu', START, START + 60_000, 60_000, 10);
    expect(point?.samples).toBe(base.length);
    // Only the samples that had a temperature count towards its average.
    expect(point?.data.temperature_celsius).toBe(50);
    expect(point?.data.frequency_mhz).not.toBeNull();
    const perf = service.store.queryRollup('1m', 'perf_events', START, START + 60_000, 60_000, 10);
    expect(perf[0]?.data.ipc).toBeNull();
  });

  it('stores each figure in its own INTEGER column', () => {
    const { db } = setup();
    const cols = (
      db.prepare('PRAGMA table_info(metric_samples)').all() as { name: string; type: string }[]
    ).filter((c) => c.name !== 'ts' && c.name !== 'run_id');
    // Columns added by a later migration come last in the table: the store names every column.
    expect(cols.map((c) => c.name).sort()).toEqual(FIGURES.map((f) => f.column).sort());
    expect(new Set(cols.map((c) => c.type))).toEqual(new Set(['INTEGER']));
    const rollup = (
      db.prepare('PRAGMA table_info(metric_rollup_1h)').all() as { name: string }[]
    ).map((c) => c.name);
    for (const f of FIGURES)
      expect(rollup).toEqual(
        expect.arrayContaining([`${f.column}_min`, `${f.column}_max`, `${f.column}_sum`]),
      );
  });
});

describe('figure encoding', () => {
  it('round-trips each figure within its stored precision', () => {
    const sample = {
      cpu_usage_percent: 42.37,
      mem_used_bytes: 8 * 1024 ** 3,
      mem_hugepages_free: 3,
      disk_read_latency_ms: 0.25,
      perf_ipc: 1.85,
      net_bytes_recv_per_sec: 125_000,
    };
    for (const [column, value] of Object.entries(sample)) {
      const f = FIGURES.find((x) => x.column === column);
      if (!f) throw new Error(`no figure ${column}`);
      expect(decode(f, encode(f, value)), column).toBeCloseTo(value, 2);
    }
  });
});
