// The run page's store over the real dispatcher and core (memory transport): a long run's
// intervals arrive in pages of a bounded size, every one of them, in order.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../main/rpc/dispatch';
import { createClient } from '../../../renderer/src/api/client';
import { createMemoryTransport } from '../../../renderer/src/api/memory-transport';
import { createRunPageStore, INTERVAL_PAGE } from '../../../renderer/src/stores/run-page-store';
import { bundle } from '../results/fixture';
import { createHarness, type Harness } from './harness';

let h: Harness;

beforeEach(() => {
  h = createHarness();
});

afterEach(async () => {
  await h.cleanup();
});

describe('run page store', () => {
  it('reads a long run’s intervals a page at a time, every one in order', async () => {
    const long = bundle();
    const [template] = long.intervals;
    const count = 2 * INTERVAL_PAGE + 100;
    long.intervals = Array.from({ length: count }, (_, k) => ({
      ...template!,
      t: k,
      warmup: k === 0,
      qps: 1000 + k,
    }));
    const answers: number[] = [];
    const client = createClient(
      createMemoryTransport(async (method, input) => {
        const r = await dispatch(h.core.handlers, method, input);
        if (method === 'runs.intervals' && r.ok) answers.push((r.value as unknown[]).length);
        return r;
      }),
    );
    const { id } = await client.call('results.import', { bundle: long });
    const store = createRunPageStore(client);
    await store.getState().open(id);

    expect(store.getState().loadStatus).toBe('ready');
    expect(answers).toEqual([INTERVAL_PAGE, INTERVAL_PAGE, 100]);
    expect(store.getState().intervals.map((i) => i.qps)).toEqual(long.intervals.map((i) => i.qps));
    expect(store.getState().intervals).toEqual(await client.call('runs.intervals', { id }));

    // Closing the page lets go of the run, and an answer still on its way is dropped.
    const reopening = store.getState().open(id);
    store.getState().close();
    await reopening;
    expect(store.getState()).toMatchObject({ id: null, run: null, intervals: [], others: [] });
    expect(store.getState().loadStatus).toBe('idle');
    store.dispose();
  });
});
