// Stages: the plan a worker follows, and the checks on a request's stages.
import { describe, expect, it } from 'vitest';
import { runStartSchema } from '../../../shared/contract/benchmarks';
import { buildPlan, stageAt, stagesProblem } from '../../../main/core/benchmark/plan';

const base = {
  connection_id: '00000000-0000-4000-8000-000000000001',
  type: 'oltp_point_select' as const,
};

describe('stages', () => {
  it('is one stage with the run threads and rate when none are given', () => {
    const input = runStartSchema.parse({
      ...base,
      duration: 10,
      threads: 4,
      rate: 800,
      pipeline: 2,
    });
    expect(buildPlan(input, 1000)).toEqual([{ startMs: 0, threads: 4, ratePerLoop: 100 }]);
    expect(stagesProblem(input)).toBeNull();
  });

  it('starts each stage after the warm-up and the stages before it', () => {
    const input = runStartSchema.parse({
      ...base,
      duration: 5,
      threads: 8,
      stages: [
        { duration: 2, threads: 2, rate: 100 },
        { duration: 3, rate: 400 },
      ],
    });
    const plan = buildPlan(input, 1000);
    expect(plan).toEqual([
      { startMs: 0, threads: 2, ratePerLoop: 50 },
      { startMs: 3000, threads: 8, ratePerLoop: 50 },
    ]);
    expect(stageAt(plan, 10_000, 10_500)).toMatchObject({ index: 0, threads: 2, endsAt: 13_000 });
    expect(stageAt(plan, 10_000, 13_000)).toMatchObject({ index: 1, threads: 8, endsAt: Infinity });
  });

  it.each([
    [
      { duration: 4, threads: 2, stages: [{ duration: 2 }, { duration: 1 }] },
      /last 3 s in all but duration is 4 s/,
    ],
    [
      { duration: 2, threads: 2, stages: [{ duration: 1, rate: 5 }, { duration: 1 }] },
      /every stage a rate/,
    ],
    [{ duration: 2, threads: 2, rate: 10, stages: [{ duration: 2 }] }, /rate per stage/],
    [
      { duration: 2, threads: 2, stages: [{ duration: 2, threads: 3 }] },
      /more threads than the run opens/,
    ],
    [
      { duration: 2, threads: 2, report_interval_ms: 1500, stages: [{ duration: 2 }] },
      /whole number of report intervals/,
    ],
  ])('rejects %j', (extra, message) => {
    expect(stagesProblem(runStartSchema.parse({ ...base, ...extra }))).toMatch(message);
  });
});
