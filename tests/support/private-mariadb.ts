// Test helper. A private MariaDB on a spare loopback port, in a temporary directory, optionally
// with TLS (server certificate, key and the CA that client certificates must come from), so that
// tests can change server settings without touching the shared MariaDB on 3306.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ConnectionParams } from '../../shared/model/connection';
import { openClient } from '../../main/core/db/client';
import { freeLoopbackPort } from '../../main/core/sandbox/service';
import { makeTempDir } from './temp-dir';

const run = promisify(execFile);

export interface PrivateMariadb {
  /** root over TCP, TLS disabled; change `tls` to try the server's TLS. */
  params: ConnectionParams;
  /** Stops the server (SIGTERM) and starts it again on the same port and data. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startPrivateMariadb(
  opts: {
    tls?: { certFile: string; keyFile: string; caFile: string };
    /** More server options, e.g. `['--performance-schema=ON']`. */
    serverArgs?: string[];
    /** A fixed port (a test's or a bench's reserved one), else a free one. */
    port?: number;
  } = {},
): Promise<PrivateMariadb> {
  const dir = makeTempDir('benchphant-maria-');
  const data = join(dir.path, 'data');
  const port = opts.port ?? (await freeLoopbackPort());
  await run('mariadb-install-db', [
    '--no-defaults',
    `--datadir=${data}`,
    '--user=root',
    '--auth-root-authentication-method=normal',
    '--skip-test-db',
  ]);
  const launch = (): ChildProcess =>
    spawn(
      '/usr/sbin/mariadbd',
      [
        '--no-defaults',
        `--datadir=${data}`,
        `--port=${port}`,
        '--bind-address=127.0.0.1',
        `--socket=${join(dir.path, 'sock')}`,
        `--pid-file=${join(dir.path, 'pid')}`,
        `--log-error=${join(dir.path, 'error.log')}`,
        '--user=root',
        ...(opts.tls
          ? [
              `--ssl-cert=${opts.tls.certFile}`,
              `--ssl-key=${opts.tls.keyFile}`,
              `--ssl-ca=${opts.tls.caFile}`,
            ]
          : []),
        ...(opts.serverArgs ?? []),
      ],
      { stdio: 'ignore' },
    );
  let child = launch();
  const params: ConnectionParams = {
    type: 'mysql',
    host: '127.0.0.1',
    port,
    database: 'mysql',
    username: 'root',
    tls: { mode: 'disable' },
  };
  const ready = async (): Promise<void> => {
    for (let i = 0; ; i++) {
      try {
        await (await openClient(params, { connectTimeoutMs: 1000 })).close();
        break;
      } catch (err) {
        if (child.exitCode !== null || i > 150) {
          const log = join(dir.path, 'error.log');
          const detail = existsSync(log) ? readFileSync(log, 'utf8').slice(-2000) : '';
          await stop();
          throw new Error(
            `The private MariaDB did not start: ${(err as Error).message}\n${detail}`,
            {
              cause: err,
            },
          );
        }
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  };
  const halt = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
  };
  const stop = async () => {
    await halt();
    dir.remove();
  };
  await ready();
  return {
    params,
    stop,
    restart: async () => {
      await halt();
      child = launch();
      await ready();
    },
  };
}
