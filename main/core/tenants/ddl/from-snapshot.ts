// Runs in the main process, server and CLI. Turns an introspected schema back into DDL, for
// importing a schema from an existing database. Names are quoted by the driver; types and
// default expressions are the server's own text, read from its catalogs.
import type { SchemaSnapshot } from '../../../../shared/contract/tenants';
import type { DbType } from '../../../../shared/model/connection';
import { sqlEngineOf } from '../../engines/registry';
import { quoter } from '../sql/quote';

const ON_DELETE = new Set(['CASCADE', 'RESTRICT', 'SET NULL', 'SET DEFAULT', 'NO ACTION']);

export function snapshotStatements(schema: SchemaSnapshot, engine: DbType): string[] {
  const q = quoter(engine);
  const dialect = sqlEngineOf(engine).tenants.schema;
  const creates: string[] = [];
  const indexes: string[] = [];
  const fks: string[] = [];
  for (const t of schema.tables) {
    const table = q.ident(t.name);
    const lines = t.columns.map((c) => {
      const typed = dialect.columnDdl(c.type, c.default);
      return `${q.ident(c.name)} ${typed}${c.nullable ? '' : ' NOT NULL'}`;
    });
    const pk = t.indexes.find((i) => i.primary);
    if (pk) lines.push(`PRIMARY KEY (${pk.columns.map((c) => q.ident(c)).join(', ')})`);
    creates.push(`CREATE TABLE ${table} (\n  ${lines.join(',\n  ')}\n)`);
    for (const ix of t.indexes) {
      if (ix.primary || ix.columns.length === 0) continue;
      // An index the engine makes for a foreign key (MySQL) comes back with the key.
      if (dialect.foreignKeysMakeIndexes && t.foreign_keys.some((f) => f.name === ix.name))
        continue;
      const cols = ix.columns.map((c) => q.ident(c)).join(', ');
      indexes.push(
        `CREATE ${ix.unique ? 'UNIQUE ' : ''}INDEX ${q.ident(ix.name)} ON ${table} (${cols})`,
      );
    }
    for (const f of t.foreign_keys) {
      const onDelete = ON_DELETE.has(f.on_delete) ? f.on_delete : 'NO ACTION';
      fks.push(
        `ALTER TABLE ${table} ADD CONSTRAINT ${q.ident(f.name)} FOREIGN KEY (${f.columns.map((c) => q.ident(c)).join(', ')}) ` +
          `REFERENCES ${q.ident(f.ref_table)} (${f.ref_columns.map((c) => q.ident(c)).join(', ')}) ON DELETE ${onDelete}`,
      );
    }
  }
  return [...creates, ...indexes, ...fks];
}
