// Runs in the main process, server and CLI. Turns an introspected schema back into DDL, for
// importing a schema from an existing database. Names are quoted by the driver; types and
// default expressions are the server's own text, read from its catalogs.
import type { SchemaSnapshot } from '../../../../shared/contract/tenants';
import type { DbType } from '../../../../shared/model/connection';
import { quoter } from '../sql/quote';

const ON_DELETE = new Set(['CASCADE', 'RESTRICT', 'SET NULL', 'SET DEFAULT', 'NO ACTION']);

function pgColumn(type: string, def: string | null): string {
  const serial = def !== null && /^nextval\(/i.test(def);
  if (serial)
    return type === 'bigint' ? 'bigserial' : type === 'smallint' ? 'smallserial' : 'serial';
  if (def?.startsWith('GENERATED ')) return `${type} ${def}`;
  return def === null ? type : `${type} DEFAULT ${def}`;
}

function mysqlColumn(type: string, def: string | null, q: ReturnType<typeof quoter>): string {
  if (def === null || def === 'NULL') return type;
  // MariaDB reports defaults as expressions ('text', 3, current_timestamp()); MySQL as raw values.
  const expression =
    /^'.*'$/s.test(def) ||
    /^-?\d+(\.\d+)?$/.test(def) ||
    /^[a-z_]+\(\d*\)$/i.test(def) ||
    /^current_timestamp$/i.test(def);
  return `${type} DEFAULT ${expression ? def : q.literal(def)}`;
}

export function snapshotStatements(schema: SchemaSnapshot, engine: DbType): string[] {
  const q = quoter(engine);
  const creates: string[] = [];
  const indexes: string[] = [];
  const fks: string[] = [];
  for (const t of schema.tables) {
    const table = q.ident(t.name);
    const lines = t.columns.map((c) => {
      const typed =
        engine === 'postgresql' ? pgColumn(c.type, c.default) : mysqlColumn(c.type, c.default, q);
      return `${q.ident(c.name)} ${typed}${c.nullable ? '' : ' NOT NULL'}`;
    });
    const pk = t.indexes.find((i) => i.primary);
    if (pk) lines.push(`PRIMARY KEY (${pk.columns.map((c) => q.ident(c)).join(', ')})`);
    creates.push(`CREATE TABLE ${table} (\n  ${lines.join(',\n  ')}\n)`);
    for (const ix of t.indexes) {
      if (ix.primary || ix.columns.length === 0) continue;
      // MySQL makes an index for each foreign key under the key's name; it comes back with the key.
      if (engine === 'mysql' && t.foreign_keys.some((f) => f.name === ix.name)) continue;
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
