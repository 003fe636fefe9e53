// Repeated runs: mean and 95% CI per group and Welch's t-test against the baseline group, on
// clearly-equal and clearly-different synthetic samples.
import { describe, expect, it } from 'vitest';
import { compareRuns } from '../../../main/core/results/compare';
import { bundle } from './fixture';

const runs = (qps: number[], p99: number[]) => qps.map((q, i) => bundle({ qps: q, p99: p99[i] }));

describe('repetitions', () => {
  it('calls two groups from the same distribution the same (within run-to-run noise)', () => {
    const a = runs([1000, 1010, 990, 1005, 995], [10, 10.2, 9.8, 10.1, 9.9]);
    const b = runs([1002, 998, 1007, 993, 1000], [10.1, 9.9, 10, 10.2, 9.8]);
    const c = compareRuns([...a, ...b], {
      groups: [
        { id: 'group-1', run_ids: a.map((x) => x.run.id) },
        { id: 'group-2', run_ids: b.map((x) => x.run.id) },
      ],
    });
    const rep = c.repetitions!;
    expect(rep.test).toBe("Welch's t-test");
    expect(rep.alpha).toBe(0.05);
    expect(rep.groups.map((g) => [g.id, g.baseline, g.run_ids.length])).toEqual([
      ['group-1', true, 5],
      ['group-2', false, 5],
    ]);
    const qps = rep.comparisons.find((t) => t.metric === 'qps')!;
    expect(qps.group_id).toBe('group-2');
    expect(qps.p_value).toBeGreaterThan(0.5);
    expect(qps.significant).toBe(false);
    expect(qps.verdict).toBe('same');
    const base = rep.groups[0]!.stats.qps;
    expect(base.mean).toBe(1000);
    expect(base.ci_low).toBeLessThan(1000);
    expect(base.ci_high).toBeGreaterThan(1000);
    expect(c.runs[5]!.group).toBe('group-2');
  });

  it('calls a clearly faster group better and its clearly higher latency worse', () => {
    const a = runs([1000, 1010, 990], [10, 10.2, 9.8]);
    const b = runs([1500, 1510, 1490], [14, 14.2, 13.8]);
    const rep = compareRuns([...a, ...b], {
      groups: [
        { id: 'group-1', run_ids: a.map((x) => x.run.id) },
        { id: 'group-2', run_ids: b.map((x) => x.run.id) },
      ],
    }).repetitions!;
    const of = (m: string) => rep.comparisons.find((t) => t.metric === m)!;
    expect(of('qps').p_value).toBeLessThan(0.001);
    expect(of('qps').verdict).toBe('better');
    expect(of('qps').delta_percent).toBeCloseTo(50, 10);
    expect(of('p99').verdict).toBe('worse');
    expect(of('p99').significant).toBe(true);
  });

  it('says insufficient when the other side ran once, and is absent without any repetition', () => {
    const a = runs([1000, 1010, 990], [10, 10, 10]);
    const single = bundle({ qps: 2000 });
    const rep = compareRuns([...a, single], {
      groups: [{ id: 'group-1', run_ids: a.map((x) => x.run.id) }],
    }).repetitions!;
    expect(rep.comparisons.find((t) => t.metric === 'qps')!.verdict).toBe('insufficient');
    expect(compareRuns([bundle(), bundle()]).repetitions).toBeNull();
  });
});
