import { afterEach, describe, expect, it } from 'vitest';
import { metricsHandlers } from '../../../main/core/metrics/handlers';
import { FIGURES } from '../../../main/core/metrics/figures';
import { dispatch } from '../../../main/rpc/dispatch';
import type { Handlers } from '../../../shared/contract';
import { DAY, makeService, syntheticRow, rng } from './helpers';

const NOW = Date.UTC(2026, 0, 31, 12);
let close: (() => void) | null = null;
afterEach(() => {
  close?.();
  close = null;
});

function setup() {
  const s = makeService(NOW);
  close = () => s.db.close();
  // Handlers of the other domains are not needed to dispatch metrics operations.
  const handlers = metricsHandlers(s.service, () => true) as unknown as Handlers;
  const call = (method: string, input: Record<string, unknown>) =>
    dispatch(handlers, method, input);
  return { ...s, call };
}

const cpuIdx = FIGURES.findIndex((f) => f.column === 'cpu_usage_percent');

/** Constant CPU usage per range, so averages are known exactly. */
function fill(
  s: ReturnType<typeof setup>,
  from: number,
  to: number,
  stepMs: number,
  usage: number,
) {
  const next = rng(3);
  const rows = [];
  for (let ts = from; ts < to; ts += stepMs) {
    const values = syntheticRow(next);
    values[cpuIdx] = usage * 100;
    rows.push({ ts, runId: null, values });
  }
  s.service.store.insertMany(rows);
}

const iso = (ms: number) => new Date(ms).toISOString();

describe('history.metrics', () => {
  it('answers a range at the requested interval from the matching table', async () => {
    const s = setup();
    fill(s, NOW - 2 * 3_600_000, NOW, 5_000, 40);
    const r = await s.call('history.metrics', {
      metric_type: 'cpu',
      start_time: iso(NOW - 3_600_000),
      end_time: iso(NOW),
      interval: '1m',
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const v = r.value as {
      interval: string;
      data_points: { timestamp: string; data: Record<string, number>; samples: number }[];
    };
    expect(v.interval).toBe('1m');
    expect(v.data_points).toHaveLength(60);
    expect(v.data_points[0]?.timestamp).toBe(iso(NOW - 3_600_000));
    expect(v.data_points[0]?.samples).toBe(12);
    expect(v.data_points.every((p) => p.data.usage_percent === 40)).toBe(true);
  });

  it('picks the finest interval with at most about 1000 points for auto, within what downsampling kept', async () => {
    const s = setup();
    const q = s.service.queries;
    expect(q.resolveInterval('auto', NOW - 3_600_000, NOW)).toBe('5s');
    expect(q.resolveInterval('auto', NOW - 4 * 3_600_000, NOW)).toBe('1m');
    expect(q.resolveInterval('auto', NOW - DAY, NOW)).toBe('5m');
    expect(q.resolveInterval('auto', NOW - 30 * DAY, NOW)).toBe('1h');
    // An hour ten days ago: raw samples and 1 m rollups were downsampled away (default: after 7 days, to 1 h).
    expect(q.resolveInterval('auto', NOW - 10 * DAY, NOW - 10 * DAY + 3_600_000)).toBe('1h');
    s.service.updateConfig({ downsample_interval: '1m' });
    expect(q.resolveInterval('auto', NOW - 10 * DAY, NOW - 10 * DAY + 3_600_000)).toBe('1m');
  });

  it('honours limit', async () => {
    const s = setup();
    fill(s, NOW - 3_600_000, NOW, 5_000, 10);
    const r = await s.call('history.metrics', {
      metric_type: 'cpu',
      start_time: iso(NOW - 3_600_000),
      end_time: iso(NOW),
      interval: '5s',
      limit: '25',
    });
    expect(r.ok && (r.value as { data_points: unknown[] }).data_points.length).toBe(25);
  });

  it.each([
    [
      { metric_type: 'gpu' },
      'metric_type must be one of: cpu, memory, network, disk, perf_events, memory_bandwidth',
    ],
    [{ start_time: 'yesterday' }, 'start_time must be an ISO 8601 date-time'],
    [{ end_time: iso(NOW - 7_200_000) }, 'end_time must be after start_time'],
    [{ interval: '10s' }, 'interval must be one of: 5s, 1m, 5m, 1h, auto'],
    [{ limit: '10001' }, 'limit must be at most 10000'],
    [{ limit: '0' }, 'limit must be at least 1'],
    [{ limit: 'lots' }, 'limit'],
  ])('rejects %j with a clear BAD_INPUT', async (patch, message) => {
    const s = setup();
    const r = await s.call('history.metrics', {
      metric_type: 'cpu',
      start_time: iso(NOW - 3_600_000),
      end_time: iso(NOW),
      ...patch,
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    if (!r.ok) expect(r.error.message).toContain(message);
  });

  it('lists the metric types with their figures', async () => {
    const s = setup();
    const r = await s.call('history.types', {});
    expect(r.ok && (r.value as { metric_types: string[] }).metric_types).toEqual([
      'cpu',
      'memory',
      'network',
      'disk',
      'perf_events',
      'memory_bandwidth',
    ]);
  });
});

describe('history.compare', () => {
  it('compares the last hour with the same hour yesterday, with the summary', async () => {
    const s = setup();
    fill(s, NOW - 3_600_000, NOW, 5_000, 60);
    fill(s, NOW - DAY - 3_600_000, NOW - DAY, 5_000, 40);
    const r = await s.call('history.compare', {
      metric_type: 'cpu',
      period: 'hour',
      compare_to: 'yesterday',
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const v = r.value as {
      interval: string;
      current: { start_time: string; data_points: unknown[] };
      comparison: { start_time: string; data_points: unknown[] };
      summary: { current_avg: number; comparison_avg: number; change_percent: number };
    };
    expect(v.current.start_time).toBe(iso(NOW - 3_600_000));
    expect(v.comparison.start_time).toBe(iso(NOW - DAY - 3_600_000));
    expect(v.current.data_points.length).toBe(v.comparison.data_points.length);
    expect(v.summary.current_avg).toBeCloseTo(60, 9);
    expect(v.summary.comparison_avg).toBeCloseTo(40, 9);
    expect(v.summary.change_percent).toBeCloseTo(50, 9);
  });

  it('compares a week with last week from the hourly rollup', async () => {
    const s = setup();
    fill(s, NOW - 14 * DAY, NOW, 60_000, 25);
    const r = await s.call('history.compare', {
      metric_type: 'cpu',
      period: 'week',
      compare_to: 'last_week',
    });
    expect(r.ok && r.value).toMatchObject({
      interval: '1h',
      summary: { current_avg: 25, comparison_avg: 25, change_percent: 0 },
    });
  });

  it('compares custom ranges of equal length', async () => {
    const s = setup();
    fill(s, NOW - 4 * 3_600_000, NOW, 5_000, 30);
    const r = await s.call('history.compare', {
      metric_type: 'cpu',
      start_time_1: iso(NOW - 3_600_000),
      end_time_1: iso(NOW),
      start_time_2: iso(NOW - 4 * 3_600_000),
      end_time_2: iso(NOW - 3 * 3_600_000),
      limit: '10',
      interval: '1m',
    });
    expect(r.ok && r.value).toMatchObject({ period: null, compare_to: null, interval: '1m' });
    if (r.ok)
      expect((r.value as { current: { data_points: unknown[] } }).current.data_points).toHaveLength(
        10,
      );
  });

  it.each([
    [
      {
        start_time_1: iso(NOW - 7_200_000),
        end_time_1: iso(NOW),
        start_time_2: iso(NOW - 3 * 3_600_000),
        end_time_2: iso(NOW - 2 * 3_600_000),
      },
      'both periods must have the same duration: period 1 lasts 7200 s, period 2 lasts 3600 s',
    ],
    [
      { start_time_1: iso(NOW - 3_600_000), end_time_1: iso(NOW) },
      'missing: start_time_2, end_time_2',
    ],
    [{ period: 'hour' }, 'give period (hour, day, week) and compare_to'],
    [{ period: 'month', compare_to: 'yesterday' }, 'period must be one of: hour, day, week'],
    [{ period: 'week', compare_to: 'yesterday' }, 'use compare_to=last_week'],
    [{ period: 'hour', compare_to: 'yesterday', limit: '20000' }, 'limit must be at most 10000'],
    [{ period: 'hour', compare_to: 'yesterday', metric_type: 'gpu' }, 'metric_type must be one of'],
    [
      {
        period: 'hour',
        compare_to: 'yesterday',
        start_time_1: iso(NOW - 3_600_000),
        end_time_1: iso(NOW),
        start_time_2: iso(NOW - 3_600_000),
        end_time_2: iso(NOW),
      },
      'not both',
    ],
    [
      {
        start_time_1: iso(NOW),
        end_time_1: iso(NOW - 3_600_000),
        start_time_2: iso(NOW - 3_600_000),
        end_time_2: iso(NOW),
      },
      'end_time_1 must be after start_time_1',
    ],
  ])('rejects %j with a clear BAD_INPUT', async (patch, message) => {
    const s = setup();
    const r = await s.call('history.compare', { metric_type: 'cpu', ...patch });
    expect(r).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    if (!r.ok) expect(r.error.message).toContain(message);
  });
});
