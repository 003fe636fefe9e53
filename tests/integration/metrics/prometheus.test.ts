// /metrics on the headless server, scraped like Prometheus would and parsed with a Prometheus
// text-format parser: after a distributed run on two local agents against the real PostgreSQL,
// its throughput, latency quantiles, errors and agents match the run's own figures; the database
// being sampled and this host are there; only the right tokens open it.
import { randomBytes } from 'node:crypto';
import parse, { type PromFamily } from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeHistogram } from '../../../main/core/benchmark/histogram';
import { silentLogger } from '../../../main/core/logging/logger';
import { dispatch } from '../../../main/rpc/dispatch';
import { type RunningServer, startServer } from '../../../main/server/server';
import { makeTestCore, type TestCore } from '../../support/test-core';
import { testPg } from '../../support/test-databases';
import { until, withClient } from '../benchmark/harness';

const TOKEN = `prom-owner-${randomBytes(6).toString('hex')}`;
const SCRAPE = `prom-scrape-${randomBytes(6).toString('hex')}`;
const SCHEMA = `bp_prom_${randomBytes(4).toString('hex')}`;
let core: TestCore;
let server: RunningServer;
let connectionId = '';

beforeAll(async () => {
  core = makeTestCore();
  const r = await dispatch(core.handlers, 'connections.create', {
    ...testPg(),
    name: 'prom-pg',
    environment: 'test',
  });
  if (!r.ok) throw new Error(r.error.message);
  connectionId = (r.value as { id: string }).id;
  server = await startServer({
    core,
    port: 0,
    token: TOKEN,
    scrapeToken: SCRAPE,
    logger: silentLogger,
  });
});

afterAll(async () => {
  core?.metrics.stop();
  await server?.close();
  await core?.dispose();
  await withClient(testPg(), (c) => c.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`));
});

const scrape = (token: string | null) =>
  fetch(`http://127.0.0.1:${server.port}/metrics`, {
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  });

function values(
  families: PromFamily[],
  name: string,
): { labels: Record<string, string>; v: number }[] {
  const f = families.find((x) => x.name === name);
  return (f?.metrics ?? []).map((m) => ({ labels: m.labels ?? {}, v: Number(m.value) }));
}
const one = (families: PromFamily[], name: string, labels: Record<string, string> = {}) => {
  const hits = values(families, name).filter((s) =>
    Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );
  expect(hits, name).toHaveLength(1);
  return hits[0]!.v;
};

describe('/metrics', { timeout: 150_000 }, () => {
  it('refuses a scrape without a token or with a wrong one', async () => {
    expect((await scrape(null)).status).toBe(401);
    expect((await scrape('not-the-token')).status).toBe(401);
    expect((await scrape(TOKEN)).status).toBe(200);
  });

  it("exports the run's figures, its agents, the sampled database and this host", async () => {
    core.metrics.start();
    core.dbMetrics.lease(connectionId, 120);
    const started = await dispatch(core.handlers, 'runs.start', {
      connection_id: connectionId,
      type: 'oltp_point_select',
      schema: SCHEMA,
      parameters: { tables: 1, table_size: 1000 },
      threads: 4,
      duration: 2,
      warmup: 0,
      agents: { launcher: 'local', count: 2 },
    });
    if (!started.ok) throw new Error(started.error.message);
    const id = (started.value as { id: string }).id;
    const summary = await core.benchmarks.waitFor(id);
    expect(summary.status, summary.message ?? '').toBe('completed');
    const run = core.benchmarks.get(id);
    const topo = core.benchmarks.agents(id)!;

    await until(() => core.metrics.current() !== null);
    const res = await scrape(SCRAPE);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const f = parse(await res.text());

    const runLabel = { run_id: id };
    expect(one(f, 'benchphant_run_info', { ...runLabel, status: 'completed' })).toBe(1);
    expect(one(f, 'benchphant_run_qps', runLabel)).toBe(run.metrics.qps);
    expect(one(f, 'benchphant_run_tps', runLabel)).toBe(run.metrics.tps);
    expect(one(f, 'benchphant_run_transactions', runLabel)).toBe(run.detail.transactions);
    expect(one(f, 'benchphant_run_queries', runLabel)).toBe(run.detail.queries);
    const last = core.benchmarks.intervals(id).at(-1)!;
    expect(one(f, 'benchphant_run_interval_qps', runLabel)).toBe(last.qps);
    const hist = decodeHistogram(core.benchmarks.histogram(id)!);
    for (const q of ['0.5', '0.99', '0.999', '1'])
      expect(one(f, 'benchphant_run_latency_seconds', { ...runLabel, quantile: q })).toBe(
        hist.getValueAtPercentile(Number(q) * 100) / 1e6,
      );
    // The exported p99 is the run's own, to the microsecond it is stored with.
    expect(
      Math.round(one(f, 'benchphant_run_latency_seconds', { ...runLabel, quantile: '0.99' }) * 1e6),
    ).toBeGreaterThanOrEqual(Math.round(run.metrics.latency.p99 * 1000));
    const errors = values(f, 'benchphant_run_errors').filter((s) => s.labels.run_id === id);
    expect(errors.reduce((a, s) => a + s.v, 0)).toBe(run.metrics.errors);
    expect(errors.map((s) => s.labels.class).sort()).toEqual(
      Object.keys(run.detail.errors_by_class).sort(),
    );

    for (const a of topo.agents) {
      const l = { ...runLabel, shard: String(a.shard) };
      expect(one(f, 'benchphant_agent_up', { ...l, state: 'done' })).toBe(1);
      expect(one(f, 'benchphant_agent_queries', l)).toBe(a.queries);
      expect(one(f, 'benchphant_agent_interval_qps', l)).toBe(a.intervals.at(-1)!.qps);
      expect(one(f, 'benchphant_agent_clock_offset_seconds', l)).toBe(a.clock_offset_ms! / 1000);
    }

    // The database being sampled: its latest sample, figure by figure.
    const latest = core.dbMetrics.store.latest(connectionId);
    expect(latest).not.toBeNull();
    const db = values(f, 'benchphant_db_metric').filter(
      (s) => s.labels.connection_id === connectionId,
    );
    expect(db.length).toBeGreaterThan(0);
    // Both read the same sample unless a new one landed between the scrape and this read.
    const scrapedAt = one(f, 'benchphant_db_sample_timestamp_seconds', {
      connection_id: connectionId,
    });
    expect(scrapedAt).toBeGreaterThan(0);
    expect(scrapedAt).toBeLessThanOrEqual(Date.parse(latest!.timestamp) / 1000);
    if (scrapedAt === Date.parse(latest!.timestamp) / 1000)
      for (const s of db) expect(s.v).toBe(latest!.values[s.labels.metric as 'sessions_total']);

    const host = core.metrics.current()!;
    expect(one(f, 'benchphant_host_memory_bytes', { kind: 'total' })).toBe(
      host.data.memory.total_bytes,
    );
    expect(one(f, 'benchphant_host_cpu_usage_percent')).toBeGreaterThanOrEqual(0);
  });
});
