// Test helper. A streaming standby of a private PostgreSQL (tests/support/private-postgres.ts):
// pg_basebackup -R from the primary into a temporary directory, started on a free port, removed
// by stop(). As root, PostgreSQL's binaries run as the `postgres` user, as for the primary.
import { execFile } from 'node:child_process';
import { chownSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ConnectionParams } from '../../shared/model/connection';
import { freeLoopbackPort } from '../../main/core/sandbox/service';
import { binDir, postgresIds, type PrivatePostgres, tailOf } from './private-postgres';
import { makeTempDir } from './temp-dir';

const run = promisify(execFile);

export interface PrivateStandby {
  params: ConnectionParams;
  /** The end of the standby's log, for a failing test's message. */
  logTail(): string;
  stop(): Promise<void>;
}

export async function startPrivateStandby(primary: PrivatePostgres): Promise<PrivateStandby> {
  const asRoot = userInfo().uid === 0;
  const tool = (name: string) => (binDir() ? join(binDir(), name) : name);
  const env = { ...process.env, PGPASSWORD: primary.password };
  const exec = (name: string, args: string[]) =>
    asRoot
      ? run('runuser', [
          '-u',
          'postgres',
          '--',
          'env',
          `PGPASSWORD=${primary.password}`,
          tool(name),
          ...args,
        ])
      : run(tool(name), args, { env });
  const dir = makeTempDir('benchphant-standby-');
  if (asRoot) {
    const { uid, gid } = postgresIds();
    chownSync(dir.path, uid, gid);
  }
  const port = await freeLoopbackPort();
  const data = join(dir.path, 'data');
  const log = join(dir.path, 'server.log');
  const p = primary.params;
  let started = false;
  const stop = async () => {
    if (started)
      await exec('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
    started = false;
    dir.remove();
  };
  try {
    // -R writes standby.signal and primary_conninfo: the copy starts as a streaming standby.
    await exec('pg_basebackup', [
      '-h',
      p.host,
      '-p',
      String(p.port),
      '-U',
      p.username,
      '-D',
      data,
      '-R',
      '-X',
      'stream',
      '--no-sync',
    ]);
    await exec('pg_ctl', [
      '-D',
      data,
      '-o',
      `-p ${port} -k ${dir.path} -c listen_addresses=127.0.0.1 -c fsync=off -c hot_standby=on`,
      '-l',
      log,
      '-w',
      '-t',
      '60',
      'start',
    ]);
    started = true;
  } catch (err) {
    const detail = tailOf(log);
    await stop();
    throw new Error(`The private standby did not start: ${(err as Error).message}\n${detail}`, {
      cause: err,
    });
  }
  return { params: { ...p, port }, logTail: () => tailOf(log), stop };
}
