// The caveats of a run: the network-share rule (idle round trip against the median, like with
// like), saturation of an open-loop run, and the share of intervals without throughput.
import { describe, expect, it } from 'vitest';
import {
  ERROR_CLASSES,
  type ErrorClass,
  type RunDetail,
  type RunInterval,
  type RunMetrics,
} from '../../../shared/contract/benchmarks';
import {
  judgeRun,
  networkShare,
  networkShareWarning,
  outageOf,
  saturationWarnings,
} from '../../../main/core/benchmark/warnings';

const noErrors = () =>
  Object.fromEntries(ERROR_CLASSES.map((c) => [c, 0])) as Record<ErrorClass, number>;
const lat = (p50: number) => ({
  avg: p50,
  p50,
  p95: p50 * 2,
  p99: p50 * 3,
  p999: p50 * 4,
  max: p50 * 5,
});

function metrics(o: { tps: number; p50?: number; errors?: number; qps?: number }): RunMetrics {
  return { qps: o.qps ?? o.tps, tps: o.tps, latency: lat(o.p50 ?? 1), errors: o.errors ?? 0 };
}

function detail(o: Partial<RunDetail> = {}): RunDetail {
  return {
    transactions: 1000,
    queries: 1000,
    retries: 0,
    reconnects: 0,
    errors_by_class: noErrors(),
    first_errors: {},
    service_latency: null,
    schedule_lag: null,
    target_rate: null,
    saturated: false,
    network_rtt_ms: null,
    network_rtt_before_ms: null,
    network_rtt_before_min_ms: null,
    percentiles: [],
    stages: [],
    by_statement: {},
    by_transaction: {},
    ...o,
  };
}

function intervals(tps: number[], warmup = 0): RunInterval[] {
  return tps.map((v, i) => ({
    t: i + 1 - warmup,
    warmup: i < warmup,
    qps: v,
    tps: v,
    latency: lat(1),
    errors: 0,
    errors_by_class: noErrors(),
    retries: 0,
    reconnects: 0,
    threads: 4,
    stage: 0,
    lag_p99: null,
    network_rtt_ms: null,
    server_counters: {},
  }));
}

const closed = { report_interval_ms: 1000 };

describe('network share', () => {
  it('does not warn on the case of the issue: a busy probe of 0.985 ms above a 0.225 ms median', () => {
    // The probe under load said 0.985 ms; the idle network round trip is 0.06 ms.
    const d = detail({ network_rtt_ms: 0.985, network_rtt_before_ms: 0.06 });
    const m = metrics({ tps: 8000, p50: 0.225 });
    expect(networkShare(d, m)!.share).toBeCloseTo(0.06 / 0.225, 6);
    expect(networkShareWarning(d, m)).toBeNull();
  });

  it('warns only above half of the median, from the idle round trip', () => {
    const m = metrics({ tps: 1000, p50: 1 });
    expect(networkShareWarning(detail({ network_rtt_before_ms: 0.5 }), m)).toBeNull();
    const w = networkShareWarning(detail({ network_rtt_before_ms: 0.6 }), m);
    expect(w?.code).toBe('network_share');
    expect(w?.message).toContain('0.6 ms');
    expect(w?.message).toContain('60 %');
    // The probe under load plays no part, however slow.
    expect(
      networkShareWarning(detail({ network_rtt_before_ms: 0.1, network_rtt_ms: 50 }), m),
    ).toBeNull();
  });

  it('takes the fastest idle round trip when the run kept it', () => {
    const d = detail({ network_rtt_before_ms: 0.4, network_rtt_before_min_ms: 0.2 });
    expect(networkShare(d, metrics({ tps: 1000, p50: 1 }))!.idleRttMs).toBe(0.2);
    expect(networkShareWarning(d, metrics({ tps: 1000, p50: 1 }))).toBeNull();
  });

  it('never reads as more than the whole latency', () => {
    const w = networkShareWarning(
      detail({ network_rtt_before_ms: 0.3 }),
      metrics({ tps: 1000, p50: 0.25 }),
    );
    expect(w?.message).toContain('is about all of the median latency (0.25 ms)');
  });

  it('counts one round trip per statement of a transaction', () => {
    // 10 statements per transaction × 0.06 ms = 0.6 ms of a 1 ms median.
    const d = detail({ transactions: 100, queries: 1000, network_rtt_before_ms: 0.06 });
    const n = networkShare(d, metrics({ tps: 100, p50: 1 }))!;
    expect(n.roundTripsPerTxn).toBe(10);
    expect(n.share).toBeCloseTo(0.6, 6);
    expect(networkShareWarning(d, metrics({ tps: 100, p50: 1 }))?.message).toContain(
      '10 round trips per transaction',
    );
  });

  it('says nothing without an idle measurement or a median', () => {
    expect(networkShare(detail(), metrics({ tps: 10 }))).toBeNull();
    expect(
      networkShare(detail({ network_rtt_before_ms: 1 }), metrics({ tps: 0, p50: 0 })),
    ).toBeNull();
  });
});

describe('saturation', () => {
  it('flags an open-loop run that reached too little of its target, with both rates', () => {
    const w = saturationWarnings(
      { rate: 15_000 },
      metrics({ tps: 8100 }),
      detail({ transactions: 81_000 }),
    );
    expect(w).toHaveLength(1);
    expect(w[0]!.code).toBe('saturated');
    expect(w[0]!.message).toContain('8,100 of the 15,000 tx/s');
  });

  it('lets a run that kept its rate (within noise) pass', () => {
    expect(
      saturationWarnings({ rate: 1000 }, metrics({ tps: 985 }), detail({ transactions: 9850 })),
    ).toEqual([]);
    // 3 Poisson sigmas of 100 expected arrivals is 30 %: 80 of 100 is noise.
    expect(
      saturationWarnings({ rate: 100 }, metrics({ tps: 80 }), detail({ transactions: 80 })),
    ).toEqual([]);
    expect(saturationWarnings({}, metrics({ tps: 10 }), detail())).toEqual([]);
  });

  it('counts failed transactions as served arrivals', () => {
    expect(
      saturationWarnings(
        { rate: 1000 },
        metrics({ tps: 500, errors: 5000 }),
        detail({ transactions: 5000 }),
      ),
    ).toEqual([]);
  });

  it('flags a growing schedule lag even when the count came close', () => {
    const w = saturationWarnings(
      { rate: 1000 },
      metrics({ tps: 990 }),
      detail({
        transactions: 9900,
        saturated: true,
        target_rate: 1000,
        schedule_lag: lat(800),
      }),
    );
    expect(w[0]!.message).toMatch(/schedule lag kept growing/);
  });

  it('judges each stage against its own rate', () => {
    const w = saturationWarnings(
      {
        stages: [
          { duration: 10, rate: 100 },
          { duration: 10, rate: 5000 },
        ],
      },
      metrics({ tps: 1000 }),
      detail({
        transactions: 20_000,
        stages: [
          { index: 0, threads: 4, rate: 100, metrics: metrics({ tps: 100 }) },
          { index: 1, threads: 4, rate: 5000, metrics: metrics({ tps: 1900 }) },
        ],
      }),
    );
    expect(w.map((x) => x.message.slice(0, 8))).toEqual(['Stage 2 ']);
  });
});

describe('outages', () => {
  it('finds the stretches of intervals without throughput, warm-up left out', () => {
    const o = outageOf(intervals([0, 50, 50, 0, 0, 50, 0], 1), closed)!;
    expect(o).toEqual({
      empty: 3,
      total: 6,
      ranges: [
        { from: 2, to: 4 },
        { from: 5, to: 6 },
      ],
      untilEnd: true,
    });
  });

  it('fails the run of the issue: 14 of 20 intervals at zero, with when it began', () => {
    const j = judgeRun(
      closed,
      metrics({ tps: 30 }),
      detail(),
      intervals([...Array<number>(6).fill(100), ...Array<number>(14).fill(0)]),
      Date.parse('2026-12-06T15:02:00Z'),
    );
    // Whole instants: each reader names them in its own zone (the UI: local time with the zone).
    expect(j.failure).toContain('from 6 s to 20 s (2026-12-06T15:02:06Z–2026-12-06T15:02:20Z)');
    expect(j.failure).toContain('14 of 20 measured intervals');
    expect(j.failure).toContain('had not come back');
    expect(j.warnings.map((w) => w.code)).toEqual(['database_unavailable']);
  });

  it('leaves a partial outage as a warning, and the threshold is the run’s to set', () => {
    const tps = [100, 100, 0, 0, 0, 100, 100, 100, 100, 100];
    const partial = judgeRun(closed, metrics({ tps: 70 }), detail(), intervals(tps), null);
    expect(partial.failure).toBeNull();
    expect(partial.warnings[0]!.message).toMatch(/from 2 s to 5 s: 3 of 10/);
    const strict = judgeRun(
      { ...closed, outage_fail_share: 0.2 },
      metrics({ tps: 70 }),
      detail(),
      intervals(tps),
      null,
    );
    expect(strict.failure).not.toBeNull();
  });

  it('does not count empty intervals of an open loop that asked for less than a few per interval', () => {
    expect(outageOf(intervals([0, 1, 0, 0]), { ...closed, rate: 2 })).toBeNull();
    expect(outageOf(intervals([0, 40, 0, 0]), { ...closed, rate: 50 })?.empty).toBe(3);
  });

  it('gives every caveat of a run at once', () => {
    const j = judgeRun(
      { ...closed, rate: 10_000 },
      metrics({ tps: 2000, p50: 0.2 }),
      detail({ transactions: 20_000, queries: 20_000, network_rtt_before_ms: 0.15 }),
      intervals(Array<number>(10).fill(2000)),
      null,
    );
    expect(j.warnings.map((w) => w.code)).toEqual(['saturated', 'network_share']);
    expect(j.failure).toBeNull();
  });
});
