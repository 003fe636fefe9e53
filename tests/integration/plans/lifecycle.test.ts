// A plan's life beyond the happy path: cancelled between runs' figures (the finished runs stay),
// one plan at a time, and a plan left unfinished when the core closed shown as interrupted after.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeTempDir, type TempDir } from '../../support/temp-dir';
import { testPg } from '../../support/test-databases';
import { baseRun, dropSchema, planCore } from './plan-core';

const SCHEMA = 'c3_plans_life';
let dir: TempDir;
beforeAll(() => {
  dir = makeTempDir('bp-plans-');
});
afterAll(async () => {
  dir.remove();
  await dropSchema(SCHEMA);
});

it('cancels mid-plan: the current run stops, the finished one is kept, no other starts', async () => {
  const h = planCore();
  try {
    const connection = await h.connect(testPg());
    const started = await h.call('plans.start', {
      kind: 'repeat',
      repeat: 3,
      base: { ...baseRun(connection, SCHEMA), duration: 3 },
    });
    await expect(
      h.call('plans.start', { kind: 'repeat', base: baseRun(connection, SCHEMA) }),
    ).rejects.toThrow(/CONFLICT: Plan .* is still running/);
    // The second run is measuring.
    const mid = await h.waitFor(
      started.id,
      (p) => p.runs.length === 2 && p.runs[1]!.status === 'running',
    );
    expect(mid.current_run_id).toBe(mid.runs[1]!.run_id);
    const cancelled = await h.call('plans.cancel', { id: started.id });
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.message).toMatch(/Cancelled during run 2 of 3/);
    const plan = await h.call('plans.get', { id: started.id });
    expect(plan.runs.map((r) => r.status)).toEqual(['completed', 'cancelled']);
    expect(plan.runs_total).toBe(2);
    expect(plan.current_run_id).toBeNull();
    // The statistics count the completed run only.
    expect(plan.repeat!.qps.n).toBe(1);
    const runs = await h.call('runs.list', {});
    expect(runs.filter((r) => r.status === 'preparing' || r.status === 'running')).toHaveLength(0);
    expect(runs).toHaveLength(2);
  } finally {
    await h.core.dispose();
  }
});

it('marks a plan the core closed in the middle of as interrupted when it opens again', async () => {
  const first = planCore(dir.path);
  const connection = await first.connect(testPg());
  const started = await first.call('plans.start', {
    kind: 'sweep',
    base: { ...baseRun(connection, SCHEMA), duration: 20 },
    sweep: { parameter: 'threads', values: [1, 2, 4] },
  });
  await first.waitFor(started.id, (p) => p.runs[0]?.status === 'running');
  await first.core.close();

  const again = planCore(dir.path);
  try {
    const plan = await again.call('plans.get', { id: started.id });
    expect(plan.status).toBe('interrupted');
    expect(plan.message).toMatch(/stopped during this plan/);
    expect(plan.end_time).not.toBeNull();
    expect(plan.runs).toHaveLength(1);
    expect(plan.runs[0]!.status).toBe('cancelled');
    expect(plan.current_run_id).toBeNull();
    // Nothing goes on by itself after the restart, and a new plan may start.
    await new Promise((r) => setTimeout(r, 500));
    expect(await again.call('runs.list', {})).toHaveLength(1);
    const next = await again.call('plans.start', {
      kind: 'repeat',
      repeat: 1,
      base: { ...baseRun(connection, SCHEMA), duration: 1 },
    });
    expect((await again.waitFor(next.id)).status).toBe('completed');
  } finally {
    await again.core.close();
  }
});

it('stops with failed when a run fails, saying which and why', async () => {
  const h = planCore();
  try {
    // Nothing listens on port 1: the run fails when it connects.
    const connection = await h.connect({ ...testPg(), port: 1 });
    const started = await h.call('plans.start', {
      kind: 'capacity',
      base: baseRun(connection, SCHEMA),
      capacity: {
        objective: { metric: 'p99', max_ms: 50 },
        start_rate: 100,
        step: { factor: 2 },
        max_rate: 400,
      },
    });
    const plan = await h.waitFor(started.id);
    expect(plan.status).toBe('failed');
    expect(plan.message).toMatch(/^Run 1 of 3 ended failed: .+\. The plan stopped there\.$/);
    expect(plan.runs.map((r) => r.status)).toEqual(['failed']);
    expect(plan.capacity!.steps[0]).toMatchObject({ verdict: 'failed', rate: 100 });
    expect(plan.capacity!.result).toBeNull();
  } finally {
    await h.core.dispose();
  }
});
