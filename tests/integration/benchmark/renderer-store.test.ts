// The renderer's benchmarks store over the memory transport, the real dispatcher and a real core:
// every runs.* answer passes the contract's output schemas, live intervals arrive, cancel and delete work.
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  createBenchmarksStore,
  type BenchmarksStore,
} from '../../../renderer/src/stores/benchmarks-store';
import { createHarness, type Harness, until } from '../../unit/renderer/harness';

let h: Harness;
let store: BenchmarksStore;
let connectionId: string;
beforeAll(async () => {
  h = createHarness();
  store = createBenchmarksStore(h.client);
  const c = await h.client.call('connections.create', {
    name: 'local pg',
    type: 'postgresql',
    host: '127.0.0.1',
    port: 5432,
    database: 'test',
    username: 'postgres',
    tls: { mode: 'disable' },
  });
  connectionId = c.id;
});
afterAll(async () => {
  store.dispose();
  await h.cleanup();
});

it('starts a run, receives its intervals live and shows the final figures', async () => {
  const seen: number[] = [];
  const stop = store.subscribe((s) => {
    if (s.open && s.open.run.status === 'running') seen.push(s.open.intervals.length);
  });
  const id = await store.getState().start({
    connection_id: connectionId,
    type: 'oltp_point_select',
    threads: 2,
    duration: 2,
    warmup: 0,
    parameters: { tables: 2, table_size: 2000 },
  });
  expect(id).not.toBeNull();
  const done = await until(store, (s) => s.open?.run.status === 'completed');
  stop();
  expect(Math.max(...seen)).toBeGreaterThanOrEqual(1);
  expect(done.open!.intervals).toHaveLength(2);
  expect(done.open!.run.metrics.qps).toBeGreaterThan(0);
  expect(done.runs.map((r) => r.id)).toContain(id);
});

it('stops a running run and deletes it', async () => {
  const id = (await store.getState().start({
    connection_id: connectionId,
    type: 'oltp_point_select',
    threads: 1,
    duration: 60,
    parameters: { tables: 2, table_size: 2000 },
  }))!;
  await until(store, (s) => s.open?.live.phase === 'warmup' || s.open?.live.phase === 'measure');
  await store.getState().cancel();
  await until(store, (s) => s.open?.run.status === 'cancelled');
  await store.getState().remove(id);
  expect(store.getState().open).toBeNull();
  expect(store.getState().runs.map((r) => r.id)).not.toContain(id);
});

it('shows the refusal of a production run as the start error', async () => {
  const prod = await h.client.call('connections.create', {
    name: 'prod',
    type: 'postgresql',
    host: '127.0.0.1',
    port: 5432,
    database: 'test',
    username: 'postgres',
    environment: 'production',
  });
  const id = await store
    .getState()
    .start({ connection_id: prod.id, type: 'oltp_read_write', threads: 1, duration: 1 });
  expect(id).toBeNull();
  expect(store.getState().startError).toMatch(/'prod' is a production connection/);
});
