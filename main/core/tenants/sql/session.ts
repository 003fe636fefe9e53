// Runs in the main process, server and CLI. How a console or admin session is fenced, with each
// engine's `session` facet: a server-side statement timeout, a read-only transaction, and telling
// a timeout apart.
// The fence is the role the session logs in as; nothing here decides what a statement may do.
import type { DbType } from '../../../../shared/model/connection';
import type { DbClient, QueryResult } from '../../db/client';
import { sqlEngineOf } from '../../engines/registry';
import type { SessionDialect } from '../../engines/tenant-facets';
import { statementTimedOut } from '../timeout-error';

const dialect = (type: DbType): SessionDialect => sqlEngineOf(type).tenants.session;

/** Caps every statement the session runs from now on at `ms`. */
export async function limitStatements(c: DbClient, ms: number): Promise<void> {
  for (const sql of await dialect(c.type).timeout(c, ms)) await c.query(sql);
}

/**
 * Runs `sql` on a session already capped by `limitStatements`: inside a read-only transaction when
 * `readOnly`, and with a timeout reported in words rather than as the driver's error.
 */
export async function runFenced(
  c: DbClient,
  sql: string,
  o: { readOnly: boolean; timeoutMs: number },
): Promise<QueryResult> {
  const d = dialect(c.type);
  try {
    if (!o.readOnly) return await c.query(sql);
    await c.query(d.beginReadOnly);
    try {
      const r = await c.query(sql);
      await c.query('COMMIT');
      return r;
    } catch (err) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
  } catch (err) {
    if (!d.timedOut(err)) throw err;
    throw statementTimedOut(o.timeoutMs);
  }
}
