// `--fail-on` thresholds: parsing with clear errors, and which run crosses which threshold.
import { describe, expect, it } from 'vitest';
import { compareRuns } from '../../../main/core/results/compare';
import { checkGate, parseFailOn } from '../../../main/core/results/gate';
import { bundle } from './fixture';

describe('parseFailOn', () => {
  it('reads relative and absolute thresholds', () => {
    expect(parseFailOn('p99>+10%, qps<-5%,errors>0,p99.9>=20ms')).toEqual([
      { text: 'p99>+10%', metric: 'p99', op: '>', value: 10, relative: true },
      { text: 'qps<-5%', metric: 'qps', op: '<', value: -5, relative: true },
      { text: 'errors>0', metric: 'errors', op: '>', value: 0, relative: false },
      { text: 'p99.9>=20ms', metric: 'p999', op: '>=', value: 20, relative: false },
    ]);
  });

  it.each([
    ['', /empty/],
    ['p99>>10%', /cannot read "p99>>10%".*METRIC OP NUMBER/],
    ['p99=10%', /cannot read/],
    ['p42>10%', /unknown metric "p42".*qps, tps/],
    ['qps<10ms', /ms, but qps is not a latency/],
    ['p99>ten%', /cannot read/],
  ])('rejects %j with a clear message', (spec, message) => {
    expect(() => parseFailOn(spec)).toThrow(message);
  });
});

describe('checkGate', () => {
  const base = bundle({ qps: 1000, p99: 10 });
  const slower = bundle({ qps: 940, p99: 11.5, errors: 1 });

  it('names each crossed threshold with the figures', () => {
    const c = compareRuns([base, slower]);
    const v = checkGate(c, parseFailOn('p99>+10%,qps<-5%,errors>0,max>1000ms'));
    expect(v.map((x) => x.threshold)).toEqual(['p99>+10%', 'qps<-5%', 'errors>0']);
    expect(v[0]!.message).toMatch(
      /p99 \+15\.0% \(11\.5 ms vs baseline 10 ms\) crosses "p99>\+10%"/,
    );
    expect(v[1]!.delta_percent).toBeCloseTo(-6, 10);
    expect(v[2]!.message).toMatch(/errors from 0/);
  });

  it('passes when nothing is crossed', () => {
    const c = compareRuns([base, slower]);
    expect(checkGate(c, parseFailOn('p99>+20%,qps<-10%'))).toEqual([]);
  });
});
