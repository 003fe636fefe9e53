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

export interface Series {
  hist: Histogram;
  sumUs: number;
  maxUs: number;
}
const series = (): Series => ({ hist: newHistogram(), sumUs: 0, maxUs: 0 });

/** One series holding every value of the encoded parts; a single part is decoded, not copied. */
function mergeSeries(parts: readonly WireSeries[]): Series {
  const [only] = parts;
  if (parts.length === 1 && only)
    return { hist: decodeHistogram(only.hist), sumUs: only.sumUs, maxUs: only.maxUs };
  const into = series();
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

/** Adds `from`'s values into `into`: bucket counts add up, so the result stays exact. */
function addSeries(into: Series, from: Series): void {
  into.hist.add(from.hist);
  into.sumUs += from.sumUs;
  if (from.maxUs > into.maxUs) into.maxUs = from.maxUs;
}

/** Each named series (per transaction, per statement class) merged over the parts. */
function mergeNamed(named: readonly (WireSeries & { name: string })[]): Map<string, Series> {
  const byName = new Map<string, (WireSeries & { name: string })[]>();
  for (const t of named) {
    const same = byName.get(t.name);
    if (same) same.push(t);
    else byName.set(t.name, [t]);
  }
  return new Map([...byName].map(([name, ts]) => [name, mergeSeries(ts)]));
}

/**
 * One interval's parts (a worker's or an agent's each) with every latency series decoded and
 * merged once. The run's aggregator and its stage's both read it; neither changes it. Decoding
 * is what an interval costs the main process (inflating, and a fresh histogram of some 100 KB
 * for each series), so it happens once however many aggregators there are.
 */
export interface MergedInterval {
  parts: readonly IntervalStats[];
  total: Series;
  service: Series | null;
  lag: Series | null;
  byTxn: Map<string, Series>;
  byClass: Map<string, Series>;
}

export function mergeInterval(parts: readonly IntervalStats[]): MergedInterval {
  const some = (xs: readonly (WireSeries | null)[]) => {
    const present = xs.filter((x): x is WireSeries => x !== null);
    return present.length > 0 ? mergeSeries(present) : null;
  };
  return {
    parts,
    total: mergeSeries(parts),
    service: some(parts.map((p) => p.service)),
    lag: some(parts.map((p) => p.lag)),
    byTxn: mergeNamed(parts.flatMap((p) => p.byTxn)),
    byClass: mergeNamed(parts.flatMap((p) => p.byClass)),
  };
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
  add(merged: MergedInterval, x: IntervalExtras): RunInterval {
    const { parts } = merged;
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
      latency: lat(merged.total),
      errors: sum((p) => p.failed),
      errors_by_class: errors,
      retries: sum((p) => p.retries),
      reconnects: sum((p) => p.reconnects),
      threads: x.threads,
      stage: x.stage,
      // An open-loop interval whose parts carried no lag had none: 0, as an empty histogram reads.
      lag_p99: this.lag ? (merged.lag ? lat(merged.lag).p99 : 0) : null,
      network_rtt_ms: x.networkRttMs,
      server_counters: x.serverCounters,
    };
    if (x.networkRttMs !== null) this.probeRtts.push(x.networkRttMs);
    if (x.warmup) return interval;

    addSeries(this.total, merged.total);
    if (this.service && merged.service) addSeries(this.service, merged.service);
    if (this.lag && merged.lag) {
      addSeries(this.lag, merged.lag);
      this.lagP99s.push(interval.lag_p99 ?? 0);
    }
    for (const [from, into] of [
      [merged.byTxn, this.byTxn],
      [merged.byClass, this.byClass],
    ] as const) {
      for (const [name, s] of from) {
        const mine = into.get(name) ?? series();
        addSeries(mine, s);
        into.set(name, mine);
      }
    }
    for (const p of parts) {
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
