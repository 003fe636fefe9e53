import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { FIGURES, decode } from '../../../main/core/metrics/figures';
import { DAY, makeService, syntheticSamples } from './helpers';

const START = Date.UTC(2026, 0, 1);
let close: (() => void) | null = null;
afterEach(() => {
  close?.();
  close = null;
});

function setup(now: number) {
  const s = makeService(now);
  close = () => s.db.close();
  return s;
}

const count = (db: ReturnType<typeof setup>['db'], table: string, where = '1') =>
  (db.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${where}`).get() as { n: number }).n;

describe('downsampling and retention', () => {
  it('replaces raw samples past downsample_after_days by their rollups, and the answers stay the same', () => {
    const s = setup(START + 31 * DAY);
    const rows = [...syntheticSamples(START, START + 31 * DAY, 120_000)];
    s.service.store.insertMany(rows);
    s.service.updateConfig({ retention_days: 60, downsample_interval: '1m' });
    const hourly = s.service.store.queryRollup(
      '1h',
      'cpu',
      START,
      START + 31 * DAY,
      3_600_000,
      10_000,
    );

    const cut = START + 24 * DAY;
    expect(count(s.db, 'metric_samples', `ts < ${cut}`)).toBe(0);
    expect(count(s.db, 'metric_samples', `ts >= ${cut}`)).toBe(
      rows.filter((r) => r.ts >= cut).length,
    );
    // downsample_interval 1m keeps the minute rollups; 1h drops them too.
    expect(count(s.db, 'metric_rollup_1m', `ts < ${cut}`)).toBeGreaterThan(0);
    s.service.updateConfig({ downsample_interval: '1h' });
    expect(count(s.db, 'metric_rollup_1m', `ts < ${cut}`)).toBe(0);
    expect(
      s.service.store.queryRollup('1h', 'cpu', START, START + 31 * DAY, 3_600_000, 10_000),
    ).toEqual(hourly);
  }, 30_000);

  it('keeps samples of a benchmark run raw until retention', () => {
    const s = setup(START + 10 * DAY);
    const rows = [...syntheticSamples(START, START + DAY, 60_000)].map((r, i) => ({
      ...r,
      runId: i < 5 ? 'run-1' : null,
    }));
    s.service.store.insertMany(rows);
    s.service.runRetention();
    expect(count(s.db, 'metric_samples')).toBe(5);
    expect(s.service.queries.run('run-1').data_points).toHaveLength(5);
  });

  it('archives rows past retention_days to a readable gzip file, then deletes them', () => {
    const s = setup(START + 40 * DAY);
    const rows = [...syntheticSamples(START, START + 40 * DAY, 300_000)];
    s.service.store.insertMany(rows);
    const result = s.service.runRetention();
    const cut = START + 10 * DAY;
    const old = rows.filter((r) => r.ts < cut);
    expect(result?.deleted).toBeGreaterThan(old.length);
    expect(count(s.db, 'metric_samples', `ts < ${cut}`)).toBe(0);
    expect(count(s.db, 'metric_rollup_1h', `ts < ${cut}`)).toBe(0);

    const file = result?.archive;
    expect(file).toBeTruthy();
    if (!file) return;
    expect(readdirSync(join(s.dir, 'metrics-archive'))).toEqual([file.split('/').at(-1)]);
    const lines = gunzipSync(readFileSync(file))
      .toString('utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const samples = lines.filter((l) => l.kind === 'sample');
    expect(samples).toHaveLength(old.length);
    const usage = FIGURES.find((f) => f.column === 'cpu_usage_percent');
    if (!usage) throw new Error('figure missing');
    const first = samples[0] as { timestamp: string; data: { cpu: Record<string, number> } };
    expect(first.timestamp).toBe(new Date(old[0]?.ts ?? 0).toISOString());
    expect(first.data.cpu.usage_percent).toBe(
      decode(usage, old[0]?.values[FIGURES.indexOf(usage)] ?? null),
    );
    expect(lines.filter((l) => l.kind === 'rollup_1h').length).toBe(10 * 24);
    const minutes = new Set(old.map((r) => r.ts - (r.ts % 60_000)));
    expect(lines.filter((l) => l.kind === 'rollup_1m').length).toBe(minutes.size);
  }, 30_000);

  it('deletes without an archive when archiving is off', () => {
    const s = setup(START + 40 * DAY);
    s.service.store.insertMany(syntheticSamples(START, START + 40 * DAY, 3_600_000));
    s.service.updateConfig({ archive_enabled: false });
    const result = s.service.runRetention();
    expect(result?.archive).toBeNull();
    expect(result?.deleted).toBeGreaterThan(0);
    expect(count(s.db, 'metric_rollup_1h', `ts < ${START + 10 * DAY}`)).toBe(0);
  });
});

describe('config.retention figures', () => {
  it('reports size, oldest and newest record', async () => {
    const s = setup(START + DAY);
    expect(s.service.store.span()).toEqual({ oldest: null, newest: null });
    s.service.store.insertMany(syntheticSamples(START + 3_600_000, START + DAY, 60_000));
    const span = s.service.store.span();
    expect(span.oldest).toBeGreaterThanOrEqual(START + 3_600_000);
    expect(span.oldest).toBeLessThan(START + 3_660_000);
    expect(span.newest).toBeGreaterThan(START + DAY - 60_000);
    expect(s.service.store.sizeBytes()).toBeGreaterThan(100_000);
  });
});
