import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../../main/core/metrics/clock';
import { HostReader } from '../../../main/core/metrics/host-reader';
import { unavailable } from '../../../main/core/metrics/perf-counters';
import { createMetricsStore, LIVE_CAPACITY } from '../../../renderer/src/stores/metrics-store';
import { createHarness, type Harness } from '../renderer/harness';

let h: Harness;
beforeEach(() => {
  h = createHarness();
});
afterEach(async () => {
  vi.useRealTimers();
  await h.cleanup();
});

function realSample() {
  const r = new HostReader({
    clock: systemClock,
    perf: { current: () => unavailable('none'), close() {} },
  });
  const a = r.snapshot();
  return r.compose(a, r.snapshot());
}

describe('metrics store', () => {
  it('keeps a bounded ring of live samples and publishes at most every 250 ms', () => {
    vi.useFakeTimers();
    let t = 0;
    const store = createMetricsStore(h.client, () => t);
    const data = realSample();
    const start = Date.UTC(2026, 0, 1);
    for (let i = 0; i < LIVE_CAPACITY + 100; i += 1) h.core.metrics.record(start + i * 1000, data);
    // The first sample is published at once, the rest wait for the next publish slot.
    expect(store.getState().live).toHaveLength(1);
    t = 250;
    vi.advanceTimersByTime(250);
    const live = store.getState().live;
    expect(live).toHaveLength(LIVE_CAPACITY);
    expect(live.at(-1)?.timestamp).toBe(
      new Date(start + (LIVE_CAPACITY + 99) * 1000).toISOString(),
    );
    expect(live[0]?.timestamp).toBe(new Date(start + 100_000).toISOString());
    expect(store.getState().sampling).toBe(true);
    store.dispose();
  });

  it('loads the current state, history and comparisons through the client', async () => {
    const store = createMetricsStore(h.client);
    const now = Date.now();
    h.core.metrics.record(now - 30_000, realSample());
    await store.getState().load();
    expect(store.getState()).toMatchObject({
      loadStatus: 'ready',
      sampling: false,
      intervalSeconds: 5,
    });
    expect(store.getState().live).toHaveLength(1);

    await store.getState().loadHistory({
      metric_type: 'memory',
      start_time: new Date(now - 3_600_000).toISOString(),
      end_time: new Date(now).toISOString(),
    });
    expect(store.getState().history.status).toBe('ready');
    expect(store.getState().history.result?.data_points).toHaveLength(1);

    await store
      .getState()
      .loadCompare({ metric_type: 'cpu', period: 'hour', compare_to: 'yesterday' });
    expect(store.getState().compare.result?.summary.comparison_avg).toBeNull();
    store.dispose();
  });

  it('keeps the reason a query was rejected, in the UI’s words (no API field names)', async () => {
    const store = createMetricsStore(h.client);
    await store.getState().loadHistory({
      metric_type: 'cpu',
      start_time: '2026-01-02T00:00:00Z',
      end_time: '2026-01-01T00:00:00Z',
    });
    expect(store.getState().history).toMatchObject({
      status: 'error',
      error: 'The end must be after the start',
    });
    store.dispose();
  });
});
