// Runs in the main process, server and CLI. `pg_service.conf`: one [service] per connection with
// libpq's keywords; a service without a password takes it from ~/.pgpass, as libpq would.
import { DEFAULT_PORTS, type TlsSettings } from '../../../../shared/model/connection';
import { tlsModeFor, SSLMODE_NAMES } from '../url';
import { type ImportEntry, type ParseResult, readPort } from './entry';
import { readOptionFile } from './option-file';

/** Keywords that matter to a saved connection; others (application_name, …) are left alone. */
const UNSUPPORTED = ['hostaddr', 'service', 'sslcert', 'sslkey', 'options'];

export function parsePgService(text: string): ParseResult {
  const file = readOptionFile(text, { bareKeys: false, quotedValues: false });
  const result: ParseResult = { entries: [], problems: [...file.problems], notices: [] };
  for (const d of file.directives) {
    result.problems.push({ origin: `line ${d.line}`, reason: `${d.text} is not a libpq keyword` });
  }
  for (const section of file.sections) {
    const origin = `service [${section.name}]`;
    const get = (key: string) => section.options.get(key)?.value;
    const host = get('host') || 'localhost';
    if (host.includes(',')) {
      result.problems.push({
        origin,
        reason: 'several hosts in one service are not supported; give each its own service',
      });
      continue;
    }
    if (host.startsWith('/')) {
      result.problems.push({
        origin,
        reason: 'a Unix socket directory as host is not supported; use a TCP host name',
      });
      continue;
    }
    const port = get('port') ? readPort(get('port') ?? '') : DEFAULT_PORTS.postgresql;
    if (typeof port === 'string') {
      result.problems.push({ origin, reason: port });
      continue;
    }
    const username = get('user');
    if (!username) {
      result.problems.push({ origin, reason: 'it names no user (user=…)' });
      continue;
    }
    let tls: TlsSettings | undefined;
    const sslmode = get('sslmode');
    if (sslmode) {
      const mode = tlsModeFor(sslmode);
      if (!mode) {
        result.problems.push({ origin, reason: `sslmode must be one of ${SSLMODE_NAMES}` });
        continue;
      }
      const ca = get('sslrootcert');
      tls = { mode, ...(ca ? { ca_file: ca } : {}) };
    }
    const ignored = UNSUPPORTED.filter((k) => section.options.has(k));
    if (ignored.length) {
      result.notices.push(`${origin}: ${ignored.join(', ')} ignored (not supported).`);
    }
    const password = get('password');
    const entry: ImportEntry = {
      origin,
      name: section.name,
      type: 'postgresql',
      host,
      port,
      // libpq's default database is the user name.
      database: get('dbname') || username,
      username,
      ...(password ? { password } : {}),
      ...(tls ? { tls } : {}),
    };
    result.entries.push(entry);
  }
  return result;
}
