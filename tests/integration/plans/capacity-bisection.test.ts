// The capacity finder's bisection against the real PostgreSQL: once a step of the ladder breaks
// the objective, the search halves the bracket between the last good and the first bad rate until
// they are within the precision asked for, and answers with the highest rate that met it.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MAX_REFINEMENTS } from '../../../main/core/plans/capacity';
import { testPg } from '../../support/test-databases';
import { baseRun, dropSchema, planCore, type PlanCore } from './plan-core';

const SCHEMA = 'h20_plans_bisection';
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

it('refines between the last good and the first bad step to the precision asked for', async () => {
  // 100/s is easy; 2 clients cannot carry 800 000/s. Where between them it breaks depends on the
  // machine: the test checks the bisection's rule, not the rate it lands on.
  const started = await h.call('plans.start', {
    kind: 'capacity',
    base: baseRun(connection, SCHEMA),
    capacity: {
      objective: { metric: 'p99', max_ms: 200 },
      start_rate: 100,
      step: { factor: 20 },
      max_rate: 800_000,
      precision: 0.5,
    },
  });
  const plan = await h.waitFor(started.id, (p) => p.status !== 'running', 240_000);
  expect(plan.status).toBe('completed');
  const { steps, result } = plan.capacity!;
  const ladder = [100, 2000, 40_000, 800_000];
  const firstBroken = steps.findIndex((s) => s.verdict !== 'pass');
  expect(firstBroken).toBeGreaterThan(0);
  expect(steps.slice(0, firstBroken + 1).map((s) => s.rate)).toEqual(
    ladder.slice(0, firstBroken + 1),
  );
  // Every later step is the middle of the bracket the steps before it left.
  let good = steps[firstBroken - 1]!.rate;
  let bad = steps[firstBroken]!.rate;
  const refined = steps.slice(firstBroken + 1);
  expect(refined.length).toBeGreaterThan(0);
  expect(refined.length).toBeLessThanOrEqual(MAX_REFINEMENTS);
  for (const s of refined) {
    expect(s.rate).toBeCloseTo((good + bad) / 2, 2);
    if (s.verdict === 'pass') good = s.rate;
    else bad = s.rate;
  }
  // It stopped once within 50 % of the good rate (or at its most steps), and answers with it.
  if (refined.length < MAX_REFINEMENTS) expect(bad - good).toBeLessThanOrEqual(0.5 * good);
  expect(bad - good).toBeGreaterThan(0);
  expect(result?.rate).toBe(good);
  expect(plan.runs_total).toBe(steps.length);
  const runs = await Promise.all(plan.runs.map((r) => h.call('runs.get', { id: r.run_id })));
  expect(runs.map((r) => r.config.rate)).toEqual(steps.map((s) => s.rate));
  expect(plan.message).toContain(`The highest rate that met p99 ≤ 200 ms is ${good}/s`);
  expect(plan.message).toContain(`At ${bad}/s`);
  if (refined.length < MAX_REFINEMENTS)
    expect(plan.message).toContain('Refined by bisection to within 50 %.');
}, 300_000);
