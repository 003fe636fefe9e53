// Runs in the main process, server and CLI. How MySQL and MariaDB fence a console or admin session.
import type { SessionDialect } from '../../tenant-facets';

const errnoOf = (err: unknown) => (err as { errno?: unknown }).errno;

export const mysqlSession: SessionDialect = {
  async timeout(c, ms) {
    // MariaDB's max_statement_time (seconds) covers every statement; MySQL's max_execution_time
    // (milliseconds) covers only SELECT, which is all a read-only admin query runs.
    return (await c.serverVersion()).startsWith('MariaDB')
      ? [`SET SESSION max_statement_time = ${(Math.trunc(ms) / 1000).toFixed(3)}`]
      : [`SET SESSION max_execution_time = ${Math.trunc(ms)}`];
  },
  beginReadOnly: 'START TRANSACTION READ ONLY',
  // 1969: MariaDB's ER_STATEMENT_TIMEOUT; 3024: MySQL's ER_QUERY_TIMEOUT.
  timedOut: (err) => errnoOf(err) === 1969 || errnoOf(err) === 3024,
};
