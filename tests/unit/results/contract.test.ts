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
