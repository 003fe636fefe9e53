// Runs in the main process, server and CLI. How PostgreSQL fences a console or admin session.
import type { SessionDialect } from '../../tenant-facets';

export const postgresSession: SessionDialect = {
  // statement_timeout's timer starts with each statement, so the statement cannot lift its own.
  timeout: async (_c, ms) => [`SET statement_timeout = ${Math.trunc(ms)}`],
  beginReadOnly: 'BEGIN READ ONLY',
  timedOut: (err) =>
    (err as { code?: unknown }).code === '57014' &&
    /statement timeout/i.test((err as Error).message ?? ''),
};
