// The native load engine against the real PostgreSQL and MariaDB: every workload, the same
// statement sequence as the Node engine for one seed, reconnection after the server kills its
// sessions, cancel, and its threads' cores. Each test works in a schema (database) of its own.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKLOAD_TYPES, type RunStart } from '../../../shared/contract/benchmarks';
import type { ConnectionParams } from '../../../shared/model/connection';
import { compileWorkload } from '../../../main/core/benchmark/workloads';
import { cumulativeWeights, pickTxn } from '../../../main/core/benchmark/workloads/program';
import type { BenchSession, SqlValue } from '../../../main/core/benchmark/workloads/spec';
import { createHarness, ENGINES, type Harness, PG, until, withClient } from './harness';

let h: Harness;
const schemas: [ConnectionParams, string][] = [];
beforeAll(() => {
  h = createHarness();
});
afterAll(async () => {
  await h.close();
  for (const [p, s] of schemas)
    await withClient(p, (c) =>
      c.query(p.type === 'postgresql' ? `DROP SCHEMA ${s} CASCADE` : `DROP DATABASE ${s}`),
    ).catch(() => undefined);
});

/** A schema (PostgreSQL) or database (MySQL) of this test's own, dropped at the end. */
function schemaFor(p: ConnectionParams, what: string): string {
  const s = `bp_native_${what}_${randomBytes(4).toString('hex')}`;
  schemas.push([p, s]);
  return s;
}

async function sql(p: ConnectionParams, schema: string, statements: string[]): Promise<void> {
  await withClient(p, async (c) => {
    await c.query(
      p.type === 'postgresql'
        ? `CREATE SCHEMA IF NOT EXISTS ${schema}`
        : `CREATE DATABASE IF NOT EXISTS ${schema}`,
    );
    await c.query(p.type === 'postgresql' ? `SET search_path TO ${schema}` : `USE ${schema}`);
    for (const s of statements) await c.query(s);
  });
}

async function run(
  input: Omit<Partial<RunStart>, 'connection_id'> & { type: RunStart['type'] },
  p: ConnectionParams,
) {
  const id = await h.start({ connection_id: h.idFor(p), ...input });
  const summary = await h.engine.waitFor(id);
  return { id, summary, run: h.engine.get(id) };
}

/**
 * The native engine's threads by default, never more than the connections: one per connection on
 * MySQL (each waits in a blocking read), one epoll loop per core on PostgreSQL.
 */
const defaultThreads = (p: ConnectionParams, connections: number) =>
  p.type === 'mysql' ? connections : Math.min(connections, availableParallelism());

describe.each(ENGINES)('the native engine on %s', (_name, params) => {
  const schema = schemaFor(params, 'wl');
  it.each(WORKLOAD_TYPES.filter((t) => t !== 'custom'))('runs %s', async (type) => {
    const { summary, run: r } = await run(
      {
        type,
        engine: 'native',
        schema,
        parameters: { tables: 2, table_size: 2000, scale: 1 },
        threads: 2,
      },
      params,
    );
    expect(summary.status, summary.message ?? '').toBe('completed');
    expect(summary.engine).toBe('native');
    expect(r.detail.engine_threads).toBe(defaultThreads(params, 2));
    expect(r.metrics.tps).toBeGreaterThan(10);
    expect(r.detail.queries).toBeGreaterThanOrEqual(r.detail.transactions);
    expect(r.metrics.latency.p50).toBeGreaterThan(0);
    expect(r.metrics.latency.max).toBeGreaterThanOrEqual(r.metrics.latency.p99);
    const d = r.detail.errors_by_class;
    // Concurrent delete+insert of one id can collide on a key, as in sysbench; nothing else may fail.
    expect(
      d.connection + d.syntax + d.timeout + d.other,
      JSON.stringify(r.detail.first_errors),
    ).toBe(0);
    if (['oltp_read_write', 'tpcb_like'].includes(type))
      expect(Object.keys(r.detail.by_statement)).toEqual(
        expect.arrayContaining(['select', 'update', 'commit']),
      );
  });

  it('sends the same statements per client as the Node engine for one seed', async () => {
    const s = schemaFor(params, 'seq');
    const serial = params.type === 'postgresql' ? 'bigserial' : 'bigint AUTO_INCREMENT';
    await sql(params, s, [
      `CREATE TABLE seqlog (id ${serial} PRIMARY KEY, client int, a bigint, g bigint, e bigint)`,
    ]);
    const scripts = [
      {
        name: 'draws',
        weight: 1,
        sql: '\\set a random(1, 1000000)\n\\set g random_gaussian(1, 1000, 2.5)\n\\set e random_exponential(1, 1000, 3)\nINSERT INTO seqlog (client, a, g, e) VALUES (:client_id, :a, :g, :e);',
      },
      {
        name: 'zipf',
        weight: 2,
        // n: negative and beyond 32 bits, as the native engine writes bound integers by hand.
        sql: '\\set z random_zipfian(1, 1000, 1.5)\n\\set n -1 * random(1, 1000000) * 1000003\nINSERT INTO seqlog (client, a, g, e) VALUES (:client_id, :n, :z, 0);',
      },
    ];
    const seed = 4242;
    const rowsOf = async () =>
      withClient(params, async (c) => {
        const r = await c.query(`SELECT client, a, g, e FROM ${s}.seqlog ORDER BY id`);
        await c.query(`DELETE FROM ${s}.seqlog`);
        const by = new Map<number, string[]>();
        for (const row of r.rows) {
          const k = Number(row.client);
          by.set(k, [...(by.get(k) ?? []), [row.a, row.g, row.e].map(String).join(' ')]);
        }
        return by;
      });
    const input = {
      type: 'custom' as const,
      schema: s,
      scripts,
      seed,
      threads: 2,
      parameters: { init: 'none' },
    };
    const seen: Record<string, Map<number, string[]>> = {};
    for (const engine of ['native', 'node'] as const) {
      const { summary, run: r } = await run({ ...input, engine }, params);
      expect(summary.status, summary.message ?? '').toBe('completed');
      expect(summary.engine).toBe(engine);
      expect(r.config.seed).toBe(seed);
      expect(r.metrics.tps).toBeGreaterThan(0);
      seen[engine] = await rowsOf();
    }
    // What the program itself draws for each client with that seed.
    const { compiled } = compileWorkload({
      type: 'custom',
      engine: params.type,
      parameters: { init: 'none' },
      scripts,
      protocol: 'prepared',
      maxTries: 1,
      pipeline: 1,
      seed,
    });
    for (const client of [0, 1]) {
      const ctx = compiled.newClient(client);
      const cumulative = cumulativeWeights(compiled.program);
      const expected: string[] = [];
      const session: BenchSession = {
        // The zipf script binds client, n and z; its row holds 0 as a literal.
        run: async (_s, p: readonly SqlValue[]) =>
          void expected.push(p.length === 3 ? `${p[1]} ${p[2]} 0` : p.slice(1).join(' ')),
        destroy() {},
      };
      const native = seen.native!.get(client) ?? [];
      const node = seen.node!.get(client) ?? [];
      expect(native.length).toBeGreaterThan(20);
      expect(node.length).toBeGreaterThan(20);
      while (expected.length < Math.max(native.length, node.length))
        await compiled.txns[pickTxn(cumulative, ctx.rng)]!.run(session, ctx);
      expect(native).toEqual(expected.slice(0, native.length));
      expect(node).toEqual(expected.slice(0, node.length));
    }
  });

  it('re-establishes connections the server killed, and cancels within a second', async () => {
    const s = schemaFor(params, 'kill');
    const table = `victim_${randomBytes(3).toString('hex')}`;
    await sql(params, s, [
      `CREATE TABLE ${table} (id int PRIMARY KEY)`,
      `INSERT INTO ${table} VALUES (1)`,
    ]);
    const id = await h.start({
      connection_id: h.idFor(params),
      type: 'custom',
      engine: 'native',
      schema: s,
      threads: 3,
      duration: 60,
      parameters: { init: 'none' },
      scripts: [{ name: 'victim', weight: 1, sql: `SELECT id FROM ${table} WHERE id = 1;` }],
    });
    await until(() => h.engine.intervals(id).length >= 1);
    const killed = await withClient(params, async (c) => {
      if (params.type === 'postgresql') {
        const r = await c.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE '%${table}%' AND pid <> pg_backend_pid()`,
        );
        return r.rows.length;
      }
      const r = await c.query(
        `SELECT id FROM information_schema.processlist WHERE db = '${s}' AND id <> CONNECTION_ID()`,
      );
      for (const row of r.rows) await c.query(`KILL ${Number(row.id)}`).catch(() => undefined);
      return r.rows.length;
    });
    expect(killed).toBeGreaterThanOrEqual(3);
    await until(() => h.engine.intervals(id).some((i) => i.reconnects > 0));
    const after = h.engine.intervals(id).length;
    await until(() => h.engine.intervals(id).length >= after + 1);
    expect(h.engine.intervals(id).at(-1)!.tps).toBeGreaterThan(0);
    const t = performance.now();
    const summary = await h.engine.cancel(id);
    expect(performance.now() - t).toBeLessThan(1000);
    expect(summary.status).toBe('cancelled');
    const r = h.engine.get(id);
    expect(r.detail.engine_threads).toBe(defaultThreads(params, 3));
    expect(r.detail.reconnects).toBeGreaterThanOrEqual(3);
    expect(r.detail.errors_by_class.connection).toBeGreaterThan(0);
    expect(r.detail.first_errors.connection).toBeTruthy();
  });
});

it('pipelines statements (libpq pipeline mode), failing only the statements that fail', async () => {
  const s = schemaFor(PG, 'pipe');
  await sql(PG, s, ['CREATE TABLE t (id int PRIMARY KEY)', 'INSERT INTO t VALUES (1)']);
  const { summary, run: r } = await run(
    {
      type: 'custom',
      engine: 'native',
      schema: s,
      threads: 2,
      pipeline: 8,
      parameters: { init: 'none' },
      // One run in ten divides by zero on the server: its batch-mates are not run with it.
      scripts: [
        { name: 'ok', weight: 9, sql: 'SELECT id FROM t WHERE id = 1;' },
        { name: 'bad', weight: 1, sql: 'SELECT 1 / (id - 1) FROM t WHERE id = 1;' },
      ],
    },
    PG,
  );
  expect(summary.status, summary.message ?? '').toBe('completed');
  expect(summary.engine).toBe('native');
  expect(r.detail.transactions).toBeGreaterThan(100);
  expect(r.metrics.errors).toBeGreaterThan(0);
  expect(r.detail.errors_by_class.other).toBe(r.metrics.errors);
  expect(r.detail.errors_by_class.connection).toBe(0);
  expect(r.detail.first_errors.other).toMatch(/division by zero|earlier statement/);
});

/** The cores each of the native engine's threads may run on (this process's bp-native threads). */
function nativeThreadCores(): string[] {
  return readdirSync('/proc/self/task').flatMap((tid) => {
    try {
      if (readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim() !== 'bp-native') return [];
      return [
        /Cpus_allowed_list:\s*(\S+)/.exec(
          readFileSync(`/proc/self/task/${tid}/status`, 'utf8'),
        )![1]!,
      ];
    } catch {
      return []; // a thread that ended between the listing and the read
    }
  });
}

it('keeps each thread on a core of its own in closed loop when there are no more threads than cores', async () => {
  const cores = availableParallelism();
  // A list of one core ("1"), not a range or a set ("0-1").
  const single = (list: string) => /^\d+$/.test(list);
  const s = schemaFor(PG, 'cores');
  const watch = async (input: Omit<Partial<RunStart>, 'connection_id'>) => {
    const id = await h.start({
      connection_id: h.idFor(PG),
      type: 'select_only',
      engine: 'native',
      schema: s,
      duration: 30,
      parameters: { scale: 1 },
      ...input,
    });
    await until(() => h.engine.intervals(id).length >= 1);
    const seen = nativeThreadCores();
    await h.engine.cancel(id);
    return seen;
  };
  // Two threads, one core each where the machine has two: 0 and 1 (or the first allowed ones).
  const two = await watch({ threads: 4, pool_size: 2 });
  expect(two).toHaveLength(2);
  if (cores >= 2) {
    expect(two.every(single)).toBe(true);
    expect(new Set(two).size).toBe(2);
  }
  // Open loop: below saturation a thread must be free to move to an idle core.
  const open = await watch({ threads: 4, pool_size: 2, rate: 400 });
  expect(open).toHaveLength(2);
  expect(cores === 1 || open.every((c) => !single(c))).toBe(true);
  // More threads than cores: the scheduler places them (each may run anywhere allowed).
  const many = await watch({ threads: cores + 1, pool_size: cores + 1 });
  expect(many).toHaveLength(cores + 1);
  expect(cores === 1 || many.every((c) => !single(c))).toBe(true);
});
