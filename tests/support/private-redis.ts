// Test helper. A private redis-server on a loopback port with `requirepass` and ACL users (given
// on its command line, or in an ACL file it saves to), in a temporary directory; restart() stops
// and starts it on the same directory, stop() ends it (by its own pid) and removes the directory.
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { makeTempDir } from './temp-dir';

export interface PrivateRedis {
  port: number;
  /** The ACL file, when it was started with one. */
  aclfile: string | null;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

const answers = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = createConnection({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });

/**
 * `acl` lines as redis.conf's `user` directive takes them, e.g. `bench on >pw ~* +@all`. With
 * `aclfile`, they (and the default user's password) go into an ACL file instead.
 */
export async function startPrivateRedis(
  port: number,
  opts: { requirepass: string; acl: string[]; databases?: number; aclfile?: boolean },
): Promise<PrivateRedis> {
  const dir = makeTempDir('benchphant-redis-');
  const aclfile = opts.aclfile ? join(dir.path, 'users.acl') : null;
  if (aclfile) {
    const lines = [`default on >${opts.requirepass} ~* &* +@all`, ...opts.acl];
    writeFileSync(aclfile, lines.map((l) => `user ${l}\n`).join(''));
  }
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir.path,
    '--save',
    '',
    '--appendonly',
    'no',
    '--databases',
    String(opts.databases ?? 16),
    ...(aclfile
      ? ['--aclfile', aclfile]
      : [
          '--requirepass',
          opts.requirepass,
          ...opts.acl.flatMap((line) => ['--user', ...line.split(' ')]),
        ]),
  ];
  let child = await launch(port, args).catch((err: unknown) => {
    dir.remove();
    throw err;
  });
  const stopChild = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
  };
  return {
    port,
    aclfile,
    async restart() {
      await stopChild();
      child = await launch(port, args);
    },
    async stop() {
      await stopChild();
      dir.remove();
    },
  };
}

async function launch(port: number, args: string[]): Promise<ChildProcess> {
  const child: ChildProcess = spawn('redis-server', args, { stdio: 'ignore' });
  const deadline = Date.now() + 10_000;
  while (!(await answers(port))) {
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill('SIGKILL');
      throw new Error(`redis-server did not start on ${port}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return child;
}
