// Runs in the main process, server and CLI. The caveats about a run's figures, as pure functions
// of what the run recorded: the run view, the API, the CLI, exports and the HTML report all read
// the list these produce, so the same run always gets the same words and numbers.
import type {
  RunDetail,
  RunInterval,
  RunMetrics,
  RunStart,
  RunWarning,
} from '../../../shared/contract/benchmarks';

/** The achieved rate may fall this far below the target (and three Poisson sigmas) before it counts. */
const RATE_TOLERANCE = 0.05;
/** Share of empty measured intervals above which an outage fails the run, unless the run says. */
export const DEFAULT_OUTAGE_FAIL_SHARE = 0.5;
/** Below this many transactions expected per interval an empty interval is not an outage. */
const MIN_EXPECTED_PER_INTERVAL = 5;

const fmt = (v: number, digits = 0) =>
  v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
const fmtMs = (v: number) => `${fmt(v, 3)} ms`;

export interface NetworkShare {
  /** Idle round trip before the run: the fastest (the median for runs that kept no minimum), ms. */
  idleRttMs: number;
  /** Round trips one transaction makes (statements per transaction). */
  roundTripsPerTxn: number;
  /** Median transaction latency, milliseconds. */
  medianMs: number;
  /** idleRttMs × roundTripsPerTxn / medianMs. */
  share: number;
}

/**
 * How much of the median latency the network accounts for, from the idle round trip measured
 * before the run (never the probe under load, which queues behind the benchmark's own traffic).
 * The fastest round trip is the network's floor: anything above it is time spent elsewhere.
 * Like with like: a transaction of n statements pays n round trips.
 */
export function networkShare(detail: RunDetail, metrics: RunMetrics): NetworkShare | null {
  const idle = detail.network_rtt_before_min_ms ?? detail.network_rtt_before_ms;
  const median = metrics.latency.p50;
  if (idle === null || idle <= 0 || median <= 0 || detail.transactions <= 0) return null;
  const trips = Math.max(1, detail.queries / detail.transactions);
  return {
    idleRttMs: idle,
    roundTripsPerTxn: trips,
    medianMs: median,
    share: (idle * trips) / median,
  };
}

/** A warning when the network is more than half of the median latency. */
export function networkShareWarning(detail: RunDetail, metrics: RunMetrics): RunWarning | null {
  const n = networkShare(detail, metrics);
  if (!n || n.share <= 0.5) return null;
  const trips =
    n.roundTripsPerTxn > 1.0001
      ? `${fmt(n.roundTripsPerTxn, 1)} round trips per transaction × ${fmtMs(n.idleRttMs)}`
      : fmtMs(n.idleRttMs);
  // Above 100 % the round trip is the whole latency (and the rest is measurement noise).
  const part = n.share >= 1 ? 'about all' : `${fmt(n.share * 100)} %`;
  return {
    code: 'network_share',
    message: `The network round trip measured on an idle connection before the run (${trips}) is ${part} of the median latency (${fmtMs(n.medianMs)}): these figures mostly measure the network.`,
  };
}

/** Seconds of measurement a transaction count covers, from the run's own rate. */
const measuredSeconds = (transactions: number, tps: number) =>
  tps > 0 ? transactions / tps : null;

/** Achieved against asked: short by more than 5 % and more than Poisson noise explains. */
function shortOf(target: number, achieved: number, seconds: number): boolean {
  const expected = target * seconds;
  const noise = expected > 0 ? 3 / Math.sqrt(expected) : 1;
  return achieved < target * (1 - Math.max(RATE_TOLERANCE, noise));
}

/**
 * Open loop: the run (or a stage of it) could not keep the rate asked for, or its schedule lag
 * kept growing. Completed and failed transactions both count as served arrivals.
 */
export function saturationWarnings(
  config: Pick<RunStart, 'rate' | 'stages'>,
  metrics: RunMetrics,
  detail: RunDetail,
): RunWarning[] {
  const out: RunWarning[] = [];
  const check = (label: string, target: number, m: RunMetrics, transactions: number) => {
    const seconds = measuredSeconds(transactions, m.tps);
    if (seconds === null) return false;
    const achieved = (transactions + m.errors) / seconds;
    if (!shortOf(target, achieved, seconds)) return false;
    out.push({
      code: 'saturated',
      message: `${label}reached ${fmt(achieved, achieved < 100 ? 1 : 0)} of the ${fmt(target, 1)} tx/s asked for (${fmt((achieved / target) * 100)} %): the client or the server could not keep up, so the latencies include queueing.`,
    });
    return true;
  };
  if (config.rate !== undefined) check('The run ', config.rate, metrics, detail.transactions);
  for (const s of detail.stages) {
    if (s.rate === null) continue;
    const seconds = config.stages?.[s.index]?.duration;
    const txns = seconds !== undefined ? Math.round(s.metrics.tps * seconds) : 0;
    check(`Stage ${s.index + 1} `, s.rate, s.metrics, txns);
  }
  if (out.length === 0 && detail.saturated && detail.schedule_lag) {
    out.push({
      code: 'saturated',
      message: `The schedule lag kept growing (p99 ${fmtMs(detail.schedule_lag.p99)}, max ${fmtMs(detail.schedule_lag.max)}) at a target of ${fmt(detail.target_rate ?? 0, 1)} tx/s: the run is saturated, so the latencies include queueing.`,
    });
  }
  return out;
}

export interface Outage {
  /** Measured intervals with no throughput, and all measured intervals. */
  empty: number;
  total: number;
  /** Each stretch of empty intervals, seconds since the measurement began. */
  ranges: { from: number; to: number }[];
  /** Whether the last stretch lasted until the end of the run. */
  untilEnd: boolean;
}

/**
 * Measured intervals without a single transaction, in stretches. An open-loop run asked for so
 * few transactions that an interval may be empty by chance is not judged.
 */
export function outageOf(
  intervals: readonly RunInterval[],
  config: Pick<RunStart, 'rate' | 'report_interval_ms'>,
): Outage | null {
  const step = config.report_interval_ms / 1000;
  if (config.rate !== undefined && config.rate * step < MIN_EXPECTED_PER_INTERVAL) return null;
  const measured = intervals.filter((i) => !i.warmup);
  const ranges: Outage['ranges'] = [];
  let empty = 0;
  let open: { from: number; to: number } | null = null;
  for (const i of measured) {
    if (i.tps > 0) {
      open = null;
      continue;
    }
    empty++;
    if (open) open.to = i.t;
    else {
      open = { from: Math.max(0, Math.round((i.t - step) * 1000) / 1000), to: i.t };
      ranges.push(open);
    }
  }
  if (empty === 0) return null;
  const last = measured.at(-1);
  return { empty, total: measured.length, ranges, untilEnd: last !== undefined && last.tps <= 0 };
}

/**
 * "from 6 s to 20 s (2026-12-07T15:02:06Z–2026-12-07T15:02:20Z)", with the instants when the
 * start is known: whole ISO instants, so every reader can name them in its own zone (the UI shows
 * local times with the zone through its one formatter; the CLI and report keep them in UTC).
 */
function stretch(r: { from: number; to: number }, measureStartMs: number | null): string {
  const instant = (s: number) =>
    new Date(measureStartMs! + s * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const at = measureStartMs === null ? '' : ` (${instant(r.from)}–${instant(r.to)})`;
  return `from ${fmt(r.from, 3)} s to ${fmt(r.to, 3)} s${at}`;
}

/** The outage as one sentence; `failShare` decides whether it fails the run. */
export function outageVerdict(
  outage: Outage,
  failShare: number,
  measureStartMs: number | null,
): { fails: boolean; warning: RunWarning } {
  const shown = outage.ranges.slice(0, 3).map((r) => stretch(r, measureStartMs));
  const more = outage.ranges.length > 3 ? ` and ${outage.ranges.length - 3} more times` : '';
  const share = outage.empty / outage.total;
  const end = outage.untilEnd ? ', and it had not come back when the run ended' : '';
  return {
    fails: share > failShare,
    warning: {
      code: 'database_unavailable',
      message: `The database did not answer ${shown.join(', ')}${more}${end}: ${outage.empty} of ${outage.total} measured intervals had no throughput (${fmt(share * 100)} %; above ${fmt(failShare * 100)} % the run fails).`,
    },
  };
}

export interface RunJudgement {
  warnings: RunWarning[];
  /** Set when the outage share fails the run: the reason, for the run's message. */
  failure: string | null;
}

/** Every caveat of a run, in a stable order, and whether an outage fails it. */
export function judgeRun(
  config: Pick<RunStart, 'rate' | 'stages' | 'report_interval_ms' | 'outage_fail_share'>,
  metrics: RunMetrics,
  detail: RunDetail,
  intervals: readonly RunInterval[],
  measureStartMs: number | null,
): RunJudgement {
  const warnings: RunWarning[] = [];
  let failure: string | null = null;
  const outage = outageOf(intervals, config);
  if (outage) {
    const failShare = config.outage_fail_share ?? DEFAULT_OUTAGE_FAIL_SHARE;
    const v = outageVerdict(outage, failShare, measureStartMs);
    warnings.push(v.warning);
    if (v.fails) failure = v.warning.message;
  }
  // An outage's empty intervals are not saturation: they are judged apart.
  if (!outage) warnings.push(...saturationWarnings(config, metrics, detail));
  const network = networkShareWarning(detail, metrics);
  if (network) warnings.push(network);
  return { warnings, failure };
}
