// Exact merging: percentiles of merged worker histograms equal those of one histogram fed every value.
import { describe, expect, it } from 'vitest';
import { mergeEncoded } from '../../../main/core/benchmark/aggregate';
import {
  decodeHistogram,
  encodeHistogram,
  latencyOf,
  newHistogram,
} from '../../../main/core/benchmark/histogram';
import { lcg } from '../../support/lcg';

describe('histogram merging', () => {
  it('merged percentiles equal those of one histogram fed all values', () => {
    const rand = lcg(7);
    const all = newHistogram();
    const parts = [newHistogram(), newHistogram(), newHistogram(), newHistogram()];
    let sum = 0;
    let max = 0;
    for (let i = 0; i < 200_000; i++) {
      // A long-tailed mix: most values around 200 µs, some in the tens of milliseconds.
      const v = Math.max(
        1,
        Math.round(rand() < 0.98 ? 100 + rand() * 300 : 5_000 + rand() * 80_000),
      );
      all.recordValue(v);
      parts[i % 4 === 0 ? 0 : i % 7 === 0 ? 1 : i % 3 === 0 ? 2 : 3]!.recordValue(v);
      sum += v;
      max = Math.max(max, v);
    }
    const merged = mergeEncoded(parts.map(encodeHistogram));
    expect(merged.totalCount).toBe(all.totalCount);
    for (const p of [1, 10, 50, 90, 95, 99, 99.9, 99.99, 100]) {
      expect(merged.getValueAtPercentile(p)).toBe(all.getValueAtPercentile(p));
    }
    expect(latencyOf(merged, sum, max)).toEqual(latencyOf(all, sum, max));
  });

  it('averaging per-worker percentiles would be wrong, which is why they are merged', () => {
    const fast = newHistogram();
    const slow = newHistogram();
    for (let i = 0; i < 990; i++) fast.recordValue(100);
    for (let i = 0; i < 10; i++) slow.recordValue(50_000);
    const merged = mergeEncoded([encodeHistogram(fast), encodeHistogram(slow)]);
    const averaged = (fast.getValueAtPercentile(99) + slow.getValueAtPercentile(99)) / 2;
    expect(merged.getValueAtPercentile(99)).toBeLessThan(200);
    expect(averaged).toBeGreaterThan(20_000);
  });

  it('reports milliseconds with microsecond resolution and the exact average', () => {
    const h = newHistogram();
    for (const v of [1234, 1234, 1234, 98_765]) h.recordValue(v);
    const l = latencyOf(h, 1234 * 3 + 98_765, 98_765);
    expect(l.p50).toBe(1.234);
    expect(l.avg).toBeCloseTo((1234 * 3 + 98_765) / 4 / 1000, 3);
    expect(l.max).toBe(98.765);
    expect(l.p99).toBeGreaterThanOrEqual(98.7);
  });

  it('survives the wire encoding and keeps values beyond the initial range', () => {
    const h = newHistogram();
    h.recordValue(7_200_000_000);
    h.recordValue(3);
    const back = decodeHistogram(encodeHistogram(h));
    expect(back.totalCount).toBe(2);
    expect(back.getValueAtPercentile(100)).toBeGreaterThan(7_000_000_000);
    back.recordValue(9_000_000_000);
    expect(back.totalCount).toBe(3);
  });
});
