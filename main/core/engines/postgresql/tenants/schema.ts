// Runs in the main process, server and CLI. PostgreSQL's schema for the tenant features: the
// catalogs it is read from, serial columns, transactional DDL.
import { introspectPostgres } from '../../../tenants/introspect/postgres';
import type { SchemaDialect } from '../../tenant-facets';

export const postgresSchema: SchemaDialect = {
  introspect: (c) => introspectPostgres(c),
  portableTypes: new Map([
    ['serial', 'serial'],
    ['bigserial', 'bigserial'],
    ['timestamp', 'timestamptz'],
    ['boolean', 'boolean'],
    ['json', 'jsonb'],
    ['text', 'text'],
    ['uuid', 'uuid'],
  ]),
  columnDdl(type, def) {
    const serial = def !== null && /^nextval\(/i.test(def);
    if (serial)
      return type === 'bigint' ? 'bigserial' : type === 'smallint' ? 'smallserial' : 'serial';
    if (def?.startsWith('GENERATED ')) return `${type} ${def}`;
    return def === null ? type : `${type} DEFAULT ${def}`;
  },
  foreignKeysMakeIndexes: false,
  createdAtColumn: 'timestamptz NOT NULL DEFAULT now()',
  async tableExists(c, table) {
    const r = await c.query(
      'SELECT 1 FROM pg_tables WHERE schemaname = current_schema() AND tablename = $1',
      [table],
    );
    return r.rows.length > 0;
  },
  async tableNames(c) {
    const r = await c.query(`SELECT table_name AS name FROM information_schema.tables
          WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1`);
    return r.rows.map((row) => String(row.name));
  },
  transactionalDdl: true,
  tenantSchema: () => 'public',
};
