// The benchmark link of host metrics: while a run is active the sampler goes to 1 s and tags its
// samples with the run's id, so the run's page can show the machine beside its figures.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Input, Method, Output } from '../../../shared/contract';
import { dispatch } from '../../../main/rpc/dispatch';
import { makeTestCore, type TestCore } from '../../support/test-core';
import { PG } from './harness';

let core: TestCore;

beforeAll(() => {
  core = makeTestCore();
});
afterAll(() => core?.dispose());

/** Through the dispatcher, as every transport calls: input validated, defaults applied. */
async function call<M extends Method>(method: M, input: Input<M>): Promise<Output<M>> {
  const r = await dispatch(core.handlers, method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value as Output<M>;
}

function until(check: () => boolean, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      if (check()) {
        clearInterval(poll);
        resolve();
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(poll);
        reject(new Error('timed out waiting for the condition'));
      }
    }, 50);
  });
}

describe('host samples during a benchmark run', () => {
  it('are taken every second and tagged with the run, and the tagging stops with the run', async () => {
    const conn = await call('connections.create', {
      ...PG,
      name: 'pg for the metrics link',
      environment: 'test',
    });
    core.metrics.start();
    const started = await call('runs.start', {
      connection_id: conn.id,
      type: 'select_only',
      duration: 4,
      threads: 2,
      warmup: 0,
      parameters: { scale: 1 },
    });
    let status = started.status;
    await until(() => {
      void call('runs.get', { id: started.id }).then((r) => (status = r.status));
      return status === 'completed' || status === 'failed';
    }, 60_000);
    expect(status).toBe('completed');
    expect(core.metrics.currentRun).toBeNull();

    const tagged = await call('history.run', { run_id: started.id });
    expect(tagged.run_id).toBe(started.id);
    // A 4 s measurement (plus preparing) at 1 s sampling: at least three samples.
    expect(tagged.data_points.length).toBeGreaterThanOrEqual(3);
    const stamps = tagged.data_points.map((p) => Date.parse(p.timestamp));
    const gaps = stamps.slice(1).map((t, i) => t - stamps[i]!);
    expect(Math.min(...gaps)).toBeLessThan(2_000);
  });
});
