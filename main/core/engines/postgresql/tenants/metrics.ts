// Runs in the main process, server and CLI. PostgreSQL's figures of a tenant database.
import type { MetricsDialect } from '../../tenant-facets';

export const postgresMetrics: MetricsDialect = {
  async databaseFigures(admin, database) {
    const r = await admin.query(
      'SELECT pg_database_size($1) AS size, (SELECT count(*) FROM pg_stat_activity WHERE datname = $1) AS conns',
      [database],
    );
    return { size_bytes: Number(r.rows[0]?.size ?? 0), connections: Number(r.rows[0]?.conns ?? 0) };
  },
};
