// Runs in the main process, server and CLI. PostgreSQL's part of a benchmark: its schema, table
// DDL pieces, statement checks, the settings a run records and the counters it samples.
import type { BenchDialect } from '../engine';
import { postgresBenchSession } from './bench-session';

const SETTINGS = [
  'shared_buffers',
  'max_connections',
  'synchronous_commit',
  'work_mem',
  'effective_cache_size',
  'fsync',
  'wal_level',
  'max_wal_size',
  'checkpoint_timeout',
  'random_page_cost',
  'default_transaction_isolation',
];

export const postgresBench: BenchDialect = {
  async enterSchema(c, schema) {
    await c.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await c.query(`SET search_path TO ${schema}`);
  },
  serialColumn: 'SERIAL',
  tableOptions: '',
  afterSerialFill: (table, size) => [
    `SELECT setval(pg_get_serial_sequence('${table}', 'id'), ${size})`,
  ],
  analyze: (table) => `ANALYZE ${table}`,
  async checkStatement(c, sql) {
    await c.query(`PREPARE benchphant_check AS ${sql}`);
    await c.query('DEALLOCATE benchphant_check');
  },
  async settings(c) {
    const r = await c.query('SELECT name, setting, unit FROM pg_settings WHERE name = ANY($1)', [
      SETTINGS,
    ]);
    const out: Record<string, string> = {};
    for (const row of r.rows) {
      const unit = typeof row.unit === 'string' && row.unit ? ` ${row.unit}` : '';
      out[String(row.name)] = `${String(row.setting)}${unit}`;
    }
    return out;
  },
  async counters(c) {
    const r = await c.query(
      `SELECT xact_commit, xact_rollback, blks_read, blks_hit, tup_returned, tup_fetched,
              tup_inserted, tup_updated, tup_deleted, deadlocks
         FROM pg_stat_database WHERE datname = current_database()`,
    );
    const out: Record<string, number> = {};
    for (const [k, v] of Object.entries(r.rows[0] ?? {})) out[k] = Number(v);
    return out;
  },
  gauges: new Set(),
  async listTables(c, schema) {
    const r = await c.query(
      `SELECT c.relname AS name, pg_total_relation_size(c.oid) AS bytes FROM pg_class c
         JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relkind IN ('r', 'p')`,
      [schema],
    );
    return r.rows.map((row) => ({ name: String(row.name), bytes: Number(row.bytes) }));
  },
  async dropTable(c, schema, table) {
    await c.query(`DROP TABLE IF EXISTS ${schema}.${table}`);
  },
  async dropSchemaIfEmpty(c, schema) {
    // RESTRICT refuses when anything at all is left (a view, a function, a sequence of theirs).
    await c.query(`DROP SCHEMA IF EXISTS ${schema} RESTRICT`).catch(() => undefined);
  },
  keepSchemas: ['public', 'pg_catalog', 'information_schema'],
  nativeLimit: () => null,
  // SQLSTATEs, some all digits (40001).
  native: {
    driver: 'postgresql',
    errorCode: (code) => ({ code, errno: 0 }),
    threadPerConnection: false,
  },
  ...postgresBenchSession,
};
