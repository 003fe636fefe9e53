// The Monitor's downsampling: at most a few points per pixel column, every column's lowest and
// highest value kept in the order they occurred, breaks kept, and small inputs passed through.
import { describe, expect, it } from 'vitest';
import {
  breakGaps,
  lowerBound,
  minMaxPerPixel,
} from '../../../renderer/src/charts/minmax-downsample';

const DAY_S = 86_400;

/** A day of 1 s samples (ms timestamps) with a gentle wave. */
function day(): { xs: number[]; ys: number[] } {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < DAY_S; i += 1) {
    xs.push(1_700_000_000_000 + i * 1000);
    ys.push(50 + 10 * Math.sin(i / 600));
  }
  return { xs, ys };
}

const defined = (v: (number | null | undefined)[]) =>
  v.filter((y): y is number => typeof y === 'number');

describe('minMaxPerPixel', () => {
  it('passes a series through when it has at most two points per column', () => {
    const xs = [0, 10, 20, 30, 40];
    const ys = [1, null, 3, 4, 5];
    const out = minMaxPerPixel(xs, [ys], 0, 40, 800);
    expect(out.xs).toEqual(xs);
    expect(out.ys).toEqual([ys]);
  });

  it('keeps one point on each side of the range so lines reach the edges', () => {
    const xs = [0, 10, 20, 30, 40, 50];
    const out = minMaxPerPixel(xs, [xs.map((x) => x / 10)], 15, 35, 800);
    expect(out.xs).toEqual([10, 20, 30, 40]);
    expect(out.ys[0]).toEqual([1, 2, 3, 4]);
  });

  it('reduces a day at 1 s to a few points per pixel and keeps a one-second spike and dip', () => {
    const { xs, ys } = day();
    ys[40_000] = 1000;
    ys[70_000] = -500;
    const width = 1200;
    const out = minMaxPerPixel(xs, [ys], xs[0]!, xs.at(-1)!, width);
    expect(out.xs.length).toBeLessThanOrEqual(2 * width + 2);
    expect(out.xs.length).toBeGreaterThan(width);
    const kept = defined(out.ys[0]!);
    expect(Math.max(...kept)).toBe(1000);
    expect(Math.min(...kept)).toBe(-500);
    // The spike stays within its own pixel column.
    const column = (xs.at(-1)! - xs[0]!) / width;
    expect(Math.abs(out.xs[out.ys[0]!.indexOf(1000)]! - xs[40_000]!)).toBeLessThanOrEqual(column);
  });

  it('keeps x ascending and every column in the order its extremes occurred', () => {
    const xs = Array.from({ length: 1000 }, (_, i) => i);
    // Falling within each column of 100 samples: the max comes first, then the min.
    const ys = xs.map((x) => 100 - (x % 100));
    const out = minMaxPerPixel(xs, [ys], 0, 999, 10);
    for (let i = 1; i < out.xs.length; i += 1)
      expect(out.xs[i]!).toBeGreaterThanOrEqual(out.xs[i - 1]!);
    expect(out.ys[0]!.slice(0, 2)).toEqual([100, 1]);
  });

  it('gives each series its own extremes on the shared x axis', () => {
    const xs = Array.from({ length: 10_000 }, (_, i) => i);
    const a = xs.map(() => 1);
    const b = xs.map(() => 2);
    a[1234] = 99;
    b[8765] = -99;
    const out = minMaxPerPixel(xs, [a, b], 0, 9999, 100);
    expect(out.ys).toHaveLength(2);
    expect(out.ys[0]).toHaveLength(out.xs.length);
    expect(out.ys[1]).toHaveLength(out.xs.length);
    expect(Math.max(...defined(out.ys[0]!))).toBe(99);
    expect(Math.min(...defined(out.ys[1]!))).toBe(-99);
  });

  it('keeps a break (null) inside a column as a break, and only for its series', () => {
    const xs = Array.from({ length: 10_000 }, (_, i) => i);
    const a: (number | null)[] = xs.map(() => 5);
    const b = xs.map(() => 7);
    a[5050] = null;
    const out = minMaxPerPixel(xs, [a, b], 0, 9999, 100);
    const at = out.ys[0]!.indexOf(null);
    expect(at).toBeGreaterThan(0);
    expect(out.xs[at]).toBe(5050);
    // The other series spans that row (undefined), it does not break.
    expect(out.ys[1]![at]).toBeUndefined();
    expect(out.ys[1]!.includes(null)).toBe(false);
  });

  it('draws only the zoomed range, at the same resolution per pixel', () => {
    const { xs, ys } = day();
    const from = xs[3600]!;
    const to = xs[7200]!;
    const out = minMaxPerPixel(xs, [ys], from, to, 600);
    expect(out.xs[0]).toBe(xs[3599]);
    expect(out.xs.at(-1)).toBe(xs[7201]);
    expect(out.xs.length).toBeLessThanOrEqual(2 * 600 + 2);
  });

  it('reads each sample a bounded number of times, so every zoom of a day at 1 s stays cheap', () => {
    // Counted, not timed: the cost that matters is linear in the samples (the per-task budget
    // itself is measured in Chromium by bench:ui). A pass per series and one for the times.
    const { xs, ys } = day();
    let reads = 0;
    const counted = <T>(values: T[]): T[] =>
      new Proxy(values, {
        get(target, key, receiver) {
          if (typeof key === 'string' && /^\d+$/.test(key)) reads += 1;
          return Reflect.get(target, key, receiver) as unknown;
        },
      });
    const series = [1, 2, 3, 4].map((k) => counted(ys.map((y) => y * k)));
    const out = minMaxPerPixel(counted(xs), series, xs[0]!, xs.at(-1)!, 1800);
    expect(out.xs.length).toBeLessThanOrEqual(2 * 1800 + 2);
    expect(reads).toBeLessThanOrEqual(3 * DAY_S * (series.length + 1));
  });
});

describe('lowerBound', () => {
  it('finds the first index at or after a value', () => {
    expect(lowerBound([1, 3, 5, 7], 0)).toBe(0);
    expect(lowerBound([1, 3, 5, 7], 3)).toBe(1);
    expect(lowerBound([1, 3, 5, 7], 4)).toBe(2);
    expect(lowerBound([1, 3, 5, 7], 8)).toBe(4);
  });
});

describe('gaps while reducing', () => {
  it('breaks the line where samples stop for a while, not between reduced columns', () => {
    const { xs, ys } = day();
    // An hour without samples in the middle of the day.
    const kept = xs.map((x, i) => (i >= 40_000 && i < 43_600 ? null : i)).filter((i) => i !== null);
    const gx = kept.map((i) => xs[i]!);
    const gy = kept.map((i) => ys[i]!);
    const out = minMaxPerPixel(gx, [gy], gx[0]!, gx.at(-1)!, 800, 3500);
    const breaks = out.ys[0]!.filter((v) => v === null);
    expect(breaks).toHaveLength(1);
    const at = out.ys[0]!.indexOf(null);
    expect(out.xs[at]).toBeGreaterThan(xs[39_999]!);
    expect(out.xs[at]).toBeLessThan(xs[43_600]!);
  });
});

describe('breakGaps', () => {
  it('puts a break where samples pause longer than the limit, and only there', () => {
    const out = breakGaps({ xs: [0, 1000, 2000, 60_000, 61_000], ys: [[1, 2, 3, 4, 5]] }, 2500);
    expect(out.xs).toEqual([0, 1000, 2000, 31_000, 60_000, 61_000]);
    expect(out.ys[0]).toEqual([1, 2, 3, null, 4, 5]);
  });
});
