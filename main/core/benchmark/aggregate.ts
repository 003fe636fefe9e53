// Runs in the main process, server and CLI. Merges the workers' interval histograms exactly (never
// averaging percentiles) into interval figures and the run's cumulative measured totals.
import {
  ERROR_CLASSES,
  type ErrorClass,
  type Latency,
  type RunDetail,
  type RunInterval,
  type RunMetrics,
} from '../../../shared/contract/benchmarks';
import {
  decodeHistogram,
  encodeHistogram,
  type Histogram,
  latencyOf,
  newHistogram,
} from './histogram';
import type { IntervalStats, Series as WireSeries } from './protocol';

/** One histogram holding every value of the encoded ones: bucket counts add up, so percentiles are exact. */
export function mergeEncoded(
  encoded: readonly string[],
  into: Histogram = newHistogram(),
): Histogram {
  for (const e of encoded) into.add(decodeHistogram(e));
  return into;
}

interface Series {
  hist: Histogram;
  sumUs: number;
  maxUs: number;
}
const series = (): Series => ({ hist: newHistogram(), sumUs: 0, maxUs: 0 });

/** Adds encoded parts into `into` (or a fresh series). */
function mergeSeries(parts: readonly WireSeries[], into: Series = series()): Series {
  mergeEncoded(
    parts.map((p) => p.hist),
    into.hist,
  );
  for (const p of parts) {
    into.sumUs += p.sumUs;
    if (p.maxUs > into.maxUs) into.maxUs = p.maxUs;
  }
  return into;
}

const lat = (s: Series): Latency => latencyOf(s.hist, s.sumUs, s.maxUs);
const zeroErrors = (): Record<ErrorClass, number> =>
  Object.fromEntries(ERROR_CLASSES.map((c) => [c, 0])) as Record<ErrorClass, number>;

const DISTRIBUTION = [0, 10, 25, 50, 75, 90, 95, 99, 99.9, 99.99, 100];

export interface IntervalExtras {
  warmup: boolean;
  t: number;
  threads: number;
  stage: number;
  networkRttMs: number | null;
  serverCounters: Record<string, number>;
}

export class RunAggregator {
  private readonly total = series();
  private readonly service: Series | null;
  private readonly lag: Series | null;
  private readonly byTxn = new Map<string, Series>();
  private readonly byClass = new Map<string, Series>();
  private txns = 0;
  private queries = 0;
  private failed = 0;
  private retries = 0;
  private reconnects = 0;
  private overheadUs = 0;
  private overheadCount = 0;
  private readonly errors = zeroErrors();
  private readonly firstErrors: Partial<Record<ErrorClass, string>> = {};
  private measuredMs = 0;
  private readonly lagP99s: number[] = [];
  /** Round trips of the probe under load, as they arrived (late ones included). */
  private readonly probeRtts: number[] = [];

  constructor(
    openLoop: boolean,
    private readonly targetRate: number | null,
  ) {
    this.service = openLoop ? series() : null;
    this.lag = openLoop ? series() : null;
  }

  /** Figures of one interval; measured intervals also go into the run's totals. */
  add(parts: readonly IntervalStats[], x: IntervalExtras): RunInterval {
    const total = mergeSeries(parts);
    const lag = this.lag ? mergeSeries(parts.flatMap((p) => (p.lag ? [p.lag] : []))) : null;
    const startMs = Math.min(...parts.map((p) => p.startMs));
    const endMs = Math.max(...parts.map((p) => p.endMs));
    const seconds = Math.max(endMs - startMs, 1) / 1000;
    const sum = (f: (p: IntervalStats) => number) => parts.reduce((a, p) => a + f(p), 0);
    const errors = zeroErrors();
    for (const p of parts) for (const c of ERROR_CLASSES) errors[c] += p.errors[c];
    const interval: RunInterval = {
      t: Math.round(x.t * 1000) / 1000,
      warmup: x.warmup,
      qps: sum((p) => p.queries) / seconds,
      tps: sum((p) => p.txns) / seconds,
      latency: lat(total),
      errors: sum((p) => p.failed),
      errors_by_class: errors,
      retries: sum((p) => p.retries),
      reconnects: sum((p) => p.reconnects),
      threads: x.threads,
      stage: x.stage,
      lag_p99: lag ? lat(lag).p99 : null,
      network_rtt_ms: x.networkRttMs,
      server_counters: x.serverCounters,
    };
    if (x.networkRttMs !== null) this.probeRtts.push(x.networkRttMs);
    if (x.warmup) return interval;

    mergeSeries(parts, this.total);
    if (this.service)
      mergeSeries(
        parts.flatMap((p) => (p.service ? [p.service] : [])),
        this.service,
      );
    if (this.lag && lag) {
      mergeSeries(
        parts.flatMap((p) => (p.lag ? [p.lag] : [])),
        this.lag,
      );
      this.lagP99s.push(interval.lag_p99 ?? 0);
    }
    for (const p of parts) {
      for (const [parts, into] of [
        [p.byTxn, this.byTxn],
        [p.byClass, this.byClass],
      ] as const) {
        for (const t of parts) {
          const s = into.get(t.name) ?? series();
          mergeSeries([t], s);
          into.set(t.name, s);
        }
      }
      for (const c of ERROR_CLASSES) {
        const first = p.firstErrors[c];
        if (first !== undefined) this.firstErrors[c] ??= first;
      }
    }
    this.txns += sum((p) => p.txns);
    this.queries += sum((p) => p.queries);
    this.failed += interval.errors;
    this.retries += interval.retries;
    this.reconnects += interval.reconnects;
    for (const p of parts) {
      this.overheadUs += p.overheadUs ?? 0;
      this.overheadCount += p.overheadCount ?? 0;
    }
    for (const c of ERROR_CLASSES) this.errors[c] += errors[c];
    this.measuredMs += endMs - startMs;
    return interval;
  }

  /** A probe that answered after its interval went out still counts towards the median. */
  lateProbe(rttMs: number): void {
    this.probeRtts.push(rttMs);
  }

  private probeMedian(): number | null {
    if (this.probeRtts.length === 0) return null;
    const sorted = [...this.probeRtts].sort((a, b) => a - b);
    return sorted[Math.floor((sorted.length - 1) / 2)]!;
  }

  metrics(): RunMetrics {
    const seconds = this.measuredMs / 1000;
    return {
      qps: seconds > 0 ? this.queries / seconds : 0,
      tps: seconds > 0 ? this.txns / seconds : 0,
      latency: lat(this.total),
      errors: this.failed,
    };
  }

  /** Saturated: the schedule lag p99 rose through the last three intervals and passed a second. */
  private saturated(): boolean {
    const last = this.lagP99s.slice(-3);
    return last.length === 3 && last[0]! < last[1]! && last[1]! < last[2]! && last[2]! > 1000;
  }

  detail(): RunDetail {
    const maybe = (s: Series | null): Latency | null => (s ? lat(s) : null);
    return {
      transactions: this.txns,
      queries: this.queries,
      retries: this.retries,
      reconnects: this.reconnects,
      errors_by_class: { ...this.errors },
      first_errors: { ...this.firstErrors },
      service_latency: maybe(this.service),
      schedule_lag: maybe(this.lag),
      target_rate: this.targetRate,
      saturated: this.saturated(),
      network_rtt_ms: this.probeMedian(),
      client_overhead_ms:
        this.overheadCount > 0 ? Math.round(this.overheadUs / this.overheadCount) / 1000 : null,
      percentiles:
        this.total.hist.totalCount === 0
          ? []
          : DISTRIBUTION.map((p) => ({
              p,
              ms: Math.round(this.total.hist.getValueAtPercentile(p)) / 1000,
            })),
      by_transaction: Object.fromEntries(
        [...this.byTxn].map(([name, s]) => [name, { count: s.hist.totalCount, latency: lat(s) }]),
      ),
      stages: [],
      network_rtt_before_ms: null,
      network_rtt_before_min_ms: null,
      by_statement: Object.fromEntries(
        [...this.byClass].map(([name, s]) => [name, { count: s.hist.totalCount, latency: lat(s) }]),
      ),
    };
  }

  encodedHistogram(): string {
    return encodeHistogram(this.total.hist);
  }
}
