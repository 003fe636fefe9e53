// The results operations' input as the dispatcher checks it: the baseline and the groups must
// name compared runs, with messages that say so.
import { describe, expect, it } from 'vitest';
import { operations } from '../../../shared/contract';
import { formatIssues } from '../../../main/core/validation';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const C = '00000000-0000-4000-8000-00000000000c';

const problem = (method: 'results.compare' | 'results.report', input: unknown) => {
  const r = operations[method].input.safeParse(input);
  return r.success ? null : formatIssues(r.error, input);
};

describe('results.compare input', () => {
  it('accepts two runs, a baseline among them and disjoint groups', () => {
    expect(
      problem('results.compare', { run_ids: [A, B, C], baseline_id: B, groups: [[A], [B, C]] }),
    ).toBeNull();
  });

  it.each([
    [{ run_ids: [A] }, /at least two runs/],
    [{ run_ids: [A, A] }, /only once/],
    [{ run_ids: [A, B], baseline_id: C }, /baseline_id must be one of run_ids/],
    [{ run_ids: [A, B], groups: [[A, C]] }, /groups may hold only run_ids/],
    [{ run_ids: [A, B], groups: [[A], [A, B]] }, /one group only/],
  ])('refuses %j', (input, message) => {
    expect(problem('results.compare', input)).toMatch(message);
  });
});

describe('results.report input', () => {
  it('takes a single run, and checks the baseline the same way', () => {
    expect(problem('results.report', { run_ids: [A], title: 'One run' })).toBeNull();
    expect(problem('results.report', { run_ids: [] })).toMatch(/at least one run/);
    expect(problem('results.report', { run_ids: [A], baseline_id: B })).toMatch(
      /baseline_id must be one of run_ids/,
    );
  });
});

describe('results.compare output', () => {
  const output = operations['results.compare'].output.shape;
  const series = { run_id: A, t: [1, 2], qps: [10, 20], p99: [1.5, 2.5] };
  const host = {
    run_id: A,
    warmup_start: -1,
    measure_end: 2,
    t: [-1, 2],
    cpu_percent: [40, null],
    memory_percent: [50, 51],
  };

  it('carries a run’s series and host samples as columns of one length', () => {
    expect(output.series.safeParse([series]).success).toBe(true);
    expect(output.host.safeParse([host]).success).toBe(true);
  });

  it('refuses columns of different lengths, saying which', () => {
    const short = output.series.safeParse([{ ...series, p99: [1.5] }]);
    expect(short.success).toBe(false);
    expect(short.error?.issues[0]?.message).toMatch(/t, qps, p99 must be of one length/);
    expect(output.host.safeParse([{ ...host, memory_percent: [50] }]).success).toBe(false);
  });
});

describe('runs.intervals input', () => {
  const input = operations['runs.intervals'].input;

  it('reads all by default, or a page given as query text', () => {
    expect(input.parse({ id: A })).toEqual({ id: A, offset: 0 });
    expect(input.parse({ id: A, offset: '600', limit: '600' })).toEqual({
      id: A,
      offset: 600,
      limit: 600,
    });
  });

  it('refuses a negative offset and an empty page', () => {
    expect(input.safeParse({ id: A, offset: -1 }).success).toBe(false);
    expect(input.safeParse({ id: A, limit: 0 }).success).toBe(false);
  });
});
