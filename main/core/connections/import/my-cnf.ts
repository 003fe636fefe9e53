// Runs in the main process, server and CLI. MySQL option files (~/.my.cnf): [client] and [mysql]
// make one connection, each [client_<x>] / [mysql_<x>] (a --defaults-group-suffix) another on top
// of them; server groups are not connections, and `!include` is not followed.
import { DEFAULT_PORTS, type TlsSettings } from '../../../../shared/model/connection';
import { tlsModeFor, SSLMODE_NAMES } from '../url';
import type { ImportEntry, ParseResult } from './entry';
import { readPort } from './entry';
import { type OptionSection, type OptionValue, readOptionFile } from './option-file';

const BASE_GROUPS = ['client', 'mysql'];
const SUFFIXED = /^(client|mysql)(_.+)$/;
const CONNECTION_KEYS = ['host', 'port', 'user', 'password', 'database'];
/** The mysql client's default when no database is named: always there, harmless to connect to. */
const FALLBACK_DATABASE = 'mysql';

type Options = Map<string, OptionValue>;

const merge = (sections: (OptionSection | undefined)[]): Options =>
  new Map(sections.flatMap((s) => (s ? [...s.options] : [])));

export function parseMyCnf(text: string): ParseResult {
  const file = readOptionFile(text, {
    bareKeys: true,
    quotedValues: true,
    normalizeKey: (k) => k.replaceAll('_', '-'),
  });
  const result: ParseResult = { entries: [], problems: [...file.problems], notices: [] };
  for (const d of file.directives) {
    result.notices.push(`line ${d.line}: ${d.text} ignored; import that file on its own.`);
  }
  const byName = new Map(file.sections.map((s) => [s.name.toLowerCase(), s]));
  const base = BASE_GROUPS.map((g) => byName.get(g));
  const suffixes = new Set<string>();
  const ignored: string[] = [];
  for (const s of file.sections) {
    const suffixed = SUFFIXED.exec(s.name.toLowerCase());
    if (suffixed?.[2]) suffixes.add(suffixed[2]);
    else if (!BASE_GROUPS.includes(s.name.toLowerCase())) ignored.push(`[${s.name}]`);
  }
  if (ignored.length) {
    result.notices.push(`${ignored.join(', ')} ignored: not client option groups.`);
  }

  const add = (label: string, options: Options) => {
    const origin = `group ${label}`;
    const get = (key: string) => options.get(key)?.value;
    if (!CONNECTION_KEYS.some((k) => options.has(k))) return;
    const port = get('port') ? readPort(get('port') ?? '') : DEFAULT_PORTS.mysql;
    if (typeof port === 'string') {
      result.problems.push({ origin, reason: port });
      return;
    }
    const username = get('user');
    if (!username) {
      result.problems.push({ origin, reason: 'it names no user (user=…)' });
      return;
    }
    let tls: TlsSettings | undefined;
    const sslMode = get('ssl-mode') ?? (options.has('skip-ssl') ? 'disable' : undefined);
    if (sslMode) {
      const mode = tlsModeFor(sslMode);
      if (!mode) {
        result.problems.push({ origin, reason: `ssl-mode must be one of ${SSLMODE_NAMES}` });
        return;
      }
      const ca = get('ssl-ca');
      tls = { mode, ...(ca ? { ca_file: ca } : {}) };
    }
    const database = get('database');
    if (!database) {
      result.notices.push(
        `${origin}: no database named; '${FALLBACK_DATABASE}' is used (edit it after the import).`,
      );
    }
    const password = get('password');
    const entry: ImportEntry = {
      origin,
      name: `my.cnf ${label}`,
      type: 'mysql',
      host: get('host') || 'localhost',
      port,
      database: database || FALLBACK_DATABASE,
      username,
      ...(password ? { password } : {}),
      ...(tls ? { tls } : {}),
    };
    result.entries.push(entry);
  };

  if (base.some(Boolean)) add(base[0] ? '[client]' : '[mysql]', merge(base));
  for (const suffix of suffixes) {
    add(
      `[client${suffix}]`,
      merge([...base, byName.get(`client${suffix}`), byName.get(`mysql${suffix}`)]),
    );
  }
  return result;
}
