// Test helper. A private redis-server on a loopback port with `requirepass` and ACL users, in a
// temporary directory; stop() ends it (by its own pid) and removes the directory.
import { type ChildProcess, spawn } from 'node:child_process';
import { createConnection } from 'node:net';
import { makeTempDir } from './temp-dir';

export interface PrivateRedis {
  port: number;
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

/** `acl` lines as redis.conf's `user` directive takes them, e.g. `bench on >pw ~* +@all`. */
export async function startPrivateRedis(
  port: number,
  opts: { requirepass: string; acl: string[]; databases?: number },
): Promise<PrivateRedis> {
  const dir = makeTempDir('benchphant-redis-');
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
    '--requirepass',
    opts.requirepass,
    ...opts.acl.flatMap((line) => ['--user', ...line.split(' ')]),
  ];
  const child: ChildProcess = spawn('redis-server', args, { stdio: 'ignore' });
  const deadline = Date.now() + 10_000;
  while (!(await answers(port))) {
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill('SIGKILL');
      dir.remove();
      throw new Error(`redis-server did not start on ${port}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    port,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      dir.remove();
    },
  };
}
