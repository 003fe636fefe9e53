// Runs in the main process, server and CLI. `~/.pgpass`: hostname:port:database:username:password,
// `\:` and `\\` escaped, `*` matching anything. A line that names one server is a connection; a
// line with a wildcard is only a password for the connections it matches (as libpq reads it).
import { DEFAULT_PORTS } from '../../../../shared/model/connection';
import { type ImportEntry, lineOrigin, type ParseResult, readPort } from './entry';

export interface PgpassRule {
  host: string;
  port: string;
  database: string;
  username: string;
  password: string;
}

export interface PgpassResult extends ParseResult {
  /** Every usable line, specific or not, in file order (the first match wins). */
  rules: PgpassRule[];
}

/** Splits on unescaped `:` and removes the escapes. */
function fields(line: string): string[] {
  const out: string[] = [];
  let current = '';
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '\\' && i + 1 < line.length) {
      current += line[++i];
    } else if (ch === ':') {
      out.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  out.push(current);
  return out;
}

export function parsePgpass(text: string): PgpassResult {
  const result: PgpassResult = { entries: [], problems: [], notices: [], rules: [] };
  let wildcards = 0;
  text.split(/\r?\n/).forEach((raw, index) => {
    const origin = lineOrigin(index + 1);
    if (!raw.trim() || raw.trimStart().startsWith('#')) return;
    const parts = fields(raw);
    // A password may itself contain unescaped colons in sloppy files; libpq keeps the rest.
    if (parts.length < 5) {
      result.problems.push({
        origin,
        reason: `expected hostname:port:database:username:password, found ${parts.length} field${parts.length === 1 ? '' : 's'}`,
      });
      return;
    }
    const [host = '', port = '', database = '', username = ''] = parts;
    const password = parts.slice(4).join(':');
    if (!host || !port || !database || !username) {
      result.problems.push({
        origin,
        reason: 'hostname, port, database and username must not be empty (use * for any)',
      });
      return;
    }
    const portNumber = port === '*' ? DEFAULT_PORTS.postgresql : readPort(port);
    if (typeof portNumber === 'string') {
      result.problems.push({ origin, reason: portNumber });
      return;
    }
    result.rules.push({ host, port, database, username, password });
    if ([host, port, database, username].includes('*')) {
      wildcards++;
      return;
    }
    const entry: ImportEntry = {
      origin,
      name: `${username}@${host}/${database}`,
      type: 'postgresql',
      host,
      port: portNumber,
      database,
      username,
      ...(password ? { password } : {}),
    };
    result.entries.push(entry);
  });
  // A line that names a server but leaves the password empty takes it from a later wildcard line.
  const withPassword = result.rules.filter((r) => r.password);
  for (const entry of result.entries) {
    entry.password ??= pgpassPasswordFor(withPassword, entry);
  }
  if (wildcards > 0) {
    result.notices.push(
      `${wildcards} line${wildcards === 1 ? ' has' : 's have'} a * wildcard: not a connection of ${wildcards === 1 ? 'its' : 'their'} own, only a password for the connections ${wildcards === 1 ? 'it matches' : 'they match'}.`,
    );
  }
  return result;
}

const matches = (pattern: string, value: string) => pattern === '*' || pattern === value;

/** The password libpq would take from the file for these parameters: the first matching line's. */
export function pgpassPasswordFor(
  rules: readonly PgpassRule[],
  c: { host: string; port: number; database: string; username: string },
): string | undefined {
  const rule = rules.find(
    (r) =>
      matches(r.host, c.host) &&
      matches(r.port, String(c.port)) &&
      matches(r.database, c.database) &&
      matches(r.username, c.username),
  );
  return rule?.password || undefined;
}
