// Runs in the main process, server and CLI. Turns JSON table definitions (templates, imports)
// into DDL for one engine: tables first, then indexes, then foreign keys, so order never matters.
// Names are quoted by the driver; types were checked against a strict pattern by the contract.
import type { JsonTable } from '../../../../shared/contract/tenants';
import type { DbType } from '../../../../shared/model/connection';
import { sqlEngineOf } from '../../engines/registry';
import { quoter } from '../sql/quote';

/** A portable type name in the engine's spelling; anything else passes as typed. */
export function engineType(type: string, engine: DbType): string {
  return sqlEngineOf(engine).tenants.schema.portableTypes.get(type.toLowerCase()) ?? type;
}

export function tableStatements(tables: readonly JsonTable[], engine: DbType): string[] {
  const q = quoter(engine);
  const creates: string[] = [];
  const indexes: string[] = [];
  const fks: string[] = [];
  for (const t of tables) {
    const table = q.ident(t.name);
    const lines = t.columns.map((c) => {
      let line = `${q.ident(c.name)} ${engineType(c.type, engine)}`;
      if (!c.nullable || c.primary_key) line += ' NOT NULL';
      if (c.default_current_timestamp) line += ' DEFAULT CURRENT_TIMESTAMP';
      else if (c.default !== undefined) line += ` DEFAULT ${q.literal(c.default)}`;
      if (c.unique && !c.primary_key) line += ' UNIQUE';
      return line;
    });
    const pk = t.columns.filter((c) => c.primary_key).map((c) => q.ident(c.name));
    if (pk.length > 0) lines.push(`PRIMARY KEY (${pk.join(', ')})`);
    creates.push(`CREATE TABLE ${table} (\n  ${lines.join(',\n  ')}\n)`);
    for (const ix of t.indexes) {
      const name = ix.name ?? `${t.name}_${ix.columns.join('_')}_idx`.slice(0, 60);
      const cols = ix.columns.map((c) => q.ident(c)).join(', ');
      indexes.push(
        `CREATE ${ix.unique ? 'UNIQUE ' : ''}INDEX ${q.ident(name)} ON ${table} (${cols})`,
      );
    }
    for (const c of t.columns) {
      if (!c.references) continue;
      const name = `${t.name}_${c.name}_fkey`.slice(0, 60);
      fks.push(
        `ALTER TABLE ${table} ADD CONSTRAINT ${q.ident(name)} FOREIGN KEY (${q.ident(c.name)}) ` +
          `REFERENCES ${q.ident(c.references.table)} (${q.ident(c.references.column)}) ON DELETE ${c.references.on_delete}`,
      );
    }
  }
  return [...creates, ...indexes, ...fks];
}
