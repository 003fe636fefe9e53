// Runs in benchmark workers. Sorts a driver error into one of the run's error classes by its
// SQLSTATE, MySQL errno or socket code; the message kept is the server's own text.
import type { ErrorClass } from '../../../shared/contract/benchmarks';

const CONNECTION_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ECONNREFUSED',
  'ENOTCONN',
  'PROTOCOL_CONNECTION_LOST',
  'ER_CONNECTION_KILLED',
  'ER_SERVER_SHUTDOWN',
  'ER_QUERY_INTERRUPTED',
]);
export const MYSQL_CONNECTION_ERRNOS = new Set([1053, 1927, 2006, 2013, 1317]);
const MYSQL_TIMEOUT_ERRNOS = new Set([1205, 1969, 3024]);
const MYSQL_SERIALIZATION_ERRNOS = new Set([1213, 1020]);
/** SQLSTATEs and MySQL errnos retried under max_tries (the serialization class), as the native engine sees codes. */
export const RETRY_CODES = ['40001', '40P01', ...[...MYSQL_SERIALIZATION_ERRNOS].map(String)];
const MYSQL_CONSTRAINT_ERRNOS = new Set([1062, 1451, 1452, 1048, 1586, 1557]);
const MYSQL_SYNTAX_ERRNOS = new Set([1064, 1146, 1054, 1049, 1149, 1142]);

export function classifyError(err: unknown): ErrorClass {
  const e = (err ?? {}) as { code?: unknown; errno?: unknown; message?: unknown; fatal?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  const errno = typeof e.errno === 'number' ? e.errno : 0;
  const text = typeof e.message === 'string' ? e.message : '';
  // PostgreSQL SQLSTATEs are five characters; classes 08 (connection) and 57P (operator intervention).
  if (/^[0-9A-Z]{5}$/.test(code) && !code.startsWith('ER')) {
    if (code.startsWith('08') || code.startsWith('57P')) return 'connection';
    if (code === '57014' || code === '55P03') return 'timeout';
    if (code === '40001' || code === '40P01') return 'serialization';
    if (code.startsWith('23')) return 'constraint';
    if (code.startsWith('42')) return 'syntax';
    return 'other';
  }
  if (CONNECTION_CODES.has(code) || MYSQL_CONNECTION_ERRNOS.has(errno) || e.fatal === true)
    return 'connection';
  if (
    /Connection terminated|not queryable|closed state|connection is closed|socket hang up/i.test(
      text,
    )
  ) {
    return 'connection';
  }
  if (code === 'ETIMEDOUT' || MYSQL_TIMEOUT_ERRNOS.has(errno)) return 'timeout';
  if (MYSQL_SERIALIZATION_ERRNOS.has(errno)) return 'serialization';
  if (MYSQL_CONSTRAINT_ERRNOS.has(errno)) return 'constraint';
  if (MYSQL_SYNTAX_ERRNOS.has(errno)) return 'syntax';
  return 'other';
}

/** The server's message, cut to one line of reasonable length. */
export function errorText(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0]!.slice(0, 500);
}
