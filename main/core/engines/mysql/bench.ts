// Runs in the main process, server and CLI. MySQL/MariaDB's part of a benchmark: its database,
// table DDL pieces, statement checks, the settings a run records and the counters it samples.
import type { BenchDialect } from '../engine';
import { mysqlBenchSession } from './bench-session';

const SETTINGS = [
  'innodb_buffer_pool_size',
  'innodb_flush_log_at_trx_commit',
  'max_connections',
  'sync_binlog',
  'innodb_log_file_size',
  'innodb_flush_method',
  'transaction_isolation',
  'tx_isolation',
  'innodb_io_capacity',
  'thread_handling',
];
const COUNTERS = [
  'Questions',
  'Com_select',
  'Com_insert',
  'Com_update',
  'Com_delete',
  'Com_commit',
  'Com_rollback',
  'Innodb_buffer_pool_reads',
  'Innodb_buffer_pool_read_requests',
  'Innodb_row_lock_waits',
  'Threads_running',
];

export const mysqlBench: BenchDialect = {
  async enterSchema(c, schema) {
    await c.query(`CREATE DATABASE IF NOT EXISTS ${schema}`);
    await c.query(`USE ${schema}`);
  },
  serialColumn: 'INTEGER NOT NULL AUTO_INCREMENT',
  tableOptions: ' ENGINE = InnoDB',
  afterSerialFill: () => [],
  analyze: (table) => `ANALYZE TABLE ${table}`,
  async checkStatement(c, sql) {
    await c.query('PREPARE benchphant_check FROM ?', [sql]);
    await c.query('DEALLOCATE PREPARE benchphant_check');
  },
  async settings(c) {
    const r = await c.query('SHOW GLOBAL VARIABLES WHERE Variable_name IN (?)', [SETTINGS]);
    const out: Record<string, string> = {};
    for (const row of r.rows) out[String(row.Variable_name)] = String(row.Value);
    return out;
  },
  async counters(c) {
    const r = await c.query('SHOW GLOBAL STATUS WHERE Variable_name IN (?)', [COUNTERS]);
    const out: Record<string, number> = {};
    for (const row of r.rows) out[String(row.Variable_name)] = Number(row.Value);
    return out;
  },
  gauges: new Set(['Threads_running']),
  async listTables(c, schema) {
    const r = await c.query(
      `SELECT table_name AS name, COALESCE(data_length, 0) + COALESCE(index_length, 0) AS bytes
         FROM information_schema.tables WHERE table_schema = ?`,
      [schema],
    );
    return r.rows.map((row) => ({ name: String(row.name), bytes: Number(row.bytes) }));
  },
  async dropTable(c, schema, table) {
    await c.query(`DROP TABLE IF EXISTS \`${schema}\`.\`${table}\``);
  },
  async dropSchemaIfEmpty(c, schema, list) {
    const left = await c.query(
      'SELECT COUNT(*) AS n FROM information_schema.routines WHERE routine_schema = ?',
      [schema],
    );
    if (Number(left.rows[0]?.n ?? 0) > 0) return;
    if ((await list()).length > 0) return;
    await c.query(`DROP DATABASE IF EXISTS \`${schema}\``);
  },
  keepSchemas: ['mysql', 'information_schema', 'performance_schema', 'sys'],
  nativeLimit: (input) =>
    input.pipeline > 1
      ? 'the native engine does not pipeline on MySQL/MariaDB (Connector/C has no pipeline mode)'
      : null,
  // The server's errno.
  native: {
    driver: 'mysql',
    errorCode: (code) => ({ code: '', errno: /^\d+$/.test(code) ? Number(code) : 0 }),
    // On two cores shared with the server and other load, a loop thread that waits for a core
    // stalls all its connections; a thread per connection measured 0.96x sysbench's QPS at 8
    // connections where two loops gave 0.66x, 0.87x against 0.47x at 32 (issue 14, session 9).
    threadPerConnection: true,
  },
  ...mysqlBenchSession,
};
