// Runs in the main process, server and CLI. Parses `postgres://`, `mysql://`, `redis://` (each
// engine's schemes) URLs into connection parameters. Errors never repeat the URL: it may hold a password.
import { AppError } from '../../../shared/errors';
import {
  type ConnectionParams,
  DEFAULT_PORTS,
  ENGINE_TYPES,
  requireSql,
  type EngineParams,
  type EngineType,
  type TlsMode,
} from '../../../shared/model/connection';
import { ENGINE_INFO } from '../../../shared/model/engines';

const SCHEMES: Record<string, EngineType> = Object.fromEntries(
  ENGINE_TYPES.flatMap((t) => ENGINE_INFO[t].schemes.map((s) => [`${s}:`, t])),
);
const SCHEME_LIST = Object.keys(SCHEMES)
  .map((s) => `${s}//`)
  .join(', ');

const SSLMODES: Record<string, TlsMode> = {
  disable: 'disable',
  allow: 'prefer',
  prefer: 'prefer',
  require: 'require',
  'verify-ca': 'verify-full',
  'verify-full': 'verify-full',
  // MySQL's --ssl-mode name for verifying the certificate and the host name.
  'verify-identity': 'verify-full',
};

// MySQL's --ssl-mode spellings of the libpq names above.
const MYSQL_SSL_MODES: Record<string, string> = {
  required: 'require',
  disabled: 'disable',
  preferred: 'prefer',
};

/** The TLS mode of a libpq `sslmode` or a MySQL `ssl-mode` value; undefined when unknown. */
export function tlsModeFor(sslmode: string): TlsMode | undefined {
  const name = sslmode.trim().toLowerCase().replace('_', '-');
  return SSLMODES[MYSQL_SSL_MODES[name] ?? name];
}

export const SSLMODE_NAMES = Object.keys(SSLMODES).join(', ');

const bad = (why: string) => new AppError('BAD_INPUT', `The connection URL is not valid: ${why}.`);

// The port of `scheme://[userinfo@]host:port`, read without URL(), which rejects a bad port silently.
const AUTHORITY_PORT =
  /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(?:\[[^\]]*\]|[^:/?#@]*):([^/?#@]*)(?=[/?#]|$)/i;

function whyUnparseable(raw: string): AppError {
  const port = AUTHORITY_PORT.exec(raw)?.[1];
  if (port && !/^\d+$/.test(port)) return bad('the port must be a number');
  if (port && Number(port) > 65535) return bad('the port must be between 1 and 65535');
  return bad(
    'expected a form like postgres://user:password@host:5432/database or mysql://user@host/database',
  );
}

const decode = (part: string, what: string) => {
  try {
    return decodeURIComponent(part);
  } catch {
    throw bad(`the ${what} is not correctly percent-encoded (write % as %25)`);
  }
};

export function parseConnectionUrl(raw: string): EngineParams {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw whyUnparseable(raw.trim());
  }
  const type = SCHEMES[url.protocol];
  if (!type) throw bad(`the scheme must be one of ${SCHEME_LIST}`);
  const info = ENGINE_INFO[type];
  if (!url.hostname) throw bad('it names no host');
  const port = url.port ? Number(url.port) : DEFAULT_PORTS[type];
  const database =
    decode(url.pathname.replace(/^\//, ''), 'database name') ||
    (info.database.inUrl ? '' : info.database.default);
  if (!database) throw bad('it names no database (the part after the host, e.g. /mydb)');
  if (database.includes('/')) throw bad('the database name must not contain "/"');
  const username = decode(url.username, 'user name') || info.defaultUser;
  if (!username) throw bad('it names no user (user@host)');
  const sslmode =
    url.searchParams.get('sslmode') ??
    url.searchParams.get('ssl-mode')?.toLowerCase().replace('_', '-');
  // `rediss://` says TLS without a parameter; an explicit sslmode still decides how it is checked.
  let mode: TlsMode | undefined = info.tlsSchemes.includes(url.protocol.slice(0, -1))
    ? 'require'
    : undefined;
  if (sslmode) {
    mode = tlsModeFor(sslmode);
    if (!mode) throw bad(`sslmode must be one of ${SSLMODE_NAMES}`);
  }
  const ca = url.searchParams.get('sslrootcert') ?? undefined;
  return {
    type,
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port,
    database,
    username,
    password: url.password ? decode(url.password, 'password') : undefined,
    tls: mode ? { mode, ...(ca ? { ca_file: ca } : {}) } : undefined,
  };
}

/** A URL that must name an SQL engine (where a DbClient is opened from it). */
export const parseSqlConnectionUrl = (raw: string): ConnectionParams =>
  requireSql(parseConnectionUrl(raw), 'SQL sessions');
