// Runs in the main process, server and CLI. The prepare and cleanup phases: benchmark tables
// live in their own schema (PostgreSQL) or database (MySQL); the user's tables are never touched.
// Rows are generated here and streamed with COPY FROM STDIN on PostgreSQL, batched inserts on MySQL.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
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

/** Rows per COPY chunk and per MySQL insert. */
const BATCH = 1000;

/** Opens the PostgreSQL session COPY streams on; the prepare phase closes it. */
export type OpenCopySession = () => Promise<pg.Client>;

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
  openCopy: OpenCopySession,
): Promise<boolean> {
  if (family === 'none') return false;
  const layout = layoutOf(family, params);
  if ((await storedLayout(c, family)) === layout) return false;
  await setLayout(c, family, null);
  const copy = c.type === 'postgresql' ? await openCopy() : null;
  try {
    const load = { c, copy, hooks, total: { done: 0, all: 0 } };
    if (family === 'sysbench') await loadSysbench(load, params);
    else await loadPgbench(load, pgbenchScale(params));
  } finally {
    await copy?.end().catch(() => undefined);
  }
  await setLayout(c, family, layout);
  return true;
}

const check = (hooks: PrepareHooks) => {
  if (hooks.cancelled()) throw new CancelledError();
};

interface Load {
  c: DbClient;
  /** The COPY session on PostgreSQL, null on MySQL. */
  copy: pg.Client | null;
  hooks: PrepareHooks;
  total: { done: number; all: number };
}

/** Rows 1..count of one table; values never hold tabs, newlines or backslashes (COPY text format). */
interface TableFill {
  table: string;
  columns: string;
  count: number;
  row: (i: number) => (string | number)[];
}

/** The rows in batches, checking for cancel before each; a batch counts as done once the consumer asks for the next. */
function* batches(load: Load, f: TableFill): Generator<(string | number)[][]> {
  for (let lo = 1; lo <= f.count; lo += BATCH) {
    check(load.hooks);
    const rows: (string | number)[][] = [];
    for (let i = lo; i <= Math.min(f.count, lo + BATCH - 1); i++) rows.push(f.row(i));
    yield rows;
    load.total.done += rows.length;
    load.hooks.progress(load.total.done, load.total.all);
  }
}

async function fill(load: Load, f: TableFill): Promise<void> {
  if (load.copy) return copyFill(load, load.copy, f);
  for (const rows of batches(load, f))
    await load.c.query(`INSERT INTO ${f.table} (${f.columns}) VALUES ?`, [rows]);
}

/** COPY FROM STDIN fed by a generator: the stream pulls the next batch only once the socket drains. */
async function copyFill(load: Load, copy: pg.Client, f: TableFill): Promise<void> {
  function* text(): Generator<string> {
    for (const rows of batches(load, f)) yield rows.map((r) => r.join('\t') + '\n').join('');
  }
  await pipeline(
    Readable.from(text(), { objectMode: false }),
    copy.query(copyFrom(`COPY ${f.table} (${f.columns}) FROM STDIN`)),
  );
}

async function loadSysbench(load: Load, params: Record<string, ParamValue>): Promise<void> {
  const { c } = load;
  const { tables, table_size: size } = sysbenchLayout(params);
  const pg = c.type === 'postgresql';
  load.total.all = tables * size;
  for (let t = 1; t <= tables; t++) {
    const name = `sbtest${t}`;
    await c.query(`DROP TABLE IF EXISTS ${name}`);
    await c.query(
      `CREATE TABLE ${name} (id ${pg ? 'SERIAL' : 'INTEGER NOT NULL AUTO_INCREMENT'}, k INTEGER DEFAULT '0' NOT NULL, ` +
        `c CHAR(120) DEFAULT '' NOT NULL, pad CHAR(60) DEFAULT '' NOT NULL, PRIMARY KEY (id))${pg ? '' : ' ENGINE = InnoDB'}`,
    );
    await fill(load, {
      table: name,
      columns: 'id, k, c, pad',
      count: size,
      row: (i) => [i, 1 + Math.floor(Math.random() * size), randomC(), randomPad()],
    });
    if (pg) await c.query(`SELECT setval(pg_get_serial_sequence('${name}', 'id'), ${size})`);
    await c.query(`CREATE INDEX k_${t} ON ${name} (k)`);
    await c.query(pg ? `ANALYZE ${name}` : `ANALYZE TABLE ${name}`);
  }
}

async function loadPgbench(load: Load, scale: number): Promise<void> {
  const { c } = load;
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
  load.total.all = 100_000 * scale + 11 * scale;
  await fill(load, {
    table: 'pgbench_branches',
    columns: 'bid, bbalance',
    count: scale,
    row: (i) => [i, 0],
  });
  await fill(load, {
    table: 'pgbench_tellers',
    columns: 'tid, bid, tbalance',
    count: 10 * scale,
    row: (i) => [i, Math.floor((i - 1) / 10) + 1, 0],
  });
  await fill(load, {
    table: 'pgbench_accounts',
    columns: 'aid, bid, abalance, filler',
    count: 100_000 * scale,
    row: (i) => [i, Math.floor((i - 1) / 100_000) + 1, 0, ''],
  });
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
