// Runs in the main process, server and CLI. Benchphant's own benchmark tables in a schema (a
// database on MySQL): how large they are, and dropping them. It never lists or drops anything
// else: a user's tables beside them stay, and the schema goes only once it is empty.
import type { BenchTables } from '../../../shared/contract/benchmarks';
import type { ConnectionParams } from '../../../shared/model/connection';
import type { DbClient } from '../db/client';

/** sysbench's sbtestN, pgbench's four tables and the layout record of the prepare phase. */
const FIXED = [
  'pgbench_accounts',
  'pgbench_branches',
  'pgbench_tellers',
  'pgbench_history',
  'benchphant_layout',
];
const isBenchTable = (name: string) => /^sbtest[0-9]+$/.test(name) || FIXED.includes(name);

/** Schemas never dropped even when empty: the server's own and the usual default ones. */
const KEEP = ['public', 'mysql', 'information_schema', 'performance_schema', 'sys', 'pg_catalog'];

interface EngineTables {
  /** Every table in the schema with its size (tables and indexes), bytes. */
  list(c: DbClient, schema: string): Promise<{ name: string; bytes: number }[]>;
  drop(c: DbClient, schema: string, table: string): Promise<void>;
  /** Drops the schema when nothing is left in it. */
  dropIfEmpty(c: DbClient, schema: string): Promise<void>;
}

const postgres: EngineTables = {
  async list(c, schema) {
    const r = await c.query(
      `SELECT c.relname AS name, pg_total_relation_size(c.oid) AS bytes FROM pg_class c
         JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relkind IN ('r', 'p')`,
      [schema],
    );
    return r.rows.map((row) => ({ name: String(row.name), bytes: Number(row.bytes) }));
  },
  async drop(c, schema, table) {
    await c.query(`DROP TABLE IF EXISTS ${schema}.${table}`);
  },
  async dropIfEmpty(c, schema) {
    // RESTRICT refuses when anything at all is left (a view, a function, a sequence of theirs).
    await c.query(`DROP SCHEMA IF EXISTS ${schema} RESTRICT`).catch(() => undefined);
  },
};

const mysql: EngineTables = {
  async list(c, schema) {
    const r = await c.query(
      `SELECT table_name AS name, COALESCE(data_length, 0) + COALESCE(index_length, 0) AS bytes
         FROM information_schema.tables WHERE table_schema = ?`,
      [schema],
    );
    return r.rows.map((row) => ({ name: String(row.name), bytes: Number(row.bytes) }));
  },
  async drop(c, schema, table) {
    await c.query(`DROP TABLE IF EXISTS \`${schema}\`.\`${table}\``);
  },
  async dropIfEmpty(c, schema) {
    const left = await c.query(
      'SELECT COUNT(*) AS n FROM information_schema.routines WHERE routine_schema = ?',
      [schema],
    );
    if (Number(left.rows[0]?.n ?? 0) > 0) return;
    if ((await mysql.list(c, schema)).length > 0) return;
    await c.query(`DROP DATABASE IF EXISTS \`${schema}\``);
  },
};

function engineTables(type: ConnectionParams['type']): EngineTables {
  switch (type) {
    case 'postgresql':
      return postgres;
    case 'mysql':
      return mysql;
    default: {
      const never: never = type;
      throw new Error(`no benchmark tables for ${String(never)}`);
    }
  }
}

export async function benchTables(c: DbClient, schema: string): Promise<BenchTables> {
  const tables = (await engineTables(c.type).list(c, schema))
    .filter((t) => isBenchTable(t.name))
    .sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
  return { schema, tables, bytes: tables.reduce((n, t) => n + t.bytes, 0) };
}

/**
 * Drops the benchmark tables, then the schema if that left it empty and it is neither a system
 * schema nor the connection's own database. Returns what was there before.
 */
export async function dropBenchTables(
  c: DbClient,
  schema: string,
  ownDatabase: string,
): Promise<BenchTables> {
  const engine = engineTables(c.type);
  const before = await benchTables(c, schema);
  for (const t of before.tables) await engine.drop(c, schema, t.name);
  await dropSchemaIfEmpty(c, schema, ownDatabase);
  return before;
}

/** Drops an empty schema Benchphant made; a system schema or the connection's own database stays. */
export async function dropSchemaIfEmpty(
  c: DbClient,
  schema: string,
  ownDatabase: string,
): Promise<void> {
  if (!KEEP.includes(schema) && schema !== ownDatabase)
    await engineTables(c.type).dropIfEmpty(c, schema);
}
