// Runs in the main process, server and CLI. The DDL that takes the routing column out of a table
// for import-full's drop_routing_column: keys and indexes that included it are rebuilt on their
// other columns (a (tenant_id, id) key becomes (id): unique within one tenant, as it was).
// MySQL refuses to drop a column an index still names, so those indexes go first there.
import type { TableInfo } from '../../../../shared/contract/tenants';
import type { DbType } from '../../../../shared/model/connection';
import { sqlEngineOf } from '../../engines/registry';
import { quoter } from '../../tenants/sql/quote';

export function dropRoutingStatements(type: DbType, table: TableInfo, column: string): string[] {
  const q = quoter(type);
  const t = q.ident(table.name);
  const affected = table.indexes.filter((i) => i.columns.includes(column));
  const before = sqlEngineOf(type).tenants.imports.dropIndexesBeforeColumn
    ? affected.map((i) =>
        i.primary ? `ALTER TABLE ${t} DROP PRIMARY KEY` : `DROP INDEX ${q.ident(i.name)} ON ${t}`,
      )
    : [];
  const after = affected.flatMap((i) => {
    const rest = i.columns.filter((c) => c !== column).map((c) => q.ident(c));
    if (rest.length === 0) return [];
    return i.primary
      ? [`ALTER TABLE ${t} ADD PRIMARY KEY (${rest.join(', ')})`]
      : [
          `CREATE ${i.unique ? 'UNIQUE ' : ''}INDEX ${q.ident(i.name)} ON ${t} (${rest.join(', ')})`,
        ];
  });
  return [...before, `ALTER TABLE ${t} DROP COLUMN ${q.ident(column)}`, ...after];
}
