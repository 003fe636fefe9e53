// The capacity finder against the real PostgreSQL: open-loop steps at rising rates that stop at
// the first step breaking the objective, and the highest rate that met it.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { arrivalNoise } from '../../../main/core/plans/capacity';
import { testPg } from '../../support/test-databases';
import { baseRun, dropSchema, planCore, type PlanCore } from './plan-core';

const SCHEMA = 'c3_plans_capacity';
let h: PlanCore;
let connection: string;
beforeAll(async () => {
  h = planCore();
  connection = await h.connect(testPg());
});
afterAll(async () => {
  await h.core.dispose();
  await dropSchema(SCHEMA);
});

it('climbs until a rate the server cannot carry and answers with the step below it', async () => {
  // 100/s is easy; 2 clients cannot carry 800 000/s (whether 40 000/s breaks depends on the machine).
  const started = await h.call('plans.start', {
    kind: 'capacity',
    base: baseRun(connection, SCHEMA),
    capacity: {
      objective: { metric: 'p99', max_ms: 200 },
      start_rate: 100,
      step: { factor: 20 },
      max_rate: 1_000_000,
    },
  });
  expect(started.runs_total).toBe(5);
  const plan = await h.waitFor(started.id);
  expect(plan.status).toBe('completed');
  const { steps, result } = plan.capacity!;
  // Stopped at the first broken step: every step before it passed, none was run after it.
  expect(steps.length).toBeLessThan(5);
  expect(plan.runs_total).toBe(steps.length);
  expect(steps.at(-1)!.verdict).not.toBe('pass');
  expect(steps.slice(0, -1).every((s) => s.verdict === 'pass')).toBe(true);
  expect(steps[0]).toMatchObject({ rate: 100, verdict: 'pass' });
  expect(steps.map((s) => s.rate)).toEqual([100, 2000, 40_000, 800_000].slice(0, steps.length));
  const best = steps.at(-2)!;
  expect(result).toEqual({
    rate: best.rate,
    achieved: best.achieved,
    latency_ms: best.latency_ms,
    run_id: best.run_id,
  });
  // Carried: within 5% of its rate, or within the Poisson noise of a 2 s step.
  expect(best.achieved).toBeGreaterThanOrEqual(
    best.rate - Math.max(best.rate * 0.05, arrivalNoise(best.rate, 2)),
  );
  // The steps ran open loop at their rates, and the message names the answer.
  const runs = await Promise.all(plan.runs.map((r) => h.call('runs.get', { id: r.run_id })));
  expect(runs.map((r) => r.config.rate)).toEqual(steps.map((s) => s.rate));
  expect(runs.every((r) => r.detail.target_rate === r.config.rate)).toBe(true);
  expect(plan.message).toContain(`The highest rate that met p99 ≤ 200 ms is ${best.rate}/s`);
});

it('stops after the first step when even it breaks a tight objective', async () => {
  const started = await h.call('plans.start', {
    kind: 'capacity',
    base: baseRun(connection, SCHEMA),
    capacity: {
      objective: { metric: 'p50', max_ms: 0.001 },
      start_rate: 100,
      step: { increment: 100 },
      max_rate: 500,
    },
  });
  const plan = await h.waitFor(started.id);
  expect(plan.status).toBe('completed');
  expect(plan.runs).toHaveLength(1);
  expect(plan.capacity!.steps[0]).toMatchObject({ rate: 100, verdict: 'latency' });
  expect(plan.capacity!.steps[0]!.latency_ms).toBeGreaterThan(0.001);
  expect(plan.capacity!.result).toBeNull();
  expect(plan.message).toMatch(/Even the first step \(100\/s\) broke p50 ≤ 0.001 ms/);
});
