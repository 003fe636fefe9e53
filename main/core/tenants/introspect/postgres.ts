// Runs in the main process, server and CLI. Reads the tables, columns, indexes and foreign keys
// of a PostgreSQL database's current schema from the catalogs.
import type { SchemaSnapshot, TableInfo } from '../../../../shared/contract/tenants';
import type { DbClient } from '../../db/client';

const COLUMNS = `
  SELECT c.relname AS table_name, a.attname AS column_name,
         format_type(a.atttypid, a.atttypmod) AS type, NOT a.attnotnull AS nullable,
         pg_get_expr(d.adbin, d.adrelid) AS default_expr, a.attidentity AS identity
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
  LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
  WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
  ORDER BY c.relname, a.attnum`;

const INDEXES = `
  SELECT t.relname AS table_name, i.relname AS index_name, ix.indisunique AS is_unique,
         ix.indisprimary AS is_primary,
         ARRAY(SELECT a.attname::text FROM unnest(ix.indkey) WITH ORDINALITY k(attnum, ord)
               JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
               ORDER BY k.ord) AS columns
  FROM pg_index ix
  JOIN pg_class t ON t.oid = ix.indrelid
  JOIN pg_class i ON i.oid = ix.indexrelid
  JOIN pg_namespace n ON n.oid = t.relnamespace
  WHERE n.nspname = current_schema()
  ORDER BY t.relname, i.relname`;

const FOREIGN_KEYS = `
  SELECT t.relname AS table_name, con.conname AS name, r.relname AS ref_table,
         ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
               JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
               ORDER BY k.ord) AS columns,
         ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
               JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum
               ORDER BY k.ord) AS ref_columns,
         CASE con.confdeltype WHEN 'c' THEN 'CASCADE' WHEN 'r' THEN 'RESTRICT'
              WHEN 'n' THEN 'SET NULL' WHEN 'd' THEN 'SET DEFAULT' ELSE 'NO ACTION' END AS on_delete
  FROM pg_constraint con
  JOIN pg_class t ON t.oid = con.conrelid
  JOIN pg_class r ON r.oid = con.confrelid
  JOIN pg_namespace n ON n.oid = t.relnamespace
  WHERE con.contype = 'f' AND n.nspname = current_schema()
  ORDER BY t.relname, con.conname`;

interface ColumnRow {
  table_name: string;
  column_name: string;
  type: string;
  nullable: boolean;
  default_expr: string | null;
  identity: string;
}
interface IndexRow {
  table_name: string;
  index_name: string;
  is_unique: boolean;
  is_primary: boolean;
  columns: string[];
}
interface FkRow {
  table_name: string;
  name: string;
  ref_table: string;
  columns: string[];
  ref_columns: string[];
  on_delete: string;
}

export async function introspectPostgres(client: DbClient): Promise<SchemaSnapshot> {
  const cols = (await client.query(COLUMNS)).rows as unknown as ColumnRow[];
  const idx = (await client.query(INDEXES)).rows as unknown as IndexRow[];
  const fks = (await client.query(FOREIGN_KEYS)).rows as unknown as FkRow[];
  const tables = new Map<string, TableInfo>();
  const table = (name: string) => {
    let t = tables.get(name);
    if (!t) {
      t = { name, columns: [], indexes: [], foreign_keys: [] };
      tables.set(name, t);
    }
    return t;
  };
  const primary = new Set(
    idx.filter((i) => i.is_primary).flatMap((i) => i.columns.map((c) => `${i.table_name}.${c}`)),
  );
  for (const c of cols) {
    table(c.table_name).columns.push({
      name: c.column_name,
      type: c.type,
      nullable: c.nullable,
      default: c.identity
        ? `GENERATED ${c.identity === 'a' ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY`
        : c.default_expr,
      primary_key: primary.has(`${c.table_name}.${c.column_name}`),
    });
  }
  for (const i of idx) {
    if (!tables.has(i.table_name)) continue;
    table(i.table_name).indexes.push({
      name: i.index_name,
      columns: i.columns,
      unique: i.is_unique,
      primary: i.is_primary,
    });
  }
  for (const f of fks) {
    table(f.table_name).foreign_keys.push({
      name: f.name,
      columns: f.columns,
      ref_table: f.ref_table,
      ref_columns: f.ref_columns,
      on_delete: f.on_delete,
    });
  }
  return { tables: [...tables.values()].sort((a, b) => a.name.localeCompare(b.name)) };
}
