// Runs in the main process, server and CLI. MySQL's figures of a tenant database.
import type { MetricsDialect } from '../../tenant-facets';

export const mysqlMetrics: MetricsDialect = {
  async databaseFigures(admin, database) {
    const size = await admin.query(
      'SELECT COALESCE(SUM(data_length + index_length), 0) AS size FROM information_schema.tables WHERE table_schema = ?',
      [database],
    );
    const conns = await admin.query(
      'SELECT count(*) AS n FROM information_schema.processlist WHERE db = ?',
      [database],
    );
    return {
      size_bytes: Number(size.rows[0]?.size ?? 0),
      connections: Number(conns.rows[0]?.n ?? 0),
    };
  },
};
