// Test helper. A private PostgreSQL with password (SCRAM) authentication on a spare loopback port,
// created with initdb in a temporary directory and removed afterwards. As root, PostgreSQL's
// binaries run as the `postgres` user through runuser (PostgreSQL refuses to run as root).
import { execFile } from 'node:child_process';
import { chownSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ConnectionParams } from '../../shared/model/connection';
import { freeLoopbackPort } from '../../main/core/sandbox/service';
import { makeTempDir } from './temp-dir';

const run = promisify(execFile);

export interface PrivatePostgres {
  /** Parameters with the right password. */
  params: ConnectionParams;
  password: string;
  /** A fast restart: sessions are cut, the server comes back on the same port. */
  restart(): Promise<void>;
  /** The end of the server's log, for a failing test's message. */
  logTail(): string;
  stop(): Promise<void>;
}

/** The last `chars` of a server log, or '' when there is none. */
export function tailOf(log: string, chars = 2000): string {
  return existsSync(log) ? readFileSync(log, 'utf8').slice(-chars) : '';
}

/** The newest /usr/lib/postgresql/<n>/bin, else whatever is on PATH. */
export function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v)) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  return newest ? join(root, newest, 'bin') : '';
}

export function postgresIds(): { uid: number; gid: number } {
  const entry = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  if (!entry)
    throw new Error('Running as root, a private PostgreSQL needs a `postgres` user; none exists.');
  const [, , uid, gid] = entry.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

export async function startPrivatePostgres(opts: {
  user?: string;
  password: string;
  /** More server settings, e.g. `['shared_preload_libraries=pg_stat_statements']`. */
  settings?: string[];
  /** A fixed port (a test's reserved one), else a free one. */
  port?: number;
}): Promise<PrivatePostgres> {
  const user = opts.user ?? 'bench';
  const asRoot = userInfo().uid === 0;
  const tool = (name: string) => (binDir() ? join(binDir(), name) : name);
  const exec = (name: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', tool(name), ...args]) : run(tool(name), args);

  const dir = makeTempDir('benchphant-pg-');
  const data = join(dir.path, 'data');
  const log = join(dir.path, 'server.log');
  const pwfile = join(dir.path, 'pwfile');
  writeFileSync(pwfile, opts.password, { mode: 0o600 });
  if (asRoot) {
    const { uid, gid } = postgresIds();
    chownSync(dir.path, uid, gid);
    chownSync(pwfile, uid, gid);
  }
  const port = opts.port ?? (await freeLoopbackPort());
  const extra = (opts.settings ?? []).map((s) => ` -c ${s}`).join('');
  const serverOptions = `-p ${port} -k ${dir.path} -c listen_addresses=127.0.0.1 -c fsync=off${extra}`;
  let started = false;
  const stop = async () => {
    if (started)
      await exec('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
    started = false;
    dir.remove();
  };
  try {
    await exec('initdb', [
      '-D',
      data,
      '-U',
      user,
      '--auth=scram-sha-256',
      `--pwfile=${pwfile}`,
      '--no-sync',
    ]);

    await exec('pg_ctl', ['-D', data, '-o', serverOptions, '-l', log, '-w', '-t', '60', 'start']);
    started = true;
  } catch (err) {
    const detail = tailOf(log);
    await stop();
    throw new Error(`The private PostgreSQL did not start: ${(err as Error).message}\n${detail}`, {
      cause: err,
    });
  }
  return {
    params: {
      type: 'postgresql',
      host: '127.0.0.1',
      port,
      database: 'postgres',
      username: user,
      password: opts.password,
      tls: { mode: 'disable' },
    },
    password: opts.password,
    // -l as at the start: without it the new postmaster holds this call's output pipes open.
    restart: async () => {
      await exec('pg_ctl', [
        '-D',
        data,
        '-o',
        serverOptions,
        '-l',
        log,
        '-m',
        'fast',
        '-w',
        '-t',
        '60',
        'restart',
      ]);
    },
    logTail: () => tailOf(log),
    stop,
  };
}
