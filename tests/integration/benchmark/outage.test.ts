// A database that goes away mid-run: the run says so. A private PostgreSQL on a spare port is
// stopped after two measured intervals; past the outage share the run fails, naming when the
// database stopped answering; below it the run completes with a database_unavailable warning.
// A stalled server (every process stopped) must not hold back the intervals' reports.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { runStartSchema } from '../../../shared/contract/benchmarks';
import { BenchmarkEngine } from '../../../main/core/benchmark/engine';
import { createEventBus } from '../../../main/core/events';
import { silentLogger } from '../../../main/core/logging/logger';
import { openDatabase, type Db } from '../../../main/core/store/database';
import { type PrivatePostgres, startPrivatePostgres } from '../../support/private-postgres';
import { until } from './harness';

const ID = '00000000-0000-4000-8000-0000000000e1';
let dir: string;
let db: Db;
let server: PrivatePostgres;
let engine: BenchmarkEngine;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bp-outage-'));
  db = openDatabase(join(dir, 'benchphant.sqlite'));
  server = await startPrivatePostgres({ password: 'outage-pw-13' });
  engine = new BenchmarkEngine({
    db,
    events: createEventBus(),
    logger: silentLogger,
    connection: () => ({ name: 'private pg', type: 'postgresql', environment: 'test' }),
    resolveParams: async () => server.params,
  });
}, 120_000);

afterEach(async () => {
  await engine?.close();
  db?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A run whose server is stopped for good once two measured intervals are in. */
async function runIntoOutage(outageShare?: number) {
  const { id } = await engine.start(
    runStartSchema.parse({
      connection_id: ID,
      type: 'oltp_point_select',
      threads: 2,
      duration: 8,
      warmup: 0,
      parameters: { tables: 1, table_size: 1000 },
      schema: 'i13_outage',
      ...(outageShare === undefined ? {} : { outage_fail_share: outageShare }),
    }),
  );
  await until(() => engine.intervals(id).filter((i) => i.tps > 0).length >= 2, 60_000);
  await server.stop();
  const summary = await engine.waitFor(id);
  return { id, summary, intervals: engine.intervals(id) };
}

it('fails a run whose database went down for good, with when it stopped answering', async () => {
  const { summary, intervals } = await runIntoOutage();
  const empty = intervals.filter((i) => i.tps === 0);
  expect(intervals).toHaveLength(8);
  expect(empty.length).toBeGreaterThan(4);
  expect(summary.status).toBe('failed');
  const from = Math.min(...empty.map((i) => i.t)) - 1;
  expect(summary.message).toContain(`The database did not answer from ${from} s to 8 s (`);
  expect(summary.message).toContain(`${empty.length} of 8 measured intervals had no throughput`);
  expect(summary.message).toContain('had not come back when the run ended');
  // The outage comes first; a network-share caveat may follow on loopback.
  expect(summary.warnings[0]?.code).toBe('database_unavailable');
  expect(summary.warnings.map((w) => w.code)).not.toContain('saturated');
}, 120_000);

it('keeps a run with a shorter outage than its share allows, with a warning', async () => {
  const { summary } = await runIntoOutage(0.95);
  expect(summary.status).toBe('completed');
  expect(summary.message).toBeNull();
  const w = summary.warnings.find((x) => x.code === 'database_unavailable');
  expect(w?.message).toMatch(
    /^The database did not answer from \d+ s to 8 s \(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ–/,
  );
}, 120_000);

/** Every process of the private cluster: the postmaster (found by its port) and its children. */
function clusterPids(port: number): number[] {
  const pgrep = (args: string[]) =>
    execFileSync('pgrep', args, { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
  const [postmaster] = pgrep(['-f', '--', `-p ${port} `]);
  return [postmaster!, ...pgrep(['-P', String(postmaster)])];
}

it('reports every interval on time while the database stalls, the probe marked missing', async () => {
  const { id } = await engine.start(
    runStartSchema.parse({
      connection_id: ID,
      type: 'oltp_point_select',
      threads: 2,
      duration: 6,
      warmup: 0,
      parameters: { tables: 1, table_size: 1000 },
      schema: 'i13_stall',
      outage_fail_share: 1,
    }),
  );
  await until(() => engine.intervals(id).filter((i) => i.tps > 0).length >= 2, 60_000);
  const pids = clusterPids(server.params.port);
  const stalledAt = engine.intervals(id).length;
  for (const pid of pids) process.kill(pid, 'SIGSTOP');
  try {
    // Three more intervals come while nothing on the server moves (the bound only stops a hung test).
    await until(() => engine.intervals(id).length >= stalledAt + 3, 6000);
  } finally {
    for (const pid of pids) process.kill(pid, 'SIGCONT');
  }
  const stalled = engine.intervals(id).slice(stalledAt + 1, stalledAt + 3);
  for (const i of stalled) {
    expect(i.tps).toBe(0);
    expect(i.network_rtt_ms).toBeNull();
  }
  const summary = await engine.waitFor(id);
  expect(summary.warnings[0]?.code).toBe('database_unavailable');
}, 120_000);
