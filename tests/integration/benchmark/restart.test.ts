// A server restart in the middle of a run: an error spike and recovery, not a dead run. Uses a
// private PostgreSQL cluster (its own directory and port) so the shared server is never restarted.
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runStartSchema } from '../../../shared/contract/benchmarks';
import { BenchmarkEngine } from '../../../main/core/benchmark/engine';
import { createEventBus } from '../../../main/core/events';
import { silentLogger } from '../../../main/core/logging/logger';
import { openDatabase, type Db } from '../../../main/core/store/database';
import { startPrivatePostgres, type PrivatePostgres } from '../../support/private-postgres';
import { makeTempDir } from '../../support/temp-dir';
import { until } from './harness';

// A free port, not a fixed one: a fixed port in the ephemeral range can be held, at the moment the
// server binds it, by the local end of one of the suite's own loopback connections.
let pg: PrivatePostgres;
const dir = makeTempDir('bp-restart-');
let db: Db;
beforeAll(async () => {
  pg = await startPrivatePostgres({ password: 'restart-pw' });
  db = openDatabase(join(dir.path, 'benchphant.sqlite'));
});
afterAll(async () => {
  db?.close();
  try {
    await pg?.stop();
  } finally {
    dir.remove();
  }
});

it('rides out a server restart with a burst of connection errors and goes on', async () => {
  const params = pg.params;
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
    await pg.restart();
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
