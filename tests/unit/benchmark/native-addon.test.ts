// The native addon's pieces that must agree with JavaScript bit for bit: HDR buckets merged
// across threads read the same percentiles as one histogram fed every value, and the seeded
// generator and \set bytecode draw the same numbers in C++ as in the Node engine.
import { describe, expect, it } from 'vitest';
import { loadNative, type NativeAddon } from '../../../main/native';
import { histogramOf } from '../../../main/core/benchmark/native-runner';
import {
  decodeHistogram,
  encodeHistogram,
  newHistogram,
} from '../../../main/core/benchmark/histogram';
import { compileExpr, evalCode } from '../../../main/core/benchmark/workloads/expr';
import { Rng } from '../../../main/core/benchmark/workloads/rng';
import { sysbenchIdCode } from '../../../main/core/benchmark/workloads/sysbench';
import type { ParamValue } from '../../../main/core/benchmark/workloads/spec';

function addon(): NativeAddon {
  const loaded = loadNative();
  if ('reason' in loaded) throw new Error(loaded.reason);
  return loaded.addon;
}

describe('native histograms', () => {
  it('merged per-thread buckets give exactly the percentiles of one histogram fed every value', () => {
    const rng = new Rng(99, 0, 0);
    // Latencies over six decades (µs), as a run sees them: mostly small, a long tail.
    const values = Float64Array.from({ length: 50_000 }, () =>
      Math.max(1, Math.round(Math.exp(rng.double() * Math.log(5_000_000)))),
    );
    const one = newHistogram();
    for (const v of values) one.recordValue(v);
    const parts = addon().histogramParts(values, 4);
    expect(parts.reduce((a, p) => a + p.count, 0)).toBe(values.length);
    // Through the encoding the workers post, merged as the run's aggregate merges them.
    const merged = newHistogram();
    for (const p of parts) merged.add(decodeHistogram(encodeHistogram(histogramOf(p))));
    expect(merged.totalCount).toBe(one.totalCount);
    for (const q of [1, 10, 50, 90, 95, 99, 99.9, 99.99, 100])
      expect(merged.getValueAtPercentile(q)).toBe(one.getValueAtPercentile(q));
    expect(Math.max(...parts.map((p) => p.maxUs))).toBe(Math.max(...values));
    expect(parts.reduce((a, p) => a + p.sumUs, 0)).toBe(values.reduce((a, v) => a + v, 0));
  });
});

describe('native draws', () => {
  const slotOf = (n: string) => ({ client_id: 0, scale: 1 })[n as 'scale'];
  const sameDraws = (code: number[]) => {
    const vars = [3, 10];
    for (const [seed, client] of [
      [0, 0],
      [4242, 1],
      [4294967295, 31],
    ] as const) {
      const rng = new Rng(seed, client, 0);
      const js = Array.from({ length: 2000 }, () => evalCode(code, vars, rng, []));
      expect([...addon().draws(seed, client, 0, code, 2000, vars)]).toEqual(js);
    }
  };
  it.each([
    'random(1, 100000 * :scale)',
    'random(-5000, 5000)',
    'random_gaussian(1, 1000, 2.5)',
    'random_exponential(1, 1000, 3)',
    'random_zipfian(1, 1000, 1.5)',
    'least(random(1, 10), greatest(3, random(1, 100) / 7)) % 5 + abs(-2)',
  ])('%s draws the same numbers in C++ and JavaScript', (text) => {
    sameDraws(compileExpr(text, slotOf));
  });
  it.each<Record<string, ParamValue>>([
    {},
    { rand_type: 'uniform' },
    { rand_type: 'gaussian', rand_spec_iter: 5 },
    { rand_type: 'pareto', rand_pareto_h: 0.3 },
    { rand_spec_pct: 5, rand_spec_res: 50 },
  ])('sysbench row ids %j draw the same numbers in C++ and JavaScript', (params) => {
    sameDraws(sysbenchIdCode(params, 10_000));
  });
});

describe('native parameter text', () => {
  it('writes bound integers with the digits JavaScript writes', () => {
    const rng = new Rng(7, 0, 0);
    const values = Float64Array.from([
      0,
      -0,
      1,
      -1,
      9,
      10,
      99_999,
      100_000,
      2_147_483_647,
      -2_147_483_648,
      4_294_967_296,
      -1_000_003_000_000,
      2 ** 53,
      -(2 ** 53),
      1e20,
      ...Array.from({ length: 2000 }, () => Math.floor((rng.double() - 0.5) * 2 ** 50)),
    ]);
    expect(addon().formatNumbers(values)).toEqual([...values].map((v) => String(v)));
  });
});
