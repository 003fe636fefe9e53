// The Run plan form's fields turned into a plans.start request, or the sentence saying what to fix.
import { describe, expect, it } from 'vitest';
import { planStartSchema } from '../../../shared/contract/plans';
import { runStartSchema } from '../../../shared/contract/benchmarks';
import {
  buildPlanInput,
  DEFAULT_FIELDS,
  parseValues,
} from '../../../renderer/src/features/plans/plan-form';

const { allow_production: _omit, ...base } = runStartSchema.parse({
  connection_id: '00000000-0000-4000-8000-000000000001',
  type: 'oltp_point_select',
  duration: 30,
  threads: 4,
  warmup: 2,
});

describe('parseValues', () => {
  it('reads commas, spaces and semicolons', () => {
    expect(parseValues('1, 2 4;8')).toEqual([1, 2, 4, 8]);
  });

  it('needs two positive numbers', () => {
    expect(() => parseValues('4')).toThrow('Give at least two values, separated by commas.');
    expect(() => parseValues('1, x')).toThrow("'x' must be a positive number.");
    expect(() => parseValues('1, -2')).toThrow("'-2' must be a positive number.");
  });
});

describe('buildPlanInput', () => {
  it('repeats the base k times with its own duration unless one is given', () => {
    const built = buildPlanInput(base, DEFAULT_FIELDS);
    expect(built).toEqual({ input: { base, kind: 'repeat', repeat: 3 } });
    const shorter = buildPlanInput(base, { ...DEFAULT_FIELDS, duration: '5' });
    expect('input' in shorter && shorter.input.base.duration).toBe(5);
    expect(planStartSchema.safeParse('input' in shorter && shorter.input).success).toBe(true);
  });

  it('sweeps the chosen setting over the values, once each by default', () => {
    const built = buildPlanInput(base, {
      ...DEFAULT_FIELDS,
      kind: 'sweep',
      sweepParameter: 'table_size',
      sweepValues: '1000, 10000',
    });
    expect(built).toEqual({
      input: {
        base,
        kind: 'sweep',
        repeat: 1,
        sweep: { parameter: 'table_size', values: [1000, 10000] },
      },
    });
  });

  it('builds a capacity search with a factor or an increment', () => {
    const fields = {
      ...DEFAULT_FIELDS,
      kind: 'capacity' as const,
      metric: 'p95' as const,
      maxMs: '5',
      startRate: '100',
      maxRate: '1000',
    };
    const byFactor = buildPlanInput(base, { ...fields, step: '1.5' });
    expect('input' in byFactor && byFactor.input.capacity).toEqual({
      objective: { metric: 'p95', max_ms: 5 },
      start_rate: 100,
      max_rate: 1000,
      step: { factor: 1.5 },
      precision: 0.05,
    });
    const stepsOnly = buildPlanInput(base, { ...fields, refine: ' ' });
    expect('input' in stepsOnly && stepsOnly.input.capacity?.precision).toBeUndefined();
    const byIncrement = buildPlanInput(base, { ...fields, stepMode: 'increment', step: '50' });
    expect('input' in byIncrement && byIncrement.input.capacity?.step).toEqual({ increment: 50 });
  });

  it('says which field is wrong', () => {
    expect(buildPlanInput(base, { ...DEFAULT_FIELDS, repeat: '' })).toEqual({
      error: 'Repetitions must be a positive number.',
    });
    expect(buildPlanInput(base, { ...DEFAULT_FIELDS, kind: 'capacity', maxMs: '0' })).toEqual({
      error: 'The latency objective must be a positive number.',
    });
    expect(buildPlanInput(base, { ...DEFAULT_FIELDS, duration: 'abc' })).toEqual({
      error: 'Duration must be a positive number.',
    });
  });
});
