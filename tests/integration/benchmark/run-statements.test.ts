// Query analytics of benchmark runs against real servers: a private PostgreSQL with
// pg_stat_statements and a private MariaDB with performance_schema=ON. A run's top statements are
// those its workload ran, with calls matching its transactions; they travel in the bundle, the CSV
// and the HTML report, and `compare` (core and CLI) lists them with their mean time change.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionParams } from '../../../shared/model/connection';
import { compareCommand } from '../../../main/cli/commands/compare';
import { openClient } from '../../../main/core/db/client';
import { runInProcess } from '../../support/in-process-cli';
import { startPrivateMariadb, type PrivateMariadb } from '../../support/private-mariadb';
import { startPrivatePostgres, type PrivatePostgres } from '../../support/private-postgres';
import { makeTempDir } from '../../support/temp-dir';
import { testMysql } from '../../support/test-databases';
import { addConnection, call, makeTestCore, type TestCore } from '../tenants/harness';

const SCHEMA = 'c17_run_qa';
let core: TestCore;
let pg: PrivatePostgres;
let maria: PrivateMariadb;
const files = makeTempDir('benchphant-qa-');

beforeAll(async () => {
  core = makeTestCore();
  [pg, maria] = await Promise.all([
    startPrivatePostgres({
      password: 'qa-pw',
      settings: ['shared_preload_libraries=pg_stat_statements'],
    }),
    startPrivateMariadb({ serverArgs: ['--performance-schema=ON'] }),
  ]);
  const p = await openClient(pg.params);
  await p.query('CREATE EXTENSION pg_stat_statements');
  await p.query(`CREATE SCHEMA ${SCHEMA}`);
  await p.query(`CREATE TABLE ${SCHEMA}.kv (k integer PRIMARY KEY, v text NOT NULL)`);
  await p.query(`INSERT INTO ${SCHEMA}.kv SELECT g, md5(g::text) FROM generate_series(1, 5000) g`);
  await p.close();
  const m = await openClient(maria.params);
  await m.query(`CREATE DATABASE ${SCHEMA}`);
  await m.query(`CREATE TABLE ${SCHEMA}.kv (k integer PRIMARY KEY, v varchar(64) NOT NULL)`);
  await m.query(`INSERT INTO ${SCHEMA}.kv SELECT seq, md5(seq) FROM seq_1_to_5000`);
  await m.close();
}, 180_000);

afterAll(async () => {
  await core?.dispose();
  await pg?.stop();
  await maria?.stop();
  files.remove();
});

async function save(name: string, p: ConnectionParams): Promise<string> {
  return (
    await call(core, 'connections.create', {
      name,
      type: p.type,
      host: p.host,
      port: p.port,
      database: p.database,
      username: p.username,
      ...(p.password ? { password: p.password } : {}),
      tls: { mode: 'disable' },
    })
  ).id;
}

/** A finished run of one statement per transaction, for two measured seconds. */
async function lookupRun(connectionId: string, sql: string, protocol: 'prepared' | 'simple') {
  const { id } = await call(core, 'runs.start', {
    connection_id: connectionId,
    type: 'custom',
    duration: 2,
    warmup: 1,
    threads: 2,
    parameters: { init: 'none' },
    scripts: [{ sql: `\\set k random(1, 5000)\n${sql}` }],
    schema: SCHEMA,
    protocol,
  });
  const done = await core.benchmarks.waitFor(id);
  expect(done.status, done.message ?? '').toBe('completed');
  return call(core, 'runs.get', { id });
}

describe.each([
  {
    engine: 'PostgreSQL',
    params: () => pg.params,
    dropIndex: `ALTER TABLE ${SCHEMA}.kv DROP CONSTRAINT kv_pkey`,
    source: 'pg_stat_statements',
    protocol: 'prepared' as const,
  },
  {
    engine: 'MariaDB',
    params: () => maria.params,
    dropIndex: `ALTER TABLE ${SCHEMA}.kv DROP PRIMARY KEY`,
    source: 'performance_schema',
    // MariaDB keeps no digest for statements executed as prepared statements (see the caveat).
    protocol: 'simple' as const,
  },
])('a run on $engine', ({ engine, params, dropIndex, source, protocol }) => {
  const lookup = 'SELECT v FROM kv WHERE k = :k;';
  let fastRun: Awaited<ReturnType<typeof lookupRun>>;
  let slowRun: Awaited<ReturnType<typeof lookupRun>>;

  beforeAll(async () => {
    const connectionId = await save(`qa ${engine}`, params());
    fastRun = await lookupRun(connectionId, lookup, protocol);
    // The same statement made slower: its index is gone.
    const c = await openClient(params());
    await c.query(dropIndex);
    await c.close();
    slowRun = await lookupRun(connectionId, lookup, protocol);
  }, 120_000);

  it('keeps the statements of its measured window, with calls matching its transactions', () => {
    const qa = fastRun.query_analytics;
    expect(qa?.available, qa?.reason ?? '').toBe(true);
    expect(qa!.source).toBe(source);
    const top = qa!.top[0]!;
    expect(top.text).toMatch(/FROM\s+`?kv`?\s+WHERE/i);
    const transactions = fastRun.detail.transactions;
    expect(transactions).toBeGreaterThan(100);
    expect(Math.abs(top.calls - transactions) / transactions).toBeLessThan(0.1);
    expect(top.mean_ms).toBeCloseTo(top.total_ms / top.calls, 6);
    // Benchphant's own reads of the statistics (its probes, the snapshots) are not the workload's.
    expect(
      qa!.top.filter((s) => /pg_stat_|performance_schema|SHOW GLOBAL STATUS/i.test(s.text)),
    ).toEqual([]);
    expect(Date.parse(qa!.window_end!) - Date.parse(qa!.window_start!)).toBeGreaterThan(1500);
  });

  it('travels in the bundle, the CSV and the HTML report', async () => {
    const json = await call(core, 'results.export', { id: fastRun.id, format: 'json' });
    const bundle = JSON.parse(json.content) as { query_analytics: { top: { text: string }[] } };
    expect(bundle.query_analytics.top[0]?.text).toBe(fastRun.query_analytics!.top[0]!.text);
    const csv = await call(core, 'results.export', { id: fastRun.id, format: 'csv' });
    expect(csv.content.split('\n')[0]).toContain(',statement,calls,total_ms,mean_ms');
    expect(csv.content).toMatch(/\nstatement,[^\n]*kv/i);
    const report = await call(core, 'results.report', { run_ids: [fastRun.id] });
    expect(report.html).toContain('<h2>Query analytics</h2>');
    expect(report.html).toMatch(/<table id="statements">[\s\S]*kv/i);
  });

  it('compare lists the statement in both runs with its mean time change, in the core and the CLI', async () => {
    const c = await call(core, 'results.compare', { run_ids: [fastRun.id, slowRun.id] });
    expect(c.statements?.runs.map((r) => r.available)).toEqual([true, true]);
    const row = c.statements!.rows.find((r) => /FROM\s+`?kv`?\s+WHERE/i.test(r.text));
    expect(row, JSON.stringify(c.statements)).toBeDefined();
    expect(row!.values.every((v) => v !== null && v.calls > 50)).toBe(true);
    expect(row!.mean_change_percent[0]).toBeNull();
    // A scan of 5000 rows instead of an index lookup.
    expect(row!.mean_change_percent[1]).toBeGreaterThan(100);

    const paths = await Promise.all(
      [fastRun.id, slowRun.id].map(async (id, i) => {
        const file = join(files.path, `${engine}-${i}.json`);
        writeFileSync(file, (await call(core, 'results.export', { id, format: 'json' })).content);
        return file;
      }),
    );
    const cli = await runInProcess(compareCommand, ['compare', ...paths], process.env);
    expect(cli.code, cli.err).toBe(0);
    expect(cli.out).toMatch(/Statements \(mean ms per call, change against the baseline\):/);
    expect(cli.out).toMatch(/kv[^\n]*\(\+\d+\.\d%\)/i);
  }, 60_000);
});

describe('a run where statement statistics are off', () => {
  it('completes and says why it has no query analytics', async () => {
    const connectionId = await addConnection(core, 'mysql', 'qa shared mariadb');
    const { id } = await call(core, 'runs.start', {
      connection_id: connectionId,
      type: 'custom',
      duration: 1,
      warmup: 0,
      threads: 1,
      parameters: { init: 'none' },
      scripts: [{ sql: 'SELECT 1;' }],
      schema: 'c17_run_qa_off',
    });
    const done = await core.benchmarks.waitFor(id);
    expect(done.status, done.message ?? '').toBe('completed');
    const run = await call(core, 'runs.get', { id });
    expect(run.query_analytics?.available).toBe(false);
    expect(run.query_analytics?.reason).toMatch(/performance_schema=ON/);
    // A prepared-protocol run on MariaDB is told what its statistics would leave out.
    expect(run.query_analytics?.note).toMatch(/simple protocol/);
    const c = await openClient(testMysql());
    await c.query('DROP DATABASE IF EXISTS c17_run_qa_off');
    await c.close();
  }, 60_000);
});
