// The metrics operations over the headless server's REST routes: query strings are coerced and
// validated, and a bad parameter is a 400 that names it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../main/core/logging/logger';
import { systemClock } from '../../../main/core/metrics/clock';
import { HostReader } from '../../../main/core/metrics/host-reader';
import { unavailable } from '../../../main/core/metrics/perf-counters';
import { startServer, type RunningServer } from '../../../main/server/server';
import { makeTestCore, type TestCore } from '../../support/test-core';

const TOKEN = 'metrics-rest-token';
let core: TestCore;
let server: RunningServer;

beforeAll(async () => {
  core = makeTestCore();
  server = await startServer({ core, port: 0, token: TOKEN, logger: silentLogger });
});

afterAll(async () => {
  await server?.close();
  await core?.dispose();
});

async function api(path: string, init: RequestInit = {}) {
  const res = await fetch(`http://127.0.0.1:${server.port}${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const hourAgo = () => new Date(Date.now() - 3_600_000).toISOString();

describe('metrics over REST', () => {
  it('answers a history query from the query string', async () => {
    core.metrics.record(Date.now() - 60_000, sampleData());
    const q = new URLSearchParams({
      metric_type: 'cpu',
      start_time: hourAgo(),
      end_time: new Date().toISOString(),
      interval: '1m',
      limit: '100',
    });
    const r = await api(`/api/v1/history/metrics?${q.toString()}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ metric_type: 'cpu', interval: '1m' });
    expect((r.body.data_points as unknown[]).length).toBe(1);
  });

  it.each([
    ['metric_type=gpu', 'metric_type must be one of'],
    [
      'metric_type=cpu&start_time=2026-01-02T00:00:00Z&end_time=2026-01-01T00:00:00Z',
      'end_time must be after start_time',
    ],
    [
      'metric_type=cpu&start_time=2026-01-01T00:00:00Z&end_time=2026-01-02T00:00:00Z&interval=2m',
      'interval must be one of',
    ],
    [
      'metric_type=cpu&start_time=2026-01-01T00:00:00Z&end_time=2026-01-02T00:00:00Z&limit=10001',
      'limit must be at most 10000',
    ],
  ])('GET /api/v1/history/metrics?%s is a 400', async (query, message) => {
    const r = await api(`/api/v1/history/metrics?${query}`);
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toContain(message);
  });

  it('answers 404 for the host metrics of a run that does not exist', async () => {
    const r = await api('/api/v1/history/runs/no-such-run/metrics');
    expect(r.status).toBe(404);
    expect(r.body.error).toBe('No benchmark run with id no-such-run.');
  });

  it('rejects unequal compare durations with a 400 that says so', async () => {
    const q = new URLSearchParams({
      metric_type: 'cpu',
      start_time_1: '2026-01-20T10:00:00Z',
      end_time_1: '2026-01-20T12:00:00Z',
      start_time_2: '2026-01-21T10:00:00Z',
      end_time_2: '2026-01-21T11:00:00Z',
    });
    const r = await api(`/api/v1/history/compare?${q.toString()}`);
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toContain('both periods must have the same duration');
  });

  it('reads and updates the configuration, and reports retention', async () => {
    expect((await api('/api/v1/config')).body).toMatchObject({
      sampling_interval_seconds: 5,
      retention_days: 30,
    });
    const put = await api('/api/v1/config', {
      method: 'PUT',
      body: JSON.stringify({ retention_days: 60 }),
    });
    expect(put).toMatchObject({
      status: 200,
      body: { message: 'Configuration updated', config: { retention_days: 60 } },
    });
    const bad = await api('/api/v1/config', {
      method: 'PUT',
      body: JSON.stringify({ sampling_interval_seconds: 0 }),
    });
    expect(bad.status).toBe(400);
    const retention = await api('/api/v1/config/retention');
    expect(retention).toMatchObject({
      status: 200,
      body: { retention_days: 60, downsample_interval: '1h' },
    });
    expect(typeof retention.body.current_data_size_mb).toBe('number');
    expect((await api('/api/v1/history/metrics/types')).body.metric_types).toContain(
      'memory_bandwidth',
    );
  });
});

/** One real sample from this machine's /proc. */
function sampleData() {
  const r = new HostReader({
    clock: systemClock,
    perf: { current: () => unavailable('test'), close() {} },
  });
  const a = r.snapshot();
  return r.compose(a, r.snapshot());
}
