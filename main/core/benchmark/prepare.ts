// Runs in the main process, server and CLI. The prepare and cleanup phases: benchmark tables
// live in their own schema (PostgreSQL) or database (MySQL); the user's tables are never touched.
// Data is generated server-side on PostgreSQL (as pgbench -I G) and in batched inserts on MySQL.
import type { ConnectionParams } from '../../../shared/model/connection';
import { openClient, type DbClient } from '../db/client';
import { errorText } from './errors';
import { pgbenchScale } from './workloads/pgbench';
import { ScriptError, type ScriptStatement } from './workloads/scripts';
import type { DataFamily } from './workloads';
import type { ParamValue } from './workloads/spec';
import { randomC, randomPad, sysbenchLayout } from './workloads/sysbench';

export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

export interface PrepareHooks {
  /** Rows written so far out of the total. */
  progress(done: number, total: number): void;
  cancelled(): boolean;
}

const PG_CHUNK = 50_000;
const MY_BATCH = 1000;

/** A session on the user's database with the benchmark schema created and selected. */
export async function openAdmin(params: ConnectionParams, schema: string): Promise<DbClient> {
  const client = await openClient(params);
  try {
    if (client.type === 'postgresql') {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await client.query(`SET search_path TO ${schema}`);
    } else {
      await client.query(`CREATE DATABASE IF NOT EXISTS ${schema}`);
      await client.query(`USE ${schema}`);
    }
    await client.query(
      'CREATE TABLE IF NOT EXISTS benchphant_layout (family VARCHAR(32) PRIMARY KEY, layout TEXT NOT NULL)',
    );
  } catch (err) {
    await client.close().catch(() => undefined);
    throw err;
  }
  return client;
}

const ph = (c: DbClient, n: number) => (c.type === 'postgresql' ? `$${n}` : '?');

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
): Promise<boolean> {
  if (family === 'none') return false;
  const layout = layoutOf(family, params);
  if ((await storedLayout(c, family)) === layout) return false;
  await setLayout(c, family, null);
  if (family === 'sysbench') await loadSysbench(c, params, hooks);
  else await loadPgbench(c, pgbenchScale(params), hooks);
  await setLayout(c, family, layout);
  return true;
}

const check = (hooks: PrepareHooks) => {
  if (hooks.cancelled()) throw new CancelledError();
};

/** Fills `table` with rows lo..hi: generate_series chunks on PostgreSQL, multi-row inserts on MySQL. */
async function fill(
  c: DbClient,
  total: { done: number; all: number },
  hooks: PrepareHooks,
  count: number,
  pgInsert: (lo: number, hi: number) => string,
  myInsert: { sql: string; row: (i: number) => unknown[] },
): Promise<void> {
  const step = c.type === 'postgresql' ? PG_CHUNK : MY_BATCH;
  for (let lo = 1; lo <= count; lo += step) {
    check(hooks);
    const hi = Math.min(count, lo + step - 1);
    if (c.type === 'postgresql') await c.query(pgInsert(lo, hi));
    else {
      const rows: unknown[][] = [];
      for (let i = lo; i <= hi; i++) rows.push(myInsert.row(i));
      await c.query(myInsert.sql, [rows]);
    }
    total.done += hi - lo + 1;
    hooks.progress(total.done, total.all);
  }
}

async function loadSysbench(
  c: DbClient,
  params: Record<string, ParamValue>,
  hooks: PrepareHooks,
): Promise<void> {
  const { tables, table_size: size } = sysbenchLayout(params);
  const pg = c.type === 'postgresql';
  const total = { done: 0, all: tables * size };
  const pgDigits = `lpad(floor(random() * 99999999999)::bigint::text, 11, '0')`;
  for (let t = 1; t <= tables; t++) {
    const name = `sbtest${t}`;
    await c.query(`DROP TABLE IF EXISTS ${name}`);
    await c.query(
      `CREATE TABLE ${name} (id ${pg ? 'SERIAL' : 'INTEGER NOT NULL AUTO_INCREMENT'}, k INTEGER DEFAULT '0' NOT NULL, ` +
        `c CHAR(120) DEFAULT '' NOT NULL, pad CHAR(60) DEFAULT '' NOT NULL, PRIMARY KEY (id))${pg ? '' : ' ENGINE = InnoDB'}`,
    );
    await fill(
      c,
      total,
      hooks,
      size,
      (lo, hi) =>
        `INSERT INTO ${name} (id, k, c, pad) SELECT g, floor(random() * ${size})::int + 1, ` +
        `substr(repeat(${pgDigits} || '-', 10), 1, 119), substr(repeat(${pgDigits} || '-', 5), 1, 59) ` +
        `FROM generate_series(${lo}, ${hi}) g`,
      {
        sql: `INSERT INTO ${name} (id, k, c, pad) VALUES ?`,
        row: (i) => [i, 1 + Math.floor(Math.random() * size), randomC(), randomPad()],
      },
    );
    if (pg) await c.query(`SELECT setval(pg_get_serial_sequence('${name}', 'id'), ${size})`);
    await c.query(`CREATE INDEX k_${t} ON ${name} (k)`);
    await c.query(pg ? `ANALYZE ${name}` : `ANALYZE TABLE ${name}`);
  }
}

async function loadPgbench(c: DbClient, scale: number, hooks: PrepareHooks): Promise<void> {
  const pg = c.type === 'postgresql';
  const engine = pg ? '' : ' ENGINE = InnoDB';
  const tables: [string, string][] = [
    ['pgbench_history', 'tid INT, bid INT, aid INT, delta INT, mtime TIMESTAMP, filler CHAR(22)'],
    ['pgbench_tellers', 'tid INT NOT NULL PRIMARY KEY, bid INT, tbalance INT, filler CHAR(84)'],
    ['pgbench_accounts', 'aid INT NOT NULL PRIMARY KEY, bid INT, abalance INT, filler CHAR(84)'],
    ['pgbench_branches', 'bid INT NOT NULL PRIMARY KEY, bbalance INT, filler CHAR(88)'],
  ];
  for (const [name] of tables) await c.query(`DROP TABLE IF EXISTS ${name}`);
  for (const [name, cols] of tables) await c.query(`CREATE TABLE ${name} (${cols})${engine}`);
  const total = { done: 0, all: 100_000 * scale + 11 * scale };
  await fill(
    c,
    total,
    hooks,
    scale,
    (lo, hi) =>
      `INSERT INTO pgbench_branches (bid, bbalance) SELECT g, 0 FROM generate_series(${lo}, ${hi}) g`,
    {
      sql: 'INSERT INTO pgbench_branches (bid, bbalance) VALUES ?',
      row: (i) => [i, 0],
    },
  );
  await fill(
    c,
    total,
    hooks,
    10 * scale,
    (lo, hi) =>
      `INSERT INTO pgbench_tellers (tid, bid, tbalance) SELECT g, (g - 1) / 10 + 1, 0 FROM generate_series(${lo}, ${hi}) g`,
    {
      sql: 'INSERT INTO pgbench_tellers (tid, bid, tbalance) VALUES ?',
      row: (i) => [i, Math.floor((i - 1) / 10) + 1, 0],
    },
  );
  await fill(
    c,
    total,
    hooks,
    100_000 * scale,
    (lo, hi) =>
      `INSERT INTO pgbench_accounts (aid, bid, abalance, filler) SELECT g, (g - 1) / 100000 + 1, 0, '' FROM generate_series(${lo}, ${hi}) g`,
    {
      sql: 'INSERT INTO pgbench_accounts (aid, bid, abalance, filler) VALUES ?',
      row: (i) => [i, Math.floor((i - 1) / 100_000) + 1, 0, ''],
    },
  );
  for (const [name] of tables) await c.query(pg ? `ANALYZE ${name}` : `ANALYZE TABLE ${name}`);
}

/** Asks the server to parse every script statement, so a typo fails at prepare with its line. */
export async function checkScripts(
  c: DbClient,
  statements: readonly ScriptStatement[],
): Promise<void> {
  for (const s of statements) {
    if (s.stmt.txControl) continue;
    try {
      if (c.type === 'postgresql') {
        await c.query(`PREPARE benchphant_check AS ${s.stmt.sql}`);
        await c.query('DEALLOCATE benchphant_check');
      } else {
        await c.query('PREPARE benchphant_check FROM ?', [s.stmt.sql]);
        await c.query('DEALLOCATE PREPARE benchphant_check');
      }
    } catch (err) {
      throw new ScriptError(s.script, s.line, errorText(err));
    }
  }
}

export async function cleanupData(
  c: DbClient,
  family: DataFamily,
  params: Record<string, ParamValue>,
): Promise<void> {
  if (family === 'none') return;
  const names =
    family === 'sysbench'
      ? Array.from({ length: sysbenchLayout(params).tables }, (_, i) => `sbtest${i + 1}`)
      : ['pgbench_history', 'pgbench_tellers', 'pgbench_accounts', 'pgbench_branches'];
  for (const name of names) await c.query(`DROP TABLE IF EXISTS ${name}`);
  await setLayout(c, family, null);
}
