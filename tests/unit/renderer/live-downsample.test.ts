// A live chart's reduction, kept up to date point by point: bounded to its columns however long
// the run, every series' extremes and the newest point kept, small inputs drawn as given; and a
// live run's series following the store's ring, past the point where the ring wraps.
import { describe, expect, it } from 'vitest';
import { LiveReduction } from '../../../renderer/src/charts/live-downsample';
import { minMaxPerPixel } from '../../../renderer/src/charts/minmax-downsample';
import { RingBuffer } from '../../../renderer/src/charts/ring-buffer';
import type { RunInterval } from '../../../shared/contract/benchmarks';
import { LiveRunSeries } from '../../../renderer/src/features/benchmarks/live-run-series';
import { runInterval } from './run-fixtures';

const drawn = (r: LiveReduction, s = 0) => ({
  xs: Array.from(r.xs.subarray(0, r.length)),
  ys: Array.from(r.ys[s]!.subarray(0, r.length)),
});

/** A wave with one spike up and one dip down, as a live run's figure might be. */
const wave = (i: number) => (i === 4321 ? 900 : i === 777 ? -5 : 50 + 10 * Math.sin(i / 60));

describe('LiveReduction', () => {
  it('draws as given while there are fewer points than columns', () => {
    const r = new LiveReduction(2, 8);
    const row = new Float64Array(2);
    for (let i = 0; i < 5; i += 1) {
      row[0] = i * 10;
      row[1] = 100 - i;
      r.push(i, row);
    }
    expect(drawn(r, 0)).toEqual({ xs: [0, 1, 2, 3, 4], ys: [0, 10, 20, 30, 40] });
    expect(drawn(r, 1).ys).toEqual([100, 99, 98, 97, 96]);
    expect(r.count).toBe(5);
    expect(r.highest).toBe(100);
  });

  it('stays within two points per column over a long run, keeping spikes and the newest x', () => {
    const r = new LiveReduction(1, 500);
    const row = new Float64Array(1);
    const xs = r.xs;
    let most = 0;
    let newestDrawn = true;
    for (let i = 0; i < 86_400; i += 1) {
      row[0] = wave(i);
      r.push(i, row);
      most = Math.max(most, r.length);
      newestDrawn &&= r.xs[r.length - 1] === i;
    }
    expect(most).toBeLessThanOrEqual(1000);
    expect(newestDrawn).toBe(true);
    // The same arrays all along: nothing is reallocated as the run grows.
    expect(r.xs).toBe(xs);
    const { xs: x, ys } = drawn(r);
    expect(x[0]).toBe(0);
    expect(Math.max(...ys)).toBe(900);
    expect(Math.min(...ys)).toBe(-5);
    expect(r.highest).toBe(900);
    // Ascending x; each spike drawn where it happened, give or take its bucket.
    expect(x.every((v, k) => k === 0 || v >= x[k - 1]!)).toBe(true);
    const spikeAt = x[ys.indexOf(900)]!;
    expect(Math.abs(spikeAt - 4321)).toBeLessThan(86_400 / 250);
  });

  it('draws what the whole-history reduction draws when the buckets line up with its columns', () => {
    // 64 points end in 16 buckets of 4 (after two merges), as minMaxPerPixel's 16 columns of 4.
    const r = new LiveReduction(1, 16);
    const row = new Float64Array(1);
    const xs: number[] = [];
    const ys: number[] = [];
    for (let i = 0; i < 64; i += 1) {
      row[0] = wave(i * 97);
      xs.push(i);
      ys.push(row[0]);
      r.push(i, row);
    }
    const whole = minMaxPerPixel(xs, [ys], 0, 64, 16);
    expect(drawn(r)).toEqual({ xs: whole.xs, ys: whole.ys[0] });
  });

  it('starts over when cleared, and refuses fewer than two columns', () => {
    const r = new LiveReduction(1, 4);
    for (let i = 0; i < 100; i += 1) r.push(i, [i]);
    r.clear();
    r.push(7, [3]);
    expect(drawn(r)).toEqual({ xs: [7], ys: [3] });
    expect(() => new LiveReduction(1, 1)).toThrow(RangeError);
  });
});

describe('LiveRunSeries', () => {
  const interval = (t: number, qps: number) =>
    runInterval({ t, warmup: t <= 0, qps, latency: { ...runInterval({}).latency, p99: qps / 10 } });

  it('follows the ring past its capacity: the newest interval is always drawn', () => {
    const ring = new RingBuffer<RunInterval>(50);
    const series = new LiveRunSeries([(i) => i.qps, (i) => i.latency.p99], 64);
    for (let t = -2; t <= 300; t += 1) {
      ring.push(interval(t, t === 120 ? 9999 : 1000 + t));
      series.follow(ring);
      // Following twice takes nothing twice.
      series.follow(ring);
      const r = series.reduction;
      expect(r.xs[r.length - 1]).toBe(t);
    }
    expect(ring.length).toBe(50);
    // Everything since the start is in the reduction, the spike that left the ring too.
    expect(series.reduction.count).toBe(303);
    expect(series.reduction.xs[0]).toBe(-2);
    expect(series.reduction.highest).toBe(9999);
    expect(series.warmupUntil).toBe(0);
  });

  it('starts again from the ring when more arrived than it holds, or it was replaced', () => {
    const ring = new RingBuffer<RunInterval>(10);
    const series = new LiveRunSeries([(i) => i.qps], 64);
    ring.push(interval(1, 1));
    series.follow(ring);
    for (let t = 2; t <= 30; t += 1) ring.push(interval(t, t));
    series.follow(ring);
    const r = series.reduction;
    expect(r.count).toBe(10);
    expect(Array.from(r.xs.subarray(0, r.length))).toEqual([
      21, 22, 23, 24, 25, 26, 27, 28, 29, 30,
    ]);
    ring.reset([interval(5, 50), interval(6, 60)]);
    series.follow(ring);
    expect(Array.from(r.ys[0]!.subarray(0, r.length))).toEqual([50, 60]);
    expect(series.warmupUntil).toBeNull();
  });
});
