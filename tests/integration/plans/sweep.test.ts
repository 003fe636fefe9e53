// A threads sweep on the real servers: one run per value, the scalability curve (threads → QPS)
// and latency against throughput (QPS → p99) built from those runs' own figures.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPg } from '../../support/test-databases';
import { baseRun, dropSchema, ENGINES, planCore, type PlanCore } from './plan-core';

const SCHEMA = 'c3_plans_sweep';
let h: PlanCore;
beforeAll(() => {
  h = planCore();
});
afterAll(async () => {
  await h.core.dispose();
  await dropSchema(SCHEMA);
});

describe.each(ENGINES)('a threads sweep on %s', (_name, params) => {
  it('runs threads 1, 2, 4 and draws a curve with three points', async () => {
    const connection = await h.connect(params());
    const started = await h.call('plans.start', {
      kind: 'sweep',
      base: baseRun(connection, SCHEMA),
      sweep: { parameter: 'threads', values: [1, 2, 4] },
    });
    const plan = await h.waitFor(started.id);
    expect(plan.status).toBe('completed');
    expect(plan.runs.map((r) => [r.point, r.value])).toEqual([
      [0, 1],
      [1, 2],
      [2, 4],
    ]);
    const runs = await Promise.all(plan.runs.map((r) => h.call('runs.get', { id: r.run_id })));
    expect(runs.map((r) => r.threads)).toEqual([1, 2, 4]);

    const sweep = plan.sweep!;
    expect(sweep.parameter).toBe('threads');
    expect(sweep.points.map((p) => p.value)).toEqual([1, 2, 4]);
    sweep.points.forEach((p, i) => {
      expect(p.figures.qps.n).toBe(1);
      expect(p.figures.qps.mean).toBe(runs[i]!.metrics.qps);
      expect(p.figures.p99.mean).toBe(runs[i]!.metrics.latency.p99);
    });
    expect(sweep.latency_throughput).toHaveLength(3);
    const qps = sweep.latency_throughput.map((p) => p.qps);
    expect(qps).toEqual([...qps].sort((a, b) => a - b));
    for (const p of sweep.latency_throughput) {
      const run = runs.find((r) => r.threads === p.value)!;
      expect(p).toEqual({ value: p.value, qps: run.metrics.qps, p99: run.metrics.latency.p99 });
    }
  });
});

it('refuses a sweep value the engine would refuse, before starting anything', async () => {
  const connection = await h.connect(testPg());
  const before = (await h.call('runs.list', {})).length;
  await expect(
    h.call('plans.start', {
      kind: 'sweep',
      base: baseRun(connection, SCHEMA),
      sweep: { parameter: 'pipeline', values: [1, 100] },
    }),
  ).rejects.toThrow(/BAD_INPUT: pipeline = 100 is not a usable run setting/);
  expect(await h.call('runs.list', {})).toHaveLength(before);
});
