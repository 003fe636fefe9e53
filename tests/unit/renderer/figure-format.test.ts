// The one formatter of benchmark figures: latencies switch to seconds at 1 000 ms (values, tiles
// and axes alike), changes above 1 000 % read as ratios, counts and durations.
import { describe, expect, it } from 'vitest';
import {
  axisDayTime,
  axisTime,
  change,
  sigDigits,
  upToDecimals,
  count,
  duration,
  latency,
  latencyAxis,
} from '../../../renderer/src/components/figure-format';
import { axisWidth, extent, niceTicks } from '../../../renderer/src/components/axis-ticks';

describe('latency', () => {
  it('keeps µs resolution below 10 ms and fewer decimals as values grow', () => {
    expect(latency(0.41234)).toBe('0.412 ms');
    expect(latency(42.123)).toBe('42.12 ms');
    expect(latency(999.94)).toBe('999.9 ms');
  });

  it('reads in seconds from 1 000 ms', () => {
    expect(latency(1000)).toBe('1.00 s');
    expect(latency(1520.3)).toBe('1.52 s');
    expect(latency(12_345)).toBe('12.3 s');
    expect(latency(123_456)).toBe('123.5 s');
  });

  it('picks the axis unit from the largest value and writes ticks in it', () => {
    const small = latencyAxis(850);
    expect(small.unit).toBe('ms');
    expect([0, 0.0123, 0.5, 12.5, 800].map(small.tick)).toEqual([
      '0',
      '0.0123',
      '0.5',
      '12.5',
      '800',
    ]);
    const large = latencyAxis(2400);
    expect(large.unit).toBe('s');
    expect([0, 500, 1000, 2500].map(large.tick)).toEqual(['0', '0.5', '1', '2.5']);
  });
});

describe('change against a baseline', () => {
  it('reads as a signed percentage up to 1 000 %', () => {
    expect(change(12.34).text).toBe('+12.3 %');
    expect(change(-4.1).text).toBe('−4.10 %');
    expect(change(0).text).toBe('±0.00 %');
    expect(change(1000).text).toBe('+1000 %');
    expect(change(-99.9).words).toBe('99.9 % lower than the baseline');
  });

  it('reads as a ratio above 1 000 %', () => {
    expect(change(1920).text).toBe('×20.2');
    expect(change(1920).words).toBe('20.2 times the baseline');
    expect(change(1001).text).toBe('×11.0');
    expect(change(25_000).text).toBe('×251');
  });
});

describe('counts and durations', () => {
  it('groups thousands and writes durations in their largest unit', () => {
    expect(count(1234.6)).toBe('1,235');
    expect([5, 60, 125, 3600, 7380].map(duration)).toEqual([
      '5 s',
      '1 min',
      '2 min 5 s',
      '1 h',
      '2 h 3 min',
    ]);
  });
});

describe('value axis', () => {
  it('chooses round ticks that reach the largest value', () => {
    expect(niceTicks(0, 572.2e6)).toEqual([0, 2e8, 4e8, 6e8]);
    expect(niceTicks(0, 0.3)).toEqual([0, 0.1, 0.2, 0.3]);
    expect(niceTicks(0, 97)).toEqual([0, 25, 50, 75, 100]);
    expect(niceTicks(0, 0)).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });

  it('finds the extent of the plotted keys, ignoring gaps', () => {
    const rows = [
      { t: 1, a: 3, b: null },
      { t: 2, a: -1, b: 7 },
      { t: 3, a: Number.NaN },
    ];
    expect(extent(rows, ['a', 'b'])).toEqual([-1, 7]);
  });

  it('is as wide as the widest label plus the tick and padding', () => {
    expect(axisWidth([20, 55.2, 31])).toBe(56 + 14);
  });
});

describe('sigDigits, upToDecimals and axis times', () => {
  it('rounds to significant digits with thousands separators', () => {
    expect(sigDigits(1234.567, 4)).toBe('1,235');
    expect(sigDigits(12.3456)).toBe('12.3');
    expect(sigDigits(0.012345)).toBe('0.0123');
    expect(upToDecimals(1234.5678, 2)).toBe('1,234.57');
    expect(upToDecimals(3, 2)).toBe('3');
  });

  it('reads axis times in local 24-hour time, with the day for long spans', () => {
    const t = new Date(2026, 11, 6, 18, 40, 12).getTime();
    expect(axisTime(t)).toBe('18:40:12');
    expect(axisDayTime(t)).toBe('Dec 6, 18:40');
  });
});
