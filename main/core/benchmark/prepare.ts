// Runs in the main process, server and CLI. The prepare and cleanup phases: benchmark tables
// live in their own schema (a database on MySQL; the engine's dialect says which); the user's
// tables are never touched.
// Tables are created here; their rows are generated and streamed in worker threads (RowLoader).
import type { ConnectionParams } from '../../../shared/model/connection';
import { openClient, type DbClient } from '../db/client';
import { sqlEngineOf } from '../engines/registry';
import { dropSchemaIfEmpty } from './bench-tables';
import { errorText } from './errors';
import { pgbenchScale } from './workloads/pgbench';
import { ScriptError, type ScriptStatement } from './workloads/scripts';
import type { DataFamily } from './workloads';
import type { ParamValue } from './workloads/spec';
import { sysbenchLayout } from './workloads/sysbench';
import { CancelledError, type RowLoader } from './load-pool';
import { splitFills, type TableFill } from './prepare-rows';

export { CancelledError };

export interface PrepareHooks {
  /** Rows written so far out of the total. */
  progress(done: number, total: number): void;
  /** Aborted by Stop: the load's workers end at once and prepare rejects with CancelledError. */
  signal: AbortSignal;
}

/** A session on the user's database with the benchmark schema created and selected. */
export async function openAdmin(params: ConnectionParams, schema: string): Promise<DbClient> {
  const client = await openClient(params);
  try {
    await sqlEngineOf(client.type).bench.enterSchema(client, schema);
    await client.query(
      'CREATE TABLE IF NOT EXISTS benchphant_layout (family VARCHAR(32) PRIMARY KEY, layout TEXT NOT NULL)',
    );
  } catch (err) {
    await client.close().catch(() => undefined);
    throw err;
  }
  return client;
}

const ph = (c: DbClient, n: number) => sqlEngineOf(c.type).placeholder(n);

function layoutOf(family: DataFamily, params: Record<string, ParamValue>): string {
  if (family === 'sysbench') return JSON.stringify(sysbenchLayout(params));
  if (family === 'pgbench') return JSON.stringify({ scale: pgbenchScale(params) });
  return '{}';
}

async function storedLayout(c: DbClient, family: DataFamily): Promise<string | null> {
  const r = await c.query(`SELECT layout FROM benchphant_layout WHERE family = ${ph(c, 1)}`, [
    family,
  ]);
  return r.rows[0] ? String(r.rows[0].layout) : null;
}

async function setLayout(c: DbClient, family: DataFamily, layout: string | null): Promise<void> {
  await c.query(`DELETE FROM benchphant_layout WHERE family = ${ph(c, 1)}`, [family]);
  if (layout !== null)
    await c.query(
      `INSERT INTO benchphant_layout (family, layout) VALUES (${ph(c, 1)}, ${ph(c, 2)})`,
      [family, layout],
    );
}

/** Creates and fills the tables unless a previous run left them with the same layout. Returns whether it loaded. */
export async function prepareData(
  c: DbClient,
  family: DataFamily,
  params: Record<string, ParamValue>,
  hooks: PrepareHooks,
  loader: RowLoader,
): Promise<boolean> {
  if (family === 'none') return false;
  const layout = layoutOf(family, params);
  if ((await storedLayout(c, family)) === layout) return false;
  await setLayout(c, family, null);
  const tables = family === 'sysbench' ? sysbenchTables(c, params) : pgbenchTables(c, params);
  for (const sql of tables.create) {
    check(hooks);
    await c.query(sql);
  }
  const total = tables.fills.reduce((n, f) => n + f.count, 0);
  let done = 0;
  hooks.progress(0, total);
  await loader.load(splitFills(tables.fills, loader.parallelism), (rows) => {
    done += rows;
    hooks.progress(done, total);
  });
  for (const sql of tables.finish) {
    check(hooks);
    await c.query(sql);
  }
  await setLayout(c, family, layout);
  return true;
}

const check = (hooks: PrepareHooks) => {
  if (hooks.signal.aborted) throw new CancelledError();
};

/** The statements before and after the rows, and the rows: DDL runs here, rows in workers. */
interface TablesPlan {
  create: string[];
  fills: TableFill[];
  finish: string[];
}

const analyze = (c: DbClient, name: string) => sqlEngineOf(c.type).bench.analyze(name);

function sysbenchTables(c: DbClient, params: Record<string, ParamValue>): TablesPlan {
  const { tables, table_size: size } = sysbenchLayout(params);
  const dialect = sqlEngineOf(c.type).bench;
  const plan: TablesPlan = { create: [], fills: [], finish: [] };
  for (let t = 1; t <= tables; t++) {
    const name = `sbtest${t}`;
    plan.create.push(
      `DROP TABLE IF EXISTS ${name}`,
      `CREATE TABLE ${name} (id ${dialect.serialColumn}, k INTEGER DEFAULT '0' NOT NULL, ` +
        `c CHAR(120) DEFAULT '' NOT NULL, pad CHAR(60) DEFAULT '' NOT NULL, PRIMARY KEY (id))${dialect.tableOptions}`,
    );
    plan.fills.push({ kind: 'sbtest', table: name, count: size });
    plan.finish.push(...dialect.afterSerialFill(name, size));
    plan.finish.push(`CREATE INDEX k_${t} ON ${name} (k)`, analyze(c, name));
  }
  return plan;
}

function pgbenchTables(c: DbClient, params: Record<string, ParamValue>): TablesPlan {
  const scale = pgbenchScale(params);
  const engine = sqlEngineOf(c.type).bench.tableOptions;
  const tables: [string, string][] = [
    ['pgbench_history', 'tid INT, bid INT, aid INT, delta INT, mtime TIMESTAMP, filler CHAR(22)'],
    ['pgbench_tellers', 'tid INT NOT NULL PRIMARY KEY, bid INT, tbalance INT, filler CHAR(84)'],
    ['pgbench_accounts', 'aid INT NOT NULL PRIMARY KEY, bid INT, abalance INT, filler CHAR(84)'],
    ['pgbench_branches', 'bid INT NOT NULL PRIMARY KEY, bbalance INT, filler CHAR(88)'],
  ];
  return {
    create: [
      ...tables.map(([name]) => `DROP TABLE IF EXISTS ${name}`),
      ...tables.map(([name, cols]) => `CREATE TABLE ${name} (${cols})${engine}`),
    ],
    fills: [
      { kind: 'pgbench_branches', table: 'pgbench_branches', count: scale },
      { kind: 'pgbench_tellers', table: 'pgbench_tellers', count: 10 * scale },
      { kind: 'pgbench_accounts', table: 'pgbench_accounts', count: 100_000 * scale },
    ],
    finish: tables.map(([name]) => analyze(c, name)),
  };
}

/** Asks the server to parse every script statement, so a typo fails at prepare with its line. */
export async function checkScripts(
  c: DbClient,
  statements: readonly ScriptStatement[],
): Promise<void> {
  for (const s of statements) {
    if (s.stmt.txControl) continue;
    try {
      await sqlEngineOf(c.type).bench.checkStatement(c, s.stmt.sql);
    } catch (err) {
      throw new ScriptError(s.script, s.line, errorText(err));
    }
  }
}

/**
 * Drops the workload's tables; once no layout is left, the layout table too, and then the schema
 * if that left it empty (never a system schema or the connection's own database).
 */
export async function cleanupData(
  c: DbClient,
  family: DataFamily,
  params: Record<string, ParamValue>,
  place: { schema: string; ownDatabase: string },
): Promise<void> {
  if (family === 'none') return;
  const names =
    family === 'sysbench'
      ? Array.from({ length: sysbenchLayout(params).tables }, (_, i) => `sbtest${i + 1}`)
      : ['pgbench_history', 'pgbench_tellers', 'pgbench_accounts', 'pgbench_branches'];
  for (const name of names) await c.query(`DROP TABLE IF EXISTS ${name}`);
  await setLayout(c, family, null);
  const left = await c.query('SELECT COUNT(*) AS n FROM benchphant_layout');
  if (Number(left.rows[0]?.n ?? 0) > 0) return;
  await c.query('DROP TABLE benchphant_layout');
  await dropSchemaIfEmpty(c, place.schema, place.ownDatabase);
}
