// Tags and notes on runs (runs.update) and the filters of runs.list, over real runs on the real
// PostgreSQL and MariaDB and an imported one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../main/core/logging/logger';
import { startServer, type RunningServer } from '../../../main/server/server';
import type { RunBundle } from '../../../shared/contract/results';
import { resultsCore, type ResultsCore } from './runs';

let rc: ResultsCore;
let pgRun: string;
let myRun: string;
let imported: string;

beforeAll(async () => {
  rc = await resultsCore();
  pgRun = await rc.run(rc.pg, 'postgresql', 1);
  myRun = await rc.run(rc.my, 'mysql', 2);
  const { content } = await rc.call('results.export', { id: pgRun, format: 'json' });
  imported = (await rc.call('results.import', { bundle: JSON.parse(content) as RunBundle })).id;
}, 90_000);
afterAll(() => rc.dispose());

const ids = async (filter: Parameters<ResultsCore['call']>[1] & object) =>
  (await rc.call('runs.list', filter as never)).map((r) => r.id);

it('sets tags and notes, keeping what is not given, and lists them on the run', async () => {
  const tagged = await rc.call('runs.update', {
    id: pgRun,
    tags: ['after index change', 'baseline', 'baseline'],
    notes: 'shared_buffers raised to 1GB',
  });
  expect(tagged.tags).toEqual(['after index change', 'baseline']);
  expect(tagged.notes).toBe('shared_buffers raised to 1GB');
  const notesOnly = await rc.call('runs.update', { id: pgRun, notes: 'second thoughts' });
  expect(notesOnly.tags).toEqual(['after index change', 'baseline']);
  expect(notesOnly.notes).toBe('second thoughts');
  const got = await rc.call('runs.get', { id: pgRun });
  expect(got).toMatchObject({ tags: ['after index change', 'baseline'], notes: 'second thoughts' });
});

it('refuses an unknown run and an empty tag', async () => {
  await expect(
    rc.call('runs.update', { id: '00000000-0000-4000-8000-0000000c1000', tags: ['x'] }),
  ).rejects.toThrow(/NOT_FOUND: No benchmark run/);
  await expect(rc.call('runs.update', { id: pgRun, tags: ['  '] })).rejects.toThrow(
    /BAD_INPUT.*tag must not be empty/,
  );
});

it('filters by tag, connection, workload, status and date range', async () => {
  expect(await ids({ tag: 'baseline' })).toEqual([pgRun]);
  expect(await ids({ tag: 'nothing like it' })).toEqual([]);
  expect(await ids({ connection_id: rc.my })).toEqual([myRun]);
  expect((await ids({ type: 'oltp_point_select' })).sort()).toEqual(
    [pgRun, myRun, imported].sort(),
  );
  expect(await ids({ type: 'tpcb_like' })).toEqual([]);
  expect((await ids({ status: 'completed' })).length).toBe(3);
  expect(await ids({ status: 'failed' })).toEqual([]);
  const my = await rc.call('runs.get', { id: myRun });
  expect(await ids({ from: my.start_time })).toEqual([myRun]);
  expect(await ids({ to: '2000-01-01T00:00:00Z' })).toEqual([]);
  expect((await ids({ from: '2000-01-01T00:00:00+02:00' })).length).toBe(3);
});

it('searches the connection name, notes and id, ignoring case', async () => {
  expect(await ids({ search: 'MARIA' })).toEqual([myRun]);
  expect(await ids({ search: 'second THOUGHTS' })).toEqual([pgRun]);
  expect(await ids({ search: imported.slice(0, 8) })).toEqual([imported]);
  // The imported run carries the name of the connection it was measured on.
  expect((await ids({ search: 'results pg' })).sort()).toEqual([pgRun, imported].sort());
});

describe('over REST', () => {
  const TOKEN = 'results-rest-token-c1';
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ core: rc.core, port: 0, token: TOKEN, logger: silentLogger });
  });
  afterAll(() => server.close());

  async function api(method: string, path: string, body?: unknown) {
    const res = await fetch(`http://127.0.0.1:${server.port}${path}`, {
      method,
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  it('filters the list from the query string and updates tags with PATCH', async () => {
    const patched = await api('PATCH', `/api/v1/benchmarks/${myRun}`, { tags: ['rest'] });
    expect(patched).toMatchObject({ status: 200, body: { id: myRun, tags: ['rest'] } });
    const q = new URLSearchParams({ tag: 'rest', status: 'completed', search: 'maria' });
    const listed = await api('GET', `/api/v1/benchmarks?${q.toString()}`);
    expect(listed.status).toBe(200);
    expect((listed.body as unknown as { id: string }[]).map((r) => r.id)).toEqual([myRun]);
    const bad = await api('GET', '/api/v1/benchmarks?status=sleeping');
    expect(bad.status).toBe(400);
    expect(String(bad.body.error)).toMatch(/status/);
  });

  it('compares, exports and reports through their routes', async () => {
    const compared = await api('POST', '/api/v1/results/compare', { run_ids: [pgRun, myRun] });
    expect(compared.status).toBe(200);
    expect(compared.body.baseline_id).toBe(pgRun);
    expect((compared.body.diff as { key: string }[]).map((d) => d.key)).toContain('server.engine');
    const csv = await api('GET', `/api/v1/results/${myRun}/export?format=csv`);
    expect(csv.status).toBe(200);
    expect(String(csv.body.content)).toMatch(/^row,t,warmup/);
    const report = await api('POST', '/api/v1/results/report', { run_ids: [pgRun, myRun] });
    expect(report.status).toBe(200);
    expect(String(report.body.html)).toContain('<svg');
    const one = await api('POST', '/api/v1/results/compare', { run_ids: [pgRun] });
    expect(one.status).toBe(400);
    expect(String(one.body.error)).toMatch(/at least two runs/);
  });
});
