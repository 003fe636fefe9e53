// Runs in the main process, server and CLI. Rows per table of a database: written into a backup's
// manifest when it is made, and compared with the restored copy before it replaces anything.
import type { DbClient } from '../../db/client';
import { sqlEngineOf } from '../../engines/registry';
import { quoter } from '../../tenants/sql/quote';

export type RowCounts = Record<string, number>;

export const tableNames = (c: DbClient): Promise<string[]> =>
  sqlEngineOf(c.type).tenants.schema.tableNames(c);

export async function countRows(c: DbClient): Promise<RowCounts> {
  const q = quoter(c.type);
  const counts: RowCounts = {};
  for (const table of await tableNames(c)) {
    const r = await c.query(`SELECT count(*) AS n FROM ${q.ident(table)}`);
    counts[table] = Number(r.rows[0]?.n ?? 0);
  }
  return counts;
}

/** The differences between what a backup recorded and what a restored copy holds, for the user. */
export function countDifferences(expected: RowCounts, actual: RowCounts): string[] {
  const problems: string[] = [];
  for (const [table, n] of Object.entries(expected)) {
    if (!(table in actual)) problems.push(`table ${table} is missing`);
    else if (actual[table] !== n)
      problems.push(`table ${table} has ${actual[table]} rows, not ${n}`);
  }
  for (const table of Object.keys(actual)) {
    if (!(table in expected)) problems.push(`table ${table} was not in the backup`);
  }
  return problems;
}
