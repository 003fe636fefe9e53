// Plan expansion: a plan request becomes the runs it holds, each a valid run request.
import { describe, expect, it } from 'vitest';
import { planStartSchema } from '../../../shared/contract/plans';
import { capacityRates, expandPlan, PlanError } from '../../../main/core/plans/expand';

const base = {
  connection_id: '00000000-0000-4000-8000-000000000001',
  type: 'oltp_point_select' as const,
  duration: 2,
  threads: 4,
  parameters: { table_size: 1000 },
};
const plan = (p: Record<string, unknown>) => planStartSchema.parse({ base, ...p });

describe('repeat', () => {
  it('runs the base three times by default, all on point 0', () => {
    const runs = expandPlan(plan({ kind: 'repeat' }));
    expect(runs).toHaveLength(3);
    expect(runs.every((r) => r.point === 0 && r.value === null)).toBe(true);
    expect(runs[2]!.config.threads).toBe(4);
    expect(runs[2]!.config.parameters).toEqual({ table_size: 1000 });
  });

  it('takes k from repeat', () => {
    expect(expandPlan(plan({ kind: 'repeat', repeat: 5 }))).toHaveLength(5);
  });
});

describe('sweep', () => {
  it('sets threads per point, once each by default', () => {
    const runs = expandPlan(
      plan({ kind: 'sweep', sweep: { parameter: 'threads', values: [1, 2, 4, 8] } }),
    );
    expect(runs.map((r) => [r.point, r.value, r.config.threads])).toEqual([
      [0, 1, 1],
      [1, 2, 2],
      [2, 4, 4],
      [3, 8, 8],
    ]);
  });

  it('repeats each point when asked, keeping the points in order', () => {
    const runs = expandPlan(
      plan({ kind: 'sweep', repeat: 2, sweep: { parameter: 'rate', values: [100, 200] } }),
    );
    expect(runs.map((r) => [r.point, r.config.rate])).toEqual([
      [0, 100],
      [0, 100],
      [1, 200],
      [1, 200],
    ]);
  });

  it('sets a workload parameter inside parameters and leaves the others', () => {
    const runs = expandPlan(
      plan({ kind: 'sweep', sweep: { parameter: 'range_size', values: [10, 100] } }),
    );
    expect(runs[1]!.config.parameters).toEqual({ table_size: 1000, range_size: 100 });
    expect(runs[1]!.config.threads).toBe(4);
  });

  it('refuses a value the run request would refuse, naming it', () => {
    expect(() =>
      expandPlan(plan({ kind: 'sweep', sweep: { parameter: 'threads', values: [2, 2.5] } })),
    ).toThrow(/threads = 2.5 is not a usable run setting/);
    expect(() =>
      expandPlan(plan({ kind: 'sweep', sweep: { parameter: 'pipeline', values: [1, 128] } })),
    ).toThrow(PlanError);
  });

  it('needs its sweep, distinct values and a base without stages', () => {
    expect(() => expandPlan(plan({ kind: 'sweep' }))).toThrow(/needs sweep.parameter/);
    expect(() =>
      expandPlan(plan({ kind: 'sweep', sweep: { parameter: 'threads', values: [2, 2] } })),
    ).toThrow(/only once/);
    expect(() =>
      expandPlan(
        planStartSchema.parse({
          base: { ...base, stages: [{ duration: 2, threads: 1 }] },
          kind: 'sweep',
          sweep: { parameter: 'threads', values: [1, 2] },
        }),
      ),
    ).toThrow(/without stages/);
  });

  it('caps the number of runs', () => {
    expect(() =>
      expandPlan(
        plan({
          kind: 'sweep',
          repeat: 10,
          sweep: { parameter: 'threads', values: Array.from({ length: 30 }, (_, i) => i + 1) },
        }),
      ),
    ).toThrow(/holds 300 runs; at most 200/);
  });
});

describe('capacity', () => {
  const capacity = {
    objective: { metric: 'p99', max_ms: 20 },
    start_rate: 1000,
    step: { factor: 2 },
    max_rate: 10_000,
  } as const;

  it('climbs by a factor and ends exactly at max_rate', () => {
    expect(capacityRates(capacity)).toEqual([1000, 2000, 4000, 8000, 10_000]);
  });

  it('climbs by an increment', () => {
    expect(capacityRates({ ...capacity, step: { increment: 250 }, max_rate: 2000 })).toEqual([
      1000, 1250, 1500, 1750, 2000,
    ]);
  });

  it('is one step when start and max are equal, and refuses max below start', () => {
    expect(capacityRates({ ...capacity, max_rate: 1000 })).toEqual([1000]);
    expect(() => capacityRates({ ...capacity, max_rate: 500 })).toThrow(/at least start_rate/);
  });

  it('refuses a ladder too long to run', () => {
    expect(() => capacityRates({ ...capacity, step: { increment: 1 }, max_rate: 5000 })).toThrow(
      /more than 200 steps/,
    );
  });

  it('runs each rate once with the rate set, open loop', () => {
    const runs = expandPlan(plan({ kind: 'capacity', capacity }));
    expect(runs.map((r) => [r.point, r.value, r.config.rate])).toEqual([
      [0, 1000, 1000],
      [1, 2000, 2000],
      [2, 4000, 4000],
      [3, 8000, 8000],
      [4, 10_000, 10_000],
    ]);
    expect(() => expandPlan(plan({ kind: 'capacity', capacity, repeat: 2 }))).toThrow(/once/);
    expect(() => expandPlan(plan({ kind: 'capacity' }))).toThrow(/needs capacity/);
  });
});
