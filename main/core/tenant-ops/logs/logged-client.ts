// Runs in the main process, server and CLI. A database session whose every statement is timed and
// written to the tenant query log, whatever part of Benchphant runs it (admin query, deployment,
// provisioning); the statement's text is logged, its bound values are not.
import type { DbClient } from '../../db/client';
import type { QueryLogStore } from './store';

export function loggedClient(
  client: DbClient,
  log: QueryLogStore,
  tenantId: string,
  database: string,
): DbClient {
  return {
    ...client,
    async query(sql, params) {
      const start = performance.now();
      const at = Date.now();
      try {
        const r = await client.query(sql, params);
        log.add({
          tenantId,
          database,
          at,
          durationMs: performance.now() - start,
          rows: r.affected ?? r.rows.length,
          error: null,
          query: sql,
        });
        return r;
      } catch (err) {
        log.add({
          tenantId,
          database,
          at,
          durationMs: performance.now() - start,
          rows: null,
          error: err instanceof Error ? err.message : String(err),
          query: sql,
        });
        throw err;
      }
    },
  };
}
