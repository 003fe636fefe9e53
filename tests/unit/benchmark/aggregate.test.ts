// An interval's parts are decoded once and read by the run's aggregator and its stage's: both must
// come out exactly as if each had been fed every value, and neither may change what the other reads.
import { describe, expect, it } from 'vitest';
import { ERROR_CLASSES, type ErrorClass } from '../../../shared/contract/benchmarks';
import { mergeInterval, RunAggregator } from '../../../main/core/benchmark/aggregate';
import {
  encodeHistogram,
  type Histogram,
  latencyOf,
  newHistogram,
} from '../../../main/core/benchmark/histogram';
import { lcg } from '../../support/lcg';
import type { IntervalStats, Series } from '../../../main/core/benchmark/protocol';

/** A series of `n` long-tailed values, recorded into `all` as well. */
function wireSeries(rand: () => number, n: number, all: Histogram): Series {
  const h = newHistogram();
  let sumUs = 0;
  let maxUs = 0;
  for (let i = 0; i < n; i++) {
    const v = Math.max(1, Math.round(rand() < 0.97 ? 80 + rand() * 400 : 4_000 + rand() * 60_000));
    h.recordValue(v);
    all.recordValue(v);
    sumUs += v;
    maxUs = Math.max(maxUs, v);
  }
  return { hist: encodeHistogram(h), sumUs, maxUs };
}

interface Truth {
  total: Histogram;
  lag: Histogram;
  service: Histogram;
  byTxn: Map<string, Histogram>;
}
const truth = (): Truth => ({
  total: newHistogram(),
  lag: newHistogram(),
  service: newHistogram(),
  byTxn: new Map([
    ['read', newHistogram()],
    ['write', newHistogram()],
  ]),
});

/** One worker's part of interval `index`: open loop, two transaction kinds. */
function part(rand: () => number, index: number, into: Truth[]): IntervalStats {
  const record = (pick: (t: Truth) => Histogram, n: number): Series => {
    const all = newHistogram();
    const s = wireSeries(rand, n, all);
    for (const t of into) pick(t).add(all);
    return s;
  };
  const total = record((t) => t.total, 3_000);
  const errors = Object.fromEntries(ERROR_CLASSES.map((c) => [c, 0])) as Record<ErrorClass, number>;
  return {
    index,
    startMs: index * 1000,
    endMs: index * 1000 + 1000,
    txns: 3_000,
    queries: 6_000,
    failed: 0,
    retries: 0,
    reconnects: 0,
    errors,
    firstErrors: {},
    ...total,
    service: record((t) => t.service, 3_000),
    lag: record((t) => t.lag, 3_000),
    byTxn: [
      { name: 'read', count: 2_000, ...record((t) => t.byTxn.get('read')!, 2_000) },
      { name: 'write', count: 1_000, ...record((t) => t.byTxn.get('write')!, 1_000) },
    ],
    byClass: [],
    overheadUs: 0,
    overheadCount: 0,
  };
}

const extras = (warmup: boolean) => ({
  warmup,
  t: 1,
  threads: 2,
  stage: 0,
  networkRttMs: null,
  serverCounters: {},
});

const P = [50, 90, 99, 99.9, 100];
function expectExact(h: Histogram, values: Histogram) {
  expect(h.totalCount).toBe(values.totalCount);
  for (const p of P) expect(h.getValueAtPercentile(p)).toBe(values.getValueAtPercentile(p));
}

describe('run aggregation', () => {
  it('merges each interval once for the run and its stage, exactly, whatever the number of parts', () => {
    for (const workers of [1, 3]) {
      const rand = lcg(11 + workers);
      const run = new RunAggregator(true, 6_000);
      const stage = new RunAggregator(true, 6_000);
      const measured = truth();
      const intervals = [...Array(4).keys()].map((i) => {
        // The first interval is the warm-up: in neither aggregator's totals.
        const target = i === 0 ? [] : [measured];
        const perInterval = truth();
        const parts = [...Array(workers).keys()].map(() => part(rand, i, [...target, perInterval]));
        return { parts, perInterval, warmup: i === 0 };
      });
      for (const { parts, perInterval, warmup } of intervals) {
        const merged = mergeInterval(parts);
        const figures = run.add(merged, extras(warmup));
        stage.add(merged, extras(warmup));
        // The interval's own figures come from its values alone.
        const all = perInterval.total;
        expect(figures.latency.p99).toBe(latencyOf(all, 0, Number.MAX_SAFE_INTEGER).p99);
        expect(figures.lag_p99).toBe(latencyOf(perInterval.lag, 0, Number.MAX_SAFE_INTEGER).p99);
      }
      for (const agg of [run, stage]) {
        const detail = agg.detail();
        expect(detail.transactions).toBe(3 * 3_000 * workers);
        for (const { p, ms } of detail.percentiles)
          expect(ms).toBe(Math.round(measured.total.getValueAtPercentile(p)) / 1000);
        expect(detail.by_transaction.read!.count).toBe(3 * 2_000 * workers);
        expect(detail.by_transaction.write!.latency.p99).toBe(
          latencyOf(measured.byTxn.get('write')!, 0, Number.MAX_SAFE_INTEGER).p99,
        );
        expect(detail.schedule_lag!.p99).toBe(
          latencyOf(measured.lag, 0, Number.MAX_SAFE_INTEGER).p99,
        );
        expect(detail.service_latency!.p99).toBe(
          latencyOf(measured.service, 0, Number.MAX_SAFE_INTEGER).p99,
        );
      }
      // The stage's aggregator read the same merged histograms after the run's had added them.
      expect(stage.encodedHistogram()).toBe(run.encodedHistogram());
    }
  });

  it('leaves the merged interval as it found it', () => {
    const rand = lcg(5);
    const parts = [part(rand, 1, [])];
    const merged = mergeInterval(parts);
    const before = merged.total.hist.totalCount;
    const run = new RunAggregator(true, null);
    run.add(merged, extras(false));
    run.add(mergeInterval([part(rand, 2, [])]), extras(false));
    expect(merged.total.hist.totalCount).toBe(before);
    expectExact(merged.total.hist, mergeInterval(parts).total.hist);
  });
});
