// Runs in the main process, server and CLI. Reads the tables, columns, indexes and foreign keys
// of the current MySQL/MariaDB database from information_schema.
import type { SchemaSnapshot, TableInfo } from '../../../../shared/contract/tenants';
import type { DbClient } from '../../db/client';

const COLUMNS = `
  SELECT c.TABLE_NAME AS table_name, c.COLUMN_NAME AS column_name, c.COLUMN_TYPE AS type,
         c.IS_NULLABLE AS nullable, c.COLUMN_DEFAULT AS default_expr, c.COLUMN_KEY AS column_key,
         c.EXTRA AS extra
  FROM information_schema.COLUMNS c
  JOIN information_schema.TABLES t
    ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME AND t.TABLE_TYPE = 'BASE TABLE'
  WHERE c.TABLE_SCHEMA = DATABASE()
  ORDER BY c.TABLE_NAME, c.ORDINAL_POSITION`;

const INDEXES = `
  SELECT TABLE_NAME AS table_name, INDEX_NAME AS index_name, NON_UNIQUE AS non_unique,
         COLUMN_NAME AS column_name
  FROM information_schema.STATISTICS
  WHERE TABLE_SCHEMA = DATABASE()
  ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`;

const FOREIGN_KEYS = `
  SELECT k.TABLE_NAME AS table_name, k.CONSTRAINT_NAME AS name, k.COLUMN_NAME AS column_name,
         k.REFERENCED_TABLE_NAME AS ref_table, k.REFERENCED_COLUMN_NAME AS ref_column,
         r.DELETE_RULE AS on_delete
  FROM information_schema.KEY_COLUMN_USAGE k
  JOIN information_schema.REFERENTIAL_CONSTRAINTS r
    ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME
   AND r.TABLE_NAME = k.TABLE_NAME
  WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME IS NOT NULL
  ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION`;

interface ColumnRow {
  table_name: string;
  column_name: string;
  type: string;
  nullable: string;
  default_expr: string | null;
  column_key: string;
  extra: string;
}
interface IndexRow {
  table_name: string;
  index_name: string;
  non_unique: number | string;
  column_name: string | null;
}
interface FkRow {
  table_name: string;
  name: string;
  column_name: string;
  ref_table: string;
  ref_column: string;
  on_delete: string;
}

export async function introspectMysql(client: DbClient): Promise<SchemaSnapshot> {
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
  for (const c of cols) {
    const auto = /auto_increment/i.test(c.extra);
    table(c.table_name).columns.push({
      name: c.column_name,
      type: auto ? `${c.type} AUTO_INCREMENT` : c.type,
      nullable: c.nullable === 'YES',
      default: c.default_expr,
      primary_key: c.column_key === 'PRI',
    });
  }
  for (const i of idx) {
    if (!tables.has(i.table_name)) continue;
    const t = table(i.table_name);
    let entry = t.indexes.find((x) => x.name === i.index_name);
    if (!entry) {
      entry = {
        name: i.index_name,
        columns: [],
        unique: Number(i.non_unique) === 0,
        primary: i.index_name === 'PRIMARY',
      };
      t.indexes.push(entry);
    }
    if (i.column_name) entry.columns.push(i.column_name);
  }
  for (const f of fks) {
    const t = table(f.table_name);
    let entry = t.foreign_keys.find((x) => x.name === f.name);
    if (!entry) {
      entry = {
        name: f.name,
        columns: [],
        ref_table: f.ref_table,
        ref_columns: [],
        on_delete: f.on_delete,
      };
      t.foreign_keys.push(entry);
    }
    entry.columns.push(f.column_name);
    entry.ref_columns.push(f.ref_column);
  }
  return { tables: [...tables.values()].sort((a, b) => a.name.localeCompare(b.name)) };
}
