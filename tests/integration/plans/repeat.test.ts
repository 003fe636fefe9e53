// A run repeated three times on the real servers: three completed runs tagged with the plan, the
// mean and 95% confidence interval of their figures, and progress events up to the end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseRun, dropSchema, ENGINES, planCore, type PlanCore } from './plan-core';

const SCHEMA = 'c3_plans_repeat';
let h: PlanCore;
beforeAll(() => {
  h = planCore();
});
afterAll(async () => {
  await h.core.dispose();
  await dropSchema(SCHEMA);
});

describe.each(ENGINES)('a 3× repeat on %s', (_name, params) => {
  it('runs the base three times, one after another, and reports mean ± 95% CI', async () => {
    const connection = await h.connect(params());
    const started = await h.call('plans.start', {
      kind: 'repeat',
      base: baseRun(connection, SCHEMA),
    });
    expect(started).toMatchObject({ kind: 'repeat', status: 'running', runs_total: 3 });
    const plan = await h.waitFor(started.id);
    expect(plan.status).toBe('completed');
    expect(plan.progress).toBe(1);
    expect(plan.runs_done).toBe(3);
    expect(plan.runs.map((r) => r.status)).toEqual(['completed', 'completed', 'completed']);
    expect(new Set(plan.runs.map((r) => r.run_id)).size).toBe(3);

    // One at a time: each run started after the one before it ended.
    const runs = await Promise.all(plan.runs.map((r) => h.call('runs.get', { id: r.run_id })));
    for (let i = 1; i < runs.length; i++)
      expect(Date.parse(runs[i]!.start_time)).toBeGreaterThanOrEqual(
        Date.parse(runs[i - 1]!.end_time!),
      );

    const qps = runs.map((r) => r.metrics.qps);
    const stats = plan.repeat!;
    expect(stats.qps.n).toBe(3);
    expect(stats.qps.mean).toBeCloseTo(qps.reduce((a, b) => a + b) / 3, 6);
    expect(stats.qps.mean).toBeGreaterThan(0);
    expect(stats.qps.stddev).toBeGreaterThan(0);
    expect(stats.qps.ci_low).toBeLessThan(stats.qps.mean);
    expect(stats.qps.ci_high).toBeGreaterThan(stats.qps.mean);
    expect(stats.qps.ci_low).toBeLessThanOrEqual(Math.min(...qps));
    expect(stats.p99.mean).toBeCloseTo(runs.reduce((a, r) => a + r.metrics.latency.p99, 0) / 3, 6);
    expect(stats.p99.ci_high).toBeGreaterThan(0);

    const mine = h.events.filter((e) => e.id === started.id);
    expect(mine.at(-1)).toMatchObject({ status: 'completed', runs_done: 3, progress: 1 });
    expect(mine.some((e) => e.status === 'running' && e.progress > 0 && e.progress < 1)).toBe(true);
    expect((await h.call('plans.list', {})).map((p) => p.id)).toContain(started.id);
  });
});
