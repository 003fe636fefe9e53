// Repetitions from real run plans: runs of one repeat plan are grouped by themselves, so a
// comparison of two plans reports each plan's mean and 95% CI and Welch's t-test between them.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { resultsCore, SCHEMA, type ResultsCore } from './runs';

let rc: ResultsCore;
beforeAll(async () => {
  rc = await resultsCore();
}, 60_000);
afterAll(() => rc.dispose());

async function repeatPlan(threads: number): Promise<{ plan: string; runs: string[] }> {
  const { id } = await rc.call('plans.start', {
    kind: 'repeat',
    repeat: 2,
    base: {
      connection_id: rc.pg,
      type: 'oltp_point_select',
      duration: 2,
      warmup: 0,
      threads,
      schema: SCHEMA.postgresql,
      parameters: { tables: 1, table_size: 1000 },
    },
  });
  const end = Date.now() + 90_000;
  for (;;) {
    const plan = await rc.call('plans.get', { id });
    if (plan.status !== 'running') {
      expect(plan.status).toBe('completed');
      return { plan: id, runs: plan.runs.map((r) => r.run_id) };
    }
    if (Date.now() > end) throw new Error(`plan ${id} did not finish`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

it('groups each plan’s runs and tests the groups against each other', async () => {
  const one = await repeatPlan(1);
  const two = await repeatPlan(2);
  const c = await rc.call('results.compare', { run_ids: [...one.runs, ...two.runs] });
  expect(c.runs.map((r) => r.group)).toEqual([one.plan, one.plan, two.plan, two.plan]);
  const rep = c.repetitions!;
  expect(rep.test).toBe("Welch's t-test");
  expect(rep.groups.map((g) => [g.id, g.baseline, g.run_ids])).toEqual([
    [one.plan, true, one.runs],
    [two.plan, false, two.runs],
  ]);
  const qps = rep.groups[0]!.stats.qps;
  expect(qps.n).toBe(2);
  expect(qps.ci_low).toBeLessThanOrEqual(qps.mean);
  expect(qps.ci_high).toBeGreaterThanOrEqual(qps.mean);
  const test = rep.comparisons.find((t) => t.metric === 'qps')!;
  expect(test.group_id).toBe(two.plan);
  expect(test.p_value).toBeGreaterThanOrEqual(0);
  expect(test.p_value).toBeLessThanOrEqual(1);
  expect(test.verdict).toBe(
    test.significant ? (test.delta_percent! > 0 ? 'better' : 'worse') : 'same',
  );

  // Groups given by the caller win over the plans.
  const mixed = await rc.call('results.compare', {
    run_ids: [...one.runs, ...two.runs],
    groups: [[one.runs[0]!, two.runs[0]!]],
  });
  expect(mixed.runs.map((r) => r.group)).toEqual(['group-1', null, 'group-1', null]);
}, 240_000);
