// Runs in benchmark workers. One interval's figures for one worker: HDR histograms (µs) and
// counters, handed over encoded and reset at each report so the hot loop allocates nothing.
import { ERROR_CLASSES, type ErrorClass } from '../../../shared/contract/benchmarks';
import { encodeHistogram, type Histogram, newHistogram } from './histogram';
import type { IntervalStats } from './protocol';
import { STATEMENT_CLASSES } from './workloads/spec';

const zeroErrors = (): Record<ErrorClass, number> =>
  Object.fromEntries(ERROR_CLASSES.map((c) => [c, 0])) as Record<ErrorClass, number>;

interface Series {
  hist: Histogram;
  sumUs: number;
  maxUs: number;
}

const series = (): Series => ({ hist: newHistogram(), sumUs: 0, maxUs: 0 });

function record(s: Series, us: number): void {
  s.hist.recordValue(us);
  s.sumUs += us;
  if (us > s.maxUs) s.maxUs = us;
}

export class IntervalRecorder {
  private readonly total = series();
  private readonly service: Series | null;
  private readonly lag: Series | null;
  private readonly byTxn: Series[] | null;
  private readonly byClass: Series[] | null;
  private txns = 0;
  private queries = 0;
  private failed = 0;
  private errors = zeroErrors();
  private firstErrors: Partial<Record<ErrorClass, string>> = {};
  retries = 0;
  reconnects = 0;

  constructor(
    private readonly txnNames: readonly string[],
    openLoop: boolean,
    perClass = false,
  ) {
    this.service = openLoop ? series() : null;
    this.lag = openLoop ? series() : null;
    this.byTxn = txnNames.length > 1 ? txnNames.map(series) : null;
    this.byClass = perClass ? STATEMENT_CLASSES.map(series) : null;
  }

  /** Latencies in µs; `serviceUs` and `lagUs` only matter in open loop. */
  txn(
    txnIndex: number,
    latencyUs: number,
    queries: number,
    serviceUs: number,
    lagUs: number,
  ): void {
    const us = Math.max(1, Math.round(latencyUs));
    record(this.total, us);
    this.txns++;
    this.queries += queries;
    if (this.service && this.lag) {
      record(this.service, Math.max(1, Math.round(serviceUs)));
      record(this.lag, Math.max(0, Math.round(lagUs)));
    }
    const t = this.byTxn?.[txnIndex];
    if (t) record(t, us);
  }

  /** One statement's latency (µs) under its class. */
  statement(cls: number, latencyUs: number): void {
    const s = this.byClass?.[cls];
    if (s) record(s, Math.max(1, Math.round(latencyUs)));
  }

  error(cls: ErrorClass, message: string): void {
    this.failed++;
    this.errors[cls]++;
    this.firstErrors[cls] ??= message;
  }

  flush(index: number, startMs: number, endMs: number): IntervalStats {
    const take = (s: Series) => {
      const out = { sumUs: s.sumUs, maxUs: s.maxUs, hist: encodeHistogram(s.hist) };
      s.hist.reset();
      s.sumUs = 0;
      s.maxUs = 0;
      return out;
    };
    const stats: IntervalStats = {
      index,
      startMs,
      endMs,
      txns: this.txns,
      queries: this.queries,
      failed: this.failed,
      retries: this.retries,
      reconnects: this.reconnects,
      errors: this.errors,
      firstErrors: this.firstErrors,
      ...take(this.total),
      service: this.service ? take(this.service) : null,
      lag: this.lag ? take(this.lag) : null,
      byTxn: this.byTxn
        ? this.byTxn.map((s, i) => ({
            name: this.txnNames[i]!,
            count: s.hist.totalCount,
            ...take(s),
          }))
        : [],
      byClass: this.byClass
        ? this.byClass.flatMap((s, i) =>
            s.hist.totalCount === 0
              ? []
              : [{ name: STATEMENT_CLASSES[i]!, count: s.hist.totalCount, ...take(s) }],
          )
        : [],
    };
    this.txns = 0;
    this.queries = 0;
    this.failed = 0;
    this.retries = 0;
    this.reconnects = 0;
    this.errors = zeroErrors();
    this.firstErrors = {};
    return stats;
  }
}
