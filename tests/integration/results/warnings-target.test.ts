// A run's caveats and the server it measured reach every reader: a saturated open-loop run carries
// its warning through REST, the CLI (show, compare) and the exports (JSON, CSV, HTML); a run whose
// connection was deleted stays whole and says where it was measured.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunStatusView, RunSummary } from '../../../shared/contract/benchmarks';
import { runBundleSchema } from '../../../shared/contract/results';
import { silentLogger } from '../../../main/core/logging/logger';
import { startServer, type RunningServer } from '../../../main/server/server';
import { runCli } from '../../support/cli';
import { makeTempDir } from '../../support/temp-dir';
import { makeTestCore, type TestCore } from '../../support/test-core';
import { testPg } from '../../support/test-databases';
import { withClient } from '../benchmark/harness';

const TOKEN = 'i13-warnings-token';
const SCHEMA = 'i13_warnings_pg';
const dir = makeTempDir('bp-i13-warnings-');
const env = { BENCHPHANT_DATA_DIR: dir.path, BENCHPHANT_SECRET_STORE: 'memory' };
const cli = (...args: string[]) => runCli(args, { env });

let core: TestCore;
let server: RunningServer;
let saturated: string;
let orphan: string;

async function api<T>(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await fetch(`http://127.0.0.1:${server.port}${path}`, {
    method,
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as T };
}

const base = {
  type: 'oltp_point_select',
  threads: 1,
  duration: 2,
  warmup: 0,
  parameters: { tables: 1, table_size: 1000 },
  schema: SCHEMA,
};

beforeAll(async () => {
  core = makeTestCore({ dataDir: dir.path });
  server = await startServer({ core, port: 0, token: TOKEN, logger: silentLogger });
  const conn = async (name: string) =>
    (
      await api<{ id: string }>('POST', '/api/v1/connections', {
        ...testPg(),
        name,
        environment: 'test',
      })
    ).body.id;
  const kept = await conn('i13 kept pg');
  const doomed = await conn('pg-prod-1');

  // One client cannot send 200 000 point selects a second: the run is saturated.
  const started = await api<{ id: string }>('POST', '/api/v1/benchmarks', {
    ...base,
    connection_id: kept,
    rate: 200_000,
  });
  expect(started.status).toBe(201);
  saturated = started.body.id;
  await core.benchmarks.waitFor(saturated);

  orphan = (
    await api<{ id: string }>('POST', '/api/v1/benchmarks', { ...base, connection_id: doomed })
  ).body.id;
  expect((await core.benchmarks.waitFor(orphan)).status).toBe('completed');
  const deleted = await api('DELETE', `/api/v1/connections/${doomed}`);
  expect(deleted.status).toBe(200);
}, 120_000);

afterAll(async () => {
  await server?.close();
  await core?.dispose();
  await withClient(testPg(), (c) => c.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`));
  dir.remove();
});

describe('a saturated open-loop run', () => {
  it('carries its warning, with the target and achieved rates, through REST', async () => {
    const run = (await api<RunStatusView>('GET', `/api/v1/benchmarks/${saturated}`)).body;
    expect(run.status).toBe('completed');
    expect(run.detail.target_rate).toBe(200_000);
    const w = run.warnings.find((x) => x.code === 'saturated');
    expect(w?.message).toMatch(/^The run reached [\d,.]+ of the 200,000 tx\/s asked for/);
    const achieved = Number(/reached ([\d,.]+)/.exec(w!.message)![1]!.replaceAll(',', ''));
    expect(achieved).toBeLessThan(200_000 * 0.95);
    expect(achieved).toBeCloseTo(run.metrics.tps, -1);
    const listed = (await api<RunSummary[]>('GET', '/api/v1/benchmarks')).body;
    expect(listed.find((r) => r.id === saturated)?.warnings).toEqual(run.warnings);
  });

  it('keeps its warning in the JSON bundle, the CSV and the HTML report', async () => {
    const json = await core.handlers['results.export']({ id: saturated, format: 'json' });
    const bundle = runBundleSchema.parse(JSON.parse(json.content));
    expect(bundle.run.warnings.map((w) => w.code)).toContain('saturated');
    expect(bundle.run.target).toMatchObject({
      connection_name: 'i13 kept pg',
      engine: 'postgresql',
    });
    const csv = await core.handlers['results.export']({ id: saturated, format: 'csv' });
    expect(csv.content.split('\n')[0]).toContain(',network_rtt_idle_ms,warnings');
    expect(csv.content.split('\n')[1]).toMatch(/saturated: The run reached/);
    const report = await core.handlers['results.report']({ run_ids: [saturated, orphan] });
    expect(report.html).toContain('<ul id="caveats">');
    expect(report.html).toMatch(/<li data-code="saturated"><strong>run 1<\/strong>/);
  });
});

describe('a run whose connection was deleted', () => {
  it('stays whole over REST: figures, intervals and the server it measured', async () => {
    const run = (await api<RunStatusView>('GET', `/api/v1/benchmarks/${orphan}`)).body;
    expect(run.connection_deleted).toBe(true);
    expect(run.target).toMatchObject({
      connection_name: 'pg-prod-1',
      engine: 'postgresql',
      host: '127.0.0.1',
      port: 5432,
      database: 'test',
    });
    expect(run.target?.server_version).toMatch(/PostgreSQL \d+/);
    expect(run.metrics.tps).toBeGreaterThan(0);
    expect(run.qps).toBe(run.metrics.qps);
    const intervals = await api<unknown[]>('GET', `/api/v1/benchmarks/${orphan}/intervals`);
    expect(intervals.body).toHaveLength(2);
    const found = await api<RunSummary[]>('GET', '/api/v1/benchmarks?search=pg-prod-1');
    expect(found.body.map((r) => r.id)).toEqual([orphan]);
  });

  it('names it as a deleted connection in the bundle and the report', async () => {
    const json = await core.handlers['results.export']({ id: orphan, format: 'json' });
    const bundle = runBundleSchema.parse(JSON.parse(json.content));
    expect(bundle.run.connection).toEqual({ name: 'pg-prod-1', type: 'postgresql', deleted: true });
    // The address stays where the run was measured.
    expect(json.content).not.toContain('127.0.0.1');
    const report = await core.handlers['results.report']({ run_ids: [orphan] });
    expect(report.html).toContain('pg-prod-1 (deleted connection)');
  });
});

describe('a run that never reached its server', () => {
  it('keeps the snapshot taken at its start and says what answered instead', async () => {
    const wrong = await api<{ id: string }>('POST', '/api/v1/connections', {
      ...testPg(),
      port: 3306,
      name: 'i13 pg on the MariaDB port',
      environment: 'test',
    });
    const started = await api<{ id: string }>('POST', '/api/v1/benchmarks', {
      ...base,
      connection_id: wrong.body.id,
    });
    const summary = await core.benchmarks.waitFor(started.body.id);
    expect(summary.status).toBe('failed');
    expect(summary.message).toBe(
      '127.0.0.1:3306 answers as MariaDB, not PostgreSQL: check the port or the type.',
    );
    expect(summary.target).toEqual({
      connection_name: 'i13 pg on the MariaDB port',
      engine: 'postgresql',
      host: '127.0.0.1',
      port: 3306,
      database: 'test',
      server_version: null,
    });
  });
});

describe('the CLI', () => {
  beforeAll(async () => {
    await server.close();
    await core.close();
  });

  it('shows the saturated run’s warning and where each run was measured', async () => {
    const sat = await cli('show', saturated);
    expect(sat.code).toBe(0);
    expect(sat.stdout).toMatch(
      /WARNING \(saturated\): The run reached [\d,.]+ of the 200,000 tx\/s/,
    );
    expect(sat.stdout).toContain('target 200000/s, achieved');
    expect(sat.stdout).toContain('— SATURATED');
    const gone = await cli('show', orphan);
    expect(gone.code).toBe(0);
    expect(gone.stdout).toMatch(
      /measured on pg-prod-1 \(deleted connection\), PostgreSQL \d+[^\n]* at 127\.0\.0\.1:5432\/test/,
    );
  });

  it('flags the saturated run in compare’s table', async () => {
    const r = await cli('compare', orphan, saturated);
    expect(r.code).toBe(0);
    const [header, , second] = r.stdout.split('\n');
    expect(header).toMatch(/caveats\s*$/);
    expect(second).toMatch(/^\s*2\b.*SATURATED/);
    expect(r.stdout).toContain('pg-prod-1 (deleted connection)');
    expect(r.stdout).toMatch(/SATURATED: The run reached/);
  });

  it('exports the warning in the files it writes', async () => {
    const out = join(dir.path, 'saturated.json');
    expect((await cli('export', saturated, '--out', out)).code).toBe(0);
    const bundle = runBundleSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
    expect(bundle.run.warnings.find((w) => w.code === 'saturated')).toBeDefined();
  });
});
