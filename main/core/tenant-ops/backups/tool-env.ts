// Runs in the main process, server and CLI. How the dump programs reach a server: host, port and
// user as arguments, the password only in the child's environment (never on a command line that
// `ps` shows), TLS as the connection asks.
import type { ConnectionParams } from '../../../../shared/model/connection';

export interface ToolInvocation {
  args: string[];
  env: NodeJS.ProcessEnv;
}

export function pgInvocation(params: ConnectionParams, database: string): ToolInvocation {
  const tls = params.tls;
  return {
    args: ['-h', params.host, '-p', String(params.port), '-U', params.username, '-d', database],
    env: {
      ...process.env,
      PGPASSWORD: params.password ?? '',
      PGSSLMODE: tls?.mode ?? 'prefer',
      ...(tls?.ca_file ? { PGSSLROOTCERT: tls.ca_file } : {}),
      ...(tls?.cert_file ? { PGSSLCERT: tls.cert_file } : {}),
      ...(tls?.key_file ? { PGSSLKEY: tls.key_file } : {}),
      PGCONNECT_TIMEOUT: '10',
    },
  };
}

export function mysqlInvocation(params: ConnectionParams, database: string): ToolInvocation {
  const mode = params.tls?.mode ?? 'prefer';
  const tls =
    mode === 'disable'
      ? ['--skip-ssl']
      : mode === 'prefer'
        ? []
        : ['--ssl', ...(params.tls?.ca_file ? [`--ssl-ca=${params.tls.ca_file}`] : [])];
  return {
    // --protocol=TCP: "localhost" must not silently become the local socket of another server.
    args: [
      '--protocol=TCP',
      '-h',
      params.host,
      '-P',
      String(params.port),
      '-u',
      params.username,
      ...tls,
      database,
    ],
    env: { ...process.env, MYSQL_PWD: params.password ?? '' },
  };
}
