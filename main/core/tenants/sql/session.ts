// Runs in the main process, server and CLI. How a console or admin session is fenced on each
// engine: a server-side statement timeout, a read-only transaction, and telling a timeout apart.
// The fence is the role the session logs in as; nothing here decides what a statement may do.
import { MAX_STATEMENT_TIMEOUT_MS } from '../../../../shared/contract/tenants';
import { AppError } from '../../../../shared/errors';
import type { DbType } from '../../../../shared/model/connection';
import type { DbClient, QueryResult } from '../../db/client';

interface SessionDialect {
  /** Statements that cap every later statement of the session at `ms` on the server. */
  timeout(client: DbClient, ms: number): Promise<string[]>;
  beginReadOnly: string;
  /** Whether a driver error is the server stopping a statement at the timeout. */
  timedOut(err: unknown): boolean;
}

const codeOf = (err: unknown) => (err as { code?: unknown }).code;
const errnoOf = (err: unknown) => (err as { errno?: unknown }).errno;

const postgres: SessionDialect = {
  // statement_timeout's timer starts with each statement, so the statement cannot lift its own.
  timeout: async (_c, ms) => [`SET statement_timeout = ${Math.trunc(ms)}`],
  beginReadOnly: 'BEGIN READ ONLY',
  timedOut: (err) =>
    codeOf(err) === '57014' && /statement timeout/i.test((err as Error).message ?? ''),
};

const mysql: SessionDialect = {
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

function dialect(type: DbType): SessionDialect {
  switch (type) {
    case 'postgresql':
      return postgres;
    case 'mysql':
      return mysql;
    default: {
      const never: never = type;
      throw new Error(`no session dialect for ${String(never)}`);
    }
  }
}

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
    throw new AppError(
      'TIMEOUT',
      `The statement ran longer than its ${o.timeoutMs / 1000} s timeout and was stopped. If it needs more time, give it a longer timeout (at most ${MAX_STATEMENT_TIMEOUT_MS / 1000} s).`,
    );
  }
}
