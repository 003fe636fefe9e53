// Workload parameters past their bounds are a 400 over REST on both engines, a prepare of more than
// about 1 GB needs confirm_large_prepare, and benchmark tables can be placed per schema, cleaned up
// after a run and dropped per connection (with the size freed), leaving others' tables alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../main/rpc/dispatch';
import { silentLogger } from '../../../main/core/logging/logger';
import { startServer, type RunningServer } from '../../../main/server/server';
import type { ConnectionParams } from '../../../shared/model/connection';
import { restApi, type RestApi } from '../../support/rest-api';
import { testMysql, testPg } from '../../support/test-databases';
import { makeTestCore, type TestCore } from '../../support/test-core';
import { withClient } from './harness';

const TOKEN = 'bounds-rest-token-i13';
const tag = `${process.pid}`;
let core: TestCore;
let server: RunningServer;
const ids: Record<string, string> = {};
const made: [ConnectionParams, string][] = [];

const api: RestApi = (method, path, body) =>
  restApi(`http://127.0.0.1:${server.port}`, TOKEN)(method, path, body);

beforeAll(async () => {
  core = makeTestCore();
  for (const [name, p] of [
    ['postgresql', testPg()],
    ['mysql', testMysql()],
  ] as const) {
    const r = await dispatch(core.handlers, 'connections.create', {
      ...p,
      name,
      environment: 'test',
    });
    if (!r.ok) throw new Error(r.error.message);
    ids[name] = (r.value as { id: string }).id;
  }
  server = await startServer({ core, port: 0, token: TOKEN, logger: silentLogger });
});

afterAll(async () => {
  await server?.close();
  await core?.dispose();
  for (const [p, schema] of made)
    await withClient(p, (c) =>
      c.query(
        p.type === 'postgresql'
          ? `DROP SCHEMA IF EXISTS ${schema} CASCADE`
          : `DROP DATABASE IF EXISTS ${schema}`,
      ),
    );
});

const ENGINES = [
  ['postgresql', testPg()],
  ['mysql', testMysql()],
] as const;

describe.each(ENGINES)('on %s', (engine, params) => {
  const schema = (what: string) => {
    const name = `bp_i13_${what}_${engine === 'postgresql' ? 'pg' : 'my'}_${tag}`;
    made.push([params, name]);
    return name;
  };
  const run = (extra: Record<string, unknown>) =>
    api('POST', '/api/v1/benchmarks', {
      connection_id: ids[engine],
      type: 'oltp_point_select',
      threads: 1,
      duration: 1,
      warmup: 0,
      ...extra,
    });
  const waitEnd = async (id: string) => {
    const summary = await core.benchmarks.waitFor(id);
    expect(summary.status, summary.message ?? '').toBe('completed');
  };
  const tables = (s: string) =>
    api('GET', `/api/v1/connections/${ids[engine]}/benchmark-tables?schema=${s}`);

  it('answers 400 past the bounds, saying which bound and why', async () => {
    const huge = await run({ parameters: { table_size: 3_000_000_000 } });
    expect(huge.status).toBe(400);
    expect(huge.body.error).toMatch(
      /table_size is at most 2,147,483,647: the id column is a 32-bit INTEGER \(got 3,000,000,000\)/,
    );
    const text = await run({ parameters: { table_size: '99999999999' } });
    expect(text.status).toBe(400);
    expect(text.body.error).toMatch(/table_size .* at most 2,147,483,647/);
    const many = await run({ parameters: { tables: 1001 } });
    expect(many.status).toBe(400);
    expect(many.body.error).toMatch(/tables is at most 1,000 \(got 1,001\)/);
    const scale = await run({ type: 'select_only', parameters: { scale: 30_000 } });
    expect(scale.status).toBe(400);
    expect(scale.body.error).toMatch(/scale is at most 21,474/);
    const frac = await run({ parameters: { tables: 1.5 } });
    expect(frac.status).toBe(400);
    expect(frac.body.error).toMatch(/tables must be a whole number/);
    expect(core.benchmarks.list({ connection_id: ids[engine] })).toHaveLength(0);
  });

  it('refuses a prepare of more than about 1 GB unless confirmed, with its size and time', async () => {
    const big = await run({ parameters: { tables: 10, table_size: 1_000_000 } });
    expect(big.status).toBe(409);
    expect(big.body.error).toMatch(/loads 10,000,000 rows, about 2\.4 GB .* takes about 2 min/);
    expect(big.body.error).toMatch(/confirm_large_prepare/);
    expect(core.benchmarks.list({ connection_id: ids[engine] })).toHaveLength(0);
  });

  it('keeps two schemas apart, cleans up after a run and drops a schema’s tables with the size freed', async () => {
    const mine = schema('mine');
    const theirs = schema('theirs');
    for (const s of [mine, theirs]) {
      const r = await run({ schema: s, parameters: { tables: 2, table_size: 3000 } });
      expect(r.status).toBe(201);
      await waitEnd(r.body.id as string);
    }
    const listed = await tables(mine);
    expect(listed.status).toBe(200);
    const names = (listed.body.tables as { name: string; bytes: number }[]).map((t) => t.name);
    expect(names).toEqual(['benchphant_layout', 'sbtest1', 'sbtest2']);
    expect(listed.body.bytes as number).toBeGreaterThan(3000 * 180);

    // A table of the user's own in that schema is neither listed nor dropped.
    await withClient(params, (c) => c.query(`CREATE TABLE ${mine}.user_keep (a INT)`));
    const dropped = await api(
      'DELETE',
      `/api/v1/connections/${ids[engine]}/benchmark-tables?schema=${mine}`,
    );
    expect(dropped.status).toBe(200);
    expect(dropped.body.bytes_freed).toBe(listed.body.bytes);
    expect(dropped.body.message).toMatch(/^Dropped 3 benchmark table\(s\) in bp_i13_mine_/);
    expect((await tables(mine)).body.tables).toEqual([]);
    await withClient(params, async (c) => {
      const kept = await c.query(`SELECT COUNT(*) AS n FROM ${mine}.user_keep`);
      expect(Number(kept.rows[0]!.n)).toBe(0);
      await c.query(`DROP TABLE ${mine}.user_keep`);
    });
    // The other schema's tables are untouched.
    expect(((await tables(theirs)).body.tables as unknown[]).length).toBe(3);

    // Once empty, the schema itself goes too.
    const again = await api(
      'DELETE',
      `/api/v1/connections/${ids[engine]}/benchmark-tables?schema=${mine}`,
    );
    expect(again.body.message).toMatch(/nothing to drop/);
    await withClient(params, async (c) => {
      const r = await c.query(
        engine === 'postgresql'
          ? 'SELECT COUNT(*) AS n FROM pg_namespace WHERE nspname = $1'
          : 'SELECT COUNT(*) AS n FROM information_schema.schemata WHERE schema_name = ?',
        [mine],
      );
      expect(Number(r.rows[0]!.n)).toBe(0);
    });

    // cleanup: true leaves no benchmark tables behind.
    const clean = schema('clean');
    const r = await run({ schema: clean, cleanup: true, parameters: { table_size: 2000 } });
    await waitEnd(r.body.id as string);
    expect((await tables(clean)).body.tables).toEqual([]);
  }, 120_000);
});
