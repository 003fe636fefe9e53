// The renderer's plans store over the memory transport, the real dispatcher and a real core: a plan
// started from the store, its live progress from plans.progressed, the final statistics, a finished
// run's settings as a base, and a refused plan's message.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPlansStore, type PlansStore } from '../../../renderer/src/stores/plans-store';
import { testPg } from '../../support/test-databases';
import { createHarness, type Harness, until } from '../../unit/renderer/harness';
import { baseRun, dropSchema } from './plan-core';

const SCHEMA = 'c3_plans_store';
let h: Harness;
let store: PlansStore;
let connectionId: string;
beforeAll(async () => {
  h = createHarness();
  store = createPlansStore(h.client);
  connectionId = (
    await h.client.call('connections.create', {
      ...testPg(),
      name: 'c3 plans store pg',
      environment: 'test',
    })
  ).id;
});
afterAll(async () => {
  store.dispose();
  await h.cleanup();
  await dropSchema(SCHEMA);
});

it('starts a repeat, follows its progress live and ends with mean ± CI', async () => {
  const progress: number[] = [];
  const stop = store.subscribe((s) => {
    if (s.open?.status === 'running') progress.push(s.open.progress);
  });
  const id = await store.getState().start({
    kind: 'repeat',
    repeat: 2,
    base: baseRun(connectionId, SCHEMA),
  });
  expect(id).not.toBeNull();
  const done = await until(store, (s) => s.open?.status === 'completed' && s.open.runs_done === 2);
  stop();
  // Progress climbed through the plan, run by run.
  expect(progress.some((p) => p > 0 && p < 0.5)).toBe(true);
  expect(progress.some((p) => p >= 0.5 && p < 1)).toBe(true);
  expect(done.open!.progress).toBe(1);
  expect(done.open!.repeat!.qps.n).toBe(2);
  expect(done.open!.repeat!.qps.mean).toBeGreaterThan(0);
  await until(store, (s) => s.plans.some((p) => p.id === id && p.status === 'completed'));

  // A finished run of the plan serves as the next plan's base.
  const config = await store.getState().runConfig(done.open!.runs[0]!.run_id);
  expect(config).toMatchObject({
    connection_id: connectionId,
    type: 'oltp_point_select',
    threads: 2,
  });
});

it('keeps the refusal to show beside the form', async () => {
  const id = await store.getState().start({
    kind: 'sweep',
    base: baseRun(connectionId, SCHEMA),
    sweep: { parameter: 'threads', values: [1, 5000] },
  });
  expect(id).toBeNull();
  expect(store.getState().startError).toMatch(/threads = 5000 is not a usable run setting/);
  expect(store.getState().starting).toBe(false);
});
