// A server restart in the middle of a run: an error spike and recovery, not a dead run. Uses a
// private PostgreSQL cluster (its own directory and port) so the shared server is never restarted.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runStartSchema } from '../../../shared/contract/benchmarks';
import type { ConnectionParams } from '../../../shared/model/connection';
import { BenchmarkEngine } from '../../../main/core/benchmark/engine';
import { createEventBus } from '../../../main/core/events';
import { silentLogger } from '../../../main/core/logging/logger';
import { openDatabase, type Db } from '../../../main/core/store/database';
import { until } from './harness';

const BIN = '/usr/lib/postgresql/15/bin';
const PORT = 55_432;
const dir = mkdtempSync(join(tmpdir(), 'bp-restart-'));
const data = join(dir, 'data');
const asPostgres = (cmd: string, args: string[]) =>
  execFileSync('runuser', ['-u', 'postgres', '--', join(BIN, cmd), ...args], { stdio: 'ignore' });
const pgCtl = (...args: string[]) =>
  asPostgres('pg_ctl', [
    '-D',
    data,
    '-w',
    '-o',
    `-p ${PORT} -k ${dir} -c listen_addresses=127.0.0.1`,
    ...args,
  ]);

let db: Db;
beforeAll(() => {
  chmodSync(dir, 0o777);
  asPostgres('initdb', ['-D', data, '--auth=trust', '-U', 'postgres']);
  pgCtl('start');
  db = openDatabase(join(dir, 'benchphant.sqlite'));
});
afterAll(() => {
  db?.close();
  try {
    pgCtl('stop', '-m', 'immediate');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it('rides out a server restart with a burst of connection errors and goes on', async () => {
  const params: ConnectionParams = {
    type: 'postgresql',
    host: '127.0.0.1',
    port: PORT,
    database: 'postgres',
    username: 'postgres',
    tls: { mode: 'disable' },
  };
  const id = '00000000-0000-4000-8000-0000000000f1';
  const engine = new BenchmarkEngine({
    db,
    events: createEventBus(),
    logger: silentLogger,
    connection: () => ({ name: 'private', type: 'postgresql', environment: 'test' }),
    resolveParams: async () => params,
  });
  try {
    const run = await engine.start(
      runStartSchema.parse({
        connection_id: id,
        type: 'oltp_point_select',
        threads: 4,
        duration: 6,
        warmup: 0,
        parameters: { table_size: 2000 },
      }),
    );
    await until(() => engine.intervals(run.id).length >= 2);
    pgCtl('restart', '-m', 'fast');
    const summary = await engine.waitFor(run.id);
    expect(summary.status).toBe('completed');
    const status = engine.get(run.id);
    const intervals = engine.intervals(run.id);
    expect(status.detail.errors_by_class.connection).toBeGreaterThanOrEqual(1);
    expect(status.detail.reconnects).toBeGreaterThanOrEqual(4);
    // The spike sits in the intervals around the restart; the last ones are clean again.
    expect(intervals.some((i) => i.errors > 0)).toBe(true);
    expect(intervals.at(-1)!.errors).toBe(0);
    expect(intervals.at(-1)!.tps).toBeGreaterThan(50);
  } finally {
    await engine.close();
  }
});
