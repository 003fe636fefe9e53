// Runs in the main process, server and CLI. Copies one table's rows for one tenant from the shared
// source into the tenant's database, in batches, as one transaction on the target that first
// empties the table, so a copy cut short leaves nothing behind and running it again is safe.
// Values travel as text (binary columns of MySQL as hex), so every type round-trips exactly; the
// engine's `imports` facet reads the source and writes the target.
import { AppError } from '../../../../shared/errors';
import type { DbClient } from '../../db/client';
import { sqlEngineOf } from '../../engines/registry';
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

/** The columns copied: the source's, less the routing column when it is dropped; all must exist. */
async function plannedColumns(target: DbClient, o: CopyTable) {
  const have = await sqlEngineOf(target.type).tenants.imports.targetColumns(target, o.table);
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
  return sqlEngineOf(source.type).tenants.imports.openReader(source, o, cols, from, where);
}

export async function copyTable(
  source: DbClient,
  target: DbClient,
  o: CopyTable,
): Promise<CopyResult> {
  const cols = await plannedColumns(target, o);
  const q = quoter(target.type);
  const engine = sqlEngineOf(target.type).tenants;
  const perInsert = engine.imports.rowsPerInsert(cols.length, o.batch);
  const reader = await openReader(source, o, cols);
  await target.query(engine.sql.begin);
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
        await target.query(engine.imports.insertSql(o.table, cols, part.length), values);
      }
      copied += rows.length;
      o.onBatch?.(copied, reader.total);
    }
    await engine.imports.afterCopy(target, o.table);
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
  await target.query(sqlEngineOf(target.type).tenants.sql.begin);
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
