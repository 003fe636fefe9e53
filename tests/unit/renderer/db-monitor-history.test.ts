// The Monitor's connection dashboard store over the real core: history at minute resolution is
// drawn through each minute's lowest and highest second, so a one-second spike survives the
// rollup instead of being averaged away.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { Rollups } from '../../../main/core/db-metrics/store';
import {
  createDbMonitorStore,
  type DbMonitorStore,
} from '../../../renderer/src/stores/db-monitor-store';
import { testPg } from '../../support/test-databases';
import { createHarness, type Harness } from './harness';

let h: Harness;
let store: DbMonitorStore;

beforeEach(() => {
  h = createHarness();
  store = createDbMonitorStore(h.client);
});

afterEach(async () => {
  store.dispose();
  await h.cleanup();
});

it('draws minutes through their lowest and highest second', async () => {
  const { id } = await h.client.call('connections.create', {
    ...testPg(),
    name: 'rollup drawing',
    environment: 'test',
    tls: { mode: 'disable' },
  });
  // Three hours of seconds at 100/s with one second at 5,000/s, through the app's rollups.
  const end = Date.now() - (Date.now() % 3_600_000) - 3_600_000;
  const start = end - 3 * 3_600_000;
  const spikeAt = start + 90 * 60_000 + 17_000;
  const rollups = new Rollups(h.core.dbMetrics.store, id);
  for (let t = start; t < end; t += 1000)
    rollups.add(t, { transactions_per_sec: t === spikeAt ? 5000 : 100 });
  rollups.flush();

  store.getState().open(id);
  await store.getState().loadHistory({
    from: start,
    to: end,
    resolution: 'auto',
    db: ['transactions_per_sec'],
    host: [],
  });
  const { history } = store.getState();
  expect(history.status).toBe('ready');
  expect(history.interval).toBe('1m');
  const series = history.db.transactions_per_sec!;
  // Two points a minute: its lowest, then half a minute later its highest.
  expect(series.xs).toHaveLength(2 * 180);
  expect(Math.max(...series.ys.map((y) => y ?? 0))).toBe(5000);
  const peak = series.ys.indexOf(5000);
  expect(series.xs[peak]).toBe(spikeAt - (spikeAt % 60_000) + 30_000);
  expect(series.ys[peak - 1]).toBe(100);
  expect(series.ys.filter((y) => y === 5000)).toHaveLength(1);
});
