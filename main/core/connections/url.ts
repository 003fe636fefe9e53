// Runs in the main process, server and CLI. Parses `postgres://` / `mysql://` URLs into connection
// parameters. Errors never repeat the URL: it may hold a password.
import { AppError } from '../../../shared/errors';
import { DEFAULT_PORTS, type ConnectionParams, type DbType, type TlsMode } from '../../../shared/model/connection';

const SCHEMES: Record<string, DbType> = {
  'postgres:': 'postgresql',
  'postgresql:': 'postgresql',
  'mysql:': 'mysql',
  'mariadb:': 'mysql',
};

const SSLMODES: Record<string, TlsMode> = {
  disable: 'disable',
  allow: 'prefer',
  prefer: 'prefer',
  require: 'require',
  'verify-ca': 'verify-full',
  'verify-full': 'verify-full',
};

const bad = (why: string) => new AppError('BAD_INPUT', `The connection URL is not valid: ${why}.`);

export function parseConnectionUrl(raw: string): ConnectionParams {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw bad('expected a form like postgres://user:password@host:5432/database or mysql://user@host/database');
  }
  const type = SCHEMES[url.protocol];
  if (!type) throw bad(`the scheme must be postgres://, postgresql://, mysql:// or mariadb://`);
  if (!url.hostname) throw bad('it names no host');
  const port = url.port ? Number(url.port) : DEFAULT_PORTS[type];
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!database) throw bad('it names no database (the part after the host, e.g. /mydb)');
  if (database.includes('/')) throw bad('the database name must not contain "/"');
  const username = decodeURIComponent(url.username);
  if (!username) throw bad('it names no user (user@host)');
  const sslmode = url.searchParams.get('sslmode') ?? url.searchParams.get('ssl-mode')?.toLowerCase().replace('_', '-');
  let mode: TlsMode | undefined;
  if (sslmode) {
    mode = SSLMODES[sslmode === 'required' ? 'require' : sslmode === 'disabled' ? 'disable' : sslmode === 'preferred' ? 'prefer' : sslmode];
    if (!mode) throw bad(`sslmode must be one of ${Object.keys(SSLMODES).join(', ')}`);
  }
  const ca = url.searchParams.get('sslrootcert') ?? undefined;
  return {
    type,
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port,
    database,
    username,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    tls: mode ? { mode, ...(ca ? { ca_file: ca } : {}) } : undefined,
  };
}
