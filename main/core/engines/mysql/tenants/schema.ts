// Runs in the main process, server and CLI. MySQL's and MariaDB's schema for the tenant features:
// information_schema, their two ways of reporting defaults, DDL that commits on its own.
import { introspectMysql } from '../../../tenants/introspect/mysql';
import type { SchemaDialect } from '../../tenant-facets';
import { mysqlQuoter } from './sql';

export const mysqlSchema: SchemaDialect = {
  introspect: (c) => introspectMysql(c),
  portableTypes: new Map([
    ['serial', 'int AUTO_INCREMENT'],
    ['bigserial', 'bigint AUTO_INCREMENT'],
    ['timestamp', 'datetime(6)'],
    ['boolean', 'tinyint(1)'],
    ['json', 'json'],
    ['text', 'text'],
    ['uuid', 'char(36)'],
  ]),
  columnDdl(type, def) {
    if (def === null || def === 'NULL') return type;
    // MariaDB reports defaults as expressions ('text', 3, current_timestamp()); MySQL as raw values.
    const expression =
      /^'.*'$/s.test(def) ||
      /^-?\d+(\.\d+)?$/.test(def) ||
      /^[a-z_]+\(\d*\)$/i.test(def) ||
      /^current_timestamp$/i.test(def);
    return `${type} DEFAULT ${expression ? def : mysqlQuoter.literal(def)}`;
  },
  foreignKeysMakeIndexes: true,
  createdAtColumn: 'datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)',
  async tableExists(c, table) {
    const r = await c.query(
      'SELECT 1 AS x FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?',
      [table],
    );
    return r.rows.length > 0;
  },
  async tableNames(c) {
    const r = await c.query(`SELECT table_name AS name FROM information_schema.tables
          WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE' ORDER BY 1`);
    return r.rows.map((row) => String(row.name));
  },
  transactionalDdl: false,
  tenantSchema: (database) => database,
};
