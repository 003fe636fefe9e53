// Runs in the main process, server and CLI. Copies one table's rows for one tenant from the shared
// source into the tenant's database, in batches, as one transaction on the target that first
// empties the table, so a copy cut short leaves nothing behind and running it again is safe.
// Values travel as text (binary columns of MySQL as hex), so every type round-trips exactly.
import { AppError } from '../../../../shared/errors';
import type { DbClient } from '../../db/client';
import { quoter } from '../../tenants/sql/quote';
import { tableNames } from '../backups/row-counts';
import { routingFilter } from './source';

export class ImportStopped extends Error {
  constructor() {
    super('The import was stopped.');
  }
}

export interface CopyTable {
  table: string;
  /** Source column names with their declared types. */
  columns: { name: string; type: string }[];
  /** Only rows with this routing value; null copies the whole table. */
  routing: { column: string; value: string } | null;
  /** The primary key, which orders MySQL's pages (all columns where there is none). */
  key: string[];
  /** Leave the routing column out of the target. */
  dropRouting: boolean;
  batch: number;
  shouldStop: () => boolean;
  onBatch?: (copied: number, total: number) => void;
}

export interface CopyResult {
  source_rows: number;
  target_rows: number;
}

const MYSQL_BINARY =
  /^(tiny|medium|long)?blob|^(var)?binary|^bit\b|^geometry|^point|polygon|linestring/i;
/** PostgreSQL binds at most 65535 parameters per statement. */
const PG_MAX_PARAMS = 60_000;

async function targetColumns(target: DbClient, table: string): Promise<Map<string, boolean>> {
  const r =
    target.type === 'postgresql'
      ? await target.query(
          `SELECT column_name AS name, (is_generated = 'ALWAYS') AS generated FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = $1`,
          [table],
        )
      : await target.query(
          `SELECT column_name AS name, (extra LIKE '%GENERATED%') AS generated FROM information_schema.columns
            WHERE table_schema = DATABASE() AND table_name = ?`,
          [table],
        );
  return new Map(
    r.rows.map((row) => [
      String(row.name),
      Boolean(Number(row.generated) || row.generated === true),
    ]),
  );
}

/** The columns copied: the source's, less the routing column when it is dropped; all must exist. */
async function plannedColumns(target: DbClient, o: CopyTable) {
  const have = await targetColumns(target, o.table);
  if (have.size === 0) {
    throw new AppError(
      'REFUSED',
      `The tenant database has no table ${o.table}: the workspace's blueprint lacks it; deploy a version with it (import-full does) or import with shared_tables=skip if it has no routing column.`,
    );
  }
  const routingColumn = o.routing?.column;
  return o.columns.filter((c) => {
    if (o.dropRouting && c.name === routingColumn) return false;
    if (!have.has(c.name)) {
      throw new AppError(
        'REFUSED',
        c.name === routingColumn
          ? `The blueprint's table ${o.table} has no column ${c.name}; import with drop_routing_column=true.`
          : `The blueprint's table ${o.table} has no column ${c.name}; its values would be lost, so nothing was copied.`,
      );
    }
    return !have.get(c.name);
  });
}

/** A reader of the source rows in one snapshot, a batch at a time, as text. */
async function openReader(source: DbClient, o: CopyTable, cols: { name: string; type: string }[]) {
  const q = quoter(source.type);
  const where = o.routing
    ? ` WHERE ${routingFilter(source.type, o.routing.column, o.routing.value)}`
    : '';
  const from = `FROM ${q.ident(o.table)}${where}`;
  if (source.type === 'postgresql') {
    await source.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const total = Number((await source.query(`SELECT count(*) AS n ${from}`)).rows[0]?.n ?? 0);
    const select = cols.map((c) => `${q.ident(c.name)}::text AS ${q.ident(c.name)}`).join(', ');
    await source.query(`DECLARE bp_import NO SCROLL CURSOR FOR SELECT ${select} ${from}`);
    return {
      total,
      next: async () => (await source.query(`FETCH FORWARD ${o.batch} FROM bp_import`)).rows,
      close: () => source.query('COMMIT').then(() => undefined),
    };
  }
  await source.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
  await source.query('START TRANSACTION WITH CONSISTENT SNAPSHOT');
  const total = Number((await source.query(`SELECT count(*) AS n ${from}`)).rows[0]?.n ?? 0);
  const select = cols
    .map((c) =>
      MYSQL_BINARY.test(c.type)
        ? `HEX(${q.ident(c.name)}) AS ${q.ident(c.name)}`
        : `CAST(${q.ident(c.name)} AS CHAR) AS ${q.ident(c.name)}`,
    )
    .join(', ');
  // A stable order inside one snapshot makes LIMIT/OFFSET pages exact.
  // The routing column is constant within one tenant's rows, so the rest of the key orders them.
  const keyCols = o.key
    .filter((k) => k !== o.routing?.column)
    .map((k) => cols.find((c) => c.name === k));
  if (keyCols.length === 0 || keyCols.some((c) => c === undefined)) {
    // No usable key: a stable order over every column inside the one snapshot makes the pages exact.
    const order = cols.map((_, i) => String(i + 1)).join(', ');
    let offset = 0;
    return {
      total,
      next: async () => {
        const r = await source.query(
          `SELECT ${select} ${from} ORDER BY ${order} LIMIT ${o.batch} OFFSET ${offset}`,
        );
        offset += r.rows.length;
        return r.rows;
      },
      close: () => source.query('COMMIT').then(() => undefined),
    };
  }
  // Keyset pages: each starts after the last key read, so no page rescans the ones before it.
  const key = keyCols.filter((c) => c !== undefined);
  // Qualified: ORDER BY would otherwise take the text alias of the same name and sort as text.
  const keyList = key.map((c) => `${q.ident(o.table)}.${q.ident(c.name)}`).join(', ');
  const keyMarks = key.map((c) => (MYSQL_BINARY.test(c.type) ? 'UNHEX(?)' : '?')).join(', ');
  let last: unknown[] | null = null;
  return {
    total,
    next: async () => {
      const after = last ? `${where ? ' AND' : ' WHERE'} (${keyList}) > (${keyMarks})` : '';
      const r = await source.query(
        `SELECT ${select} ${from}${after} ORDER BY ${keyList} LIMIT ${o.batch}`,
        last ?? [],
      );
      const end = r.rows.at(-1);
      if (end) last = key.map((c) => end[c.name]);
      return r.rows;
    },
    close: () => source.query('COMMIT').then(() => undefined),
  };
}

function insertSql(
  type: DbClient['type'],
  table: string,
  cols: { name: string; type: string }[],
  rows: number,
): string {
  const q = quoter(type);
  const names = cols.map((c) => q.ident(c.name)).join(', ');
  let n = 0;
  const tuple = () =>
    `(${cols
      .map((c) =>
        type === 'postgresql' ? `$${++n}` : MYSQL_BINARY.test(c.type) ? 'UNHEX(?)' : '?',
      )
      .join(', ')})`;
  const values = Array.from({ length: rows }, tuple).join(', ');
  // OVERRIDING SYSTEM VALUE: identity columns take the source's ids as they are.
  return type === 'postgresql'
    ? `INSERT INTO ${q.ident(table)} (${names}) OVERRIDING SYSTEM VALUE VALUES ${values}`
    : `INSERT INTO ${q.ident(table)} (${names}) VALUES ${values}`;
}

/** Serial and identity sequences continue after the copied ids. */
async function moveSequences(target: DbClient, table: string): Promise<void> {
  const q = quoter('postgresql');
  const r = await target.query(
    `SELECT column_name AS name FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = $1
        AND (column_default LIKE 'nextval(%' OR is_identity = 'YES')`,
    [table],
  );
  for (const row of r.rows) {
    const col = q.ident(String(row.name));
    await target.query(
      `SELECT setval(pg_get_serial_sequence($1, $2), coalesce(max(${col}), 0) + 1, false) FROM ${q.ident(table)}`,
      [q.ident(table), String(row.name)],
    );
  }
}

export async function copyTable(
  source: DbClient,
  target: DbClient,
  o: CopyTable,
): Promise<CopyResult> {
  const cols = await plannedColumns(target, o);
  const q = quoter(target.type);
  const perInsert =
    target.type === 'postgresql' ? Math.max(1, Math.floor(PG_MAX_PARAMS / cols.length)) : o.batch;
  const reader = await openReader(source, o, cols);
  await target.query(target.type === 'postgresql' ? 'BEGIN' : 'START TRANSACTION');
  let committed = false;
  try {
    await target.query(`DELETE FROM ${q.ident(o.table)}`);
    let copied = 0;
    for (;;) {
      if (o.shouldStop()) throw new ImportStopped();
      const rows = await reader.next();
      if (rows.length === 0) break;
      for (let i = 0; i < rows.length; i += perInsert) {
        const part = rows.slice(i, i + perInsert);
        const values = part.flatMap((row) => cols.map((c) => row[c.name] ?? null));
        await target.query(insertSql(target.type, o.table, cols, part.length), values);
      }
      copied += rows.length;
      o.onBatch?.(copied, reader.total);
    }
    if (target.type === 'postgresql') await moveSequences(target, o.table);
    const target_rows = Number(
      (await target.query(`SELECT count(*) AS n FROM ${q.ident(o.table)}`)).rows[0]?.n ?? 0,
    );
    if (target_rows !== reader.total) {
      throw new AppError(
        'INTERNAL',
        `Table ${o.table}: the source has ${reader.total} rows for this tenant, the copy ${target_rows}; nothing was kept.`,
      );
    }
    await target.query('COMMIT');
    committed = true;
    return { source_rows: reader.total, target_rows };
  } finally {
    if (!committed) await target.query('ROLLBACK').catch(() => undefined);
    await reader.close().catch(() => undefined);
  }
}

/** Empties the tables children first, so a tenant's import starts from nothing. */
export async function clearTables(target: DbClient, tables: readonly string[]): Promise<void> {
  const q = quoter(target.type);
  const existing = new Set(await tableNames(target));
  await target.query(target.type === 'postgresql' ? 'BEGIN' : 'START TRANSACTION');
  try {
    for (const t of [...tables].reverse()) {
      if (existing.has(t)) await target.query(`DELETE FROM ${q.ident(t)}`);
    }
    await target.query('COMMIT');
  } catch (err) {
    await target.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
