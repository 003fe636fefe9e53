// One data directory, one owner, with the real CLI in child processes: a second server is refused
// naming the first's pid, a one-shot CLI command beside a live server recovers nothing of its
// (a running benchmark stays running), and a server killed with -9 leaves a lock the next takes over.
import { type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openClient } from '../../main/core/db/client';
import { runCli, spawnCli } from '../support/cli';
import { makeTempDir, type TempDir } from '../support/temp-dir';
import { testPg } from '../support/test-databases';

const TOKEN = `owner-test-${randomBytes(8).toString('hex')}`;
const SCHEMA = `bp_owner_${randomBytes(4).toString('hex')}`;

interface Served {
  child: ChildProcess;
  port: number;
  exited: Promise<number | null>;
  api(path: string, init?: RequestInit): Promise<Response>;
}

async function serve(env: NodeJS.ProcessEnv): Promise<Served> {
  const child = spawnCli(['serve', '--port', '0'], { env: { ...env, BENCHPHANT_TOKEN: TOKEN } });
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout?.on('data', (c: Buffer) => {
      stdout += c.toString();
      const found = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(stdout);
      if (found && stdout.includes('Press Ctrl-C')) resolve(Number(found[1]));
    });
    void exited.then((code) => reject(new Error(`serve exited early (${code}): ${stderr}`)));
  });
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`http://127.0.0.1:${port}/api/v1${path}`, {
      ...init,
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
    });
  return { child, port, exited, api };
}

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('one owner per data directory', () => {
  let dir: TempDir;
  let env: NodeJS.ProcessEnv;
  const started: Served[] = [];

  beforeAll(() => {
    dir = makeTempDir('benchphant-owner-');
    env = { BENCHPHANT_DATA_DIR: dir.path, BENCHPHANT_SECRET_STORE: 'memory' };
  });
  afterAll(async () => {
    for (const s of started) s.child.kill('SIGKILL');
    dir.remove();
    const c = await openClient(testPg());
    await c.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`).finally(() => c.close());
  });

  it('refuses a second owner, leaves a live run alone, and takes over after a kill -9', async () => {
    const first = await serve(env);
    started.push(first);
    const lock = JSON.parse(readFileSync(join(dir.path, 'benchphant.lock'), 'utf8')) as {
      pid: number;
      what: string;
    };
    expect(lock).toMatchObject({ pid: first.child.pid, what: 'benchphant serve' });

    // A benchmark the server is running: slow and steady, so it is still running below.
    const p = testPg();
    const conn = (await (
      await first.api('/connections', {
        method: 'POST',
        body: JSON.stringify({
          name: 'owner-pg',
          type: 'postgresql',
          host: p.host,
          port: p.port,
          database: p.database,
          username: p.username,
          tls: { mode: 'disable' },
        }),
      })
    ).json()) as { id: string };
    const run = (await (
      await first.api('/benchmarks', {
        method: 'POST',
        body: JSON.stringify({
          connection_id: conn.id,
          type: 'oltp_point_select',
          threads: 1,
          duration: 600,
          warmup: 0,
          rate: 5,
          schema: SCHEMA,
          parameters: { table_size: 100 },
        }),
      })
    ).json()) as { id: string };
    const status = async () =>
      ((await (await first.api(`/benchmarks/${run.id}`)).json()) as { status: string }).status;
    expect(await until(status, (s) => s === 'running')).toBe('running');

    // A read-only command beside it reads and recovers nothing.
    const list = await runCli(['connections', 'list', '--json'], { env });
    expect(list.stderr).toBe('');
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('owner-pg');
    expect(await status()).toBe('running');

    // A second server, and a benchmark from the CLI, are refused with the owner named.
    for (const args of [
      ['serve', '--port', '0'],
      ['run', '--connection', conn.id, '--workload', 'oltp_point_select', '--duration', '1'],
    ]) {
      const second = await runCli(args, { env: { ...env, BENCHPHANT_TOKEN: TOKEN } });
      expect(second.code, args[0]).toBe(1);
      expect(second.stderr.trim().split('\n')).toHaveLength(1);
      expect(second.stderr).toContain(`benchphant serve (pid ${first.child.pid}`);
      expect(second.stderr).toContain(dir.path);
    }
    expect(await status()).toBe('running');

    // The owner dies without cleaning up: its lock is stale and the next server takes it over,
    // and only now is the run it left behind marked interrupted.
    first.child.kill('SIGKILL');
    await first.exited;
    expect(existsSync(join(dir.path, 'benchphant.lock'))).toBe(true);
    const next = await serve(env);
    started.push(next);
    const after = (await (await next.api(`/benchmarks/${run.id}`)).json()) as { status: string };
    expect(after.status).toBe('interrupted');
    const taken = JSON.parse(readFileSync(join(dir.path, 'benchphant.lock'), 'utf8')) as {
      pid: number;
    };
    expect(taken.pid).toBe(next.child.pid);

    next.child.kill('SIGTERM');
    expect(await next.exited).toBe(0);
    expect(existsSync(join(dir.path, 'benchphant.lock'))).toBe(false);
  }, 120_000);
});
