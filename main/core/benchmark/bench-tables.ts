// Runs in the main process, server and CLI. Benchphant's own benchmark tables in a schema (a
// database on MySQL): how large they are, and dropping them. It never lists or drops anything
// else: a user's tables beside them stay, and the schema goes only once it is empty.
import type { BenchTables } from '../../../shared/contract/benchmarks';
import type { DbClient } from '../db/client';
import { sqlEngineOf } from '../engines/registry';

/** sysbench's sbtestN, pgbench's four tables and the layout record of the prepare phase. */
const FIXED = [
  'pgbench_accounts',
  'pgbench_branches',
  'pgbench_tellers',
  'pgbench_history',
  'benchphant_layout',
];
const isBenchTable = (name: string) => /^sbtest[0-9]+$/.test(name) || FIXED.includes(name);

export async function benchTables(c: DbClient, schema: string): Promise<BenchTables> {
  const tables = (await sqlEngineOf(c.type).bench.listTables(c, schema))
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
  const dialect = sqlEngineOf(c.type).bench;
  const before = await benchTables(c, schema);
  for (const t of before.tables) await dialect.dropTable(c, schema, t.name);
  await dropSchemaIfEmpty(c, schema, ownDatabase);
  return before;
}

/** Drops an empty schema Benchphant made; a system schema or the connection's own database stays. */
export async function dropSchemaIfEmpty(
  c: DbClient,
  schema: string,
  ownDatabase: string,
): Promise<void> {
  const dialect = sqlEngineOf(c.type).bench;
  if (dialect.keepSchemas.includes(schema) || schema === ownDatabase) return;
  await dialect.dropSchemaIfEmpty(c, schema, () => dialect.listTables(c, schema));
}
