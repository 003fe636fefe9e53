// Runs in the main process, server and CLI. A run's query analytics: the statement statistics read
// at the start and at the end of the measured window, on a session of their own, each read bounded
// in time. Never throws and never fails the run: whatever goes wrong is recorded as the reason.
import type { RunQueryAnalytics } from '../../../../shared/contract/run-statements';
import type { DbClient } from '../../db/client';
import { delta } from '../../scheduler/statements/analysis';
import {
  isMonitoringQuery,
  StatementStatsUnavailable,
  type StatementCounters,
} from '../../scheduler/statements/statement-stats';
import { errorText } from '../errors';

/** A snapshot that takes longer is given up: the statistics are then unavailable for the run. */
export const SNAPSHOT_TIMEOUT_MS = 2000;
export const TOP_STATEMENTS = 20;

export interface StatementSource {
  /** `pg_stat_statements` or `performance_schema`. */
  name: string;
  /** A session in the run's database (and schema), where the workload's statements are counted. */
  open(): Promise<DbClient>;
  read(client: DbClient): Promise<StatementCounters[]>;
  /** What the statistics leave out of this run, if anything. */
  caveat: string | null;
}

type Snapshot = { at: string; counters: StatementCounters[] } | { error: string };

class TimedOut extends Error {}

/** The promise's value, or a TimedOut rejection after `ms`; the timer never outlives it. */
function bounded<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimedOut(`${what} took longer than ${ms / 1000} s`)), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

const because = (err: unknown): string =>
  err instanceof StatementStatsUnavailable || err instanceof TimedOut
    ? err.message
    : `reading the statement statistics failed: ${errorText(err)}`;

export class StatementWindow {
  private readonly session: Promise<DbClient>;
  private first: Promise<Snapshot> | null = null;
  private last: Promise<Snapshot> | null = null;

  constructor(
    private readonly source: StatementSource,
    private readonly now: () => Date,
    private readonly timeoutMs = SNAPSHOT_TIMEOUT_MS,
  ) {
    const opening = source.open();
    // A session that opens after we gave up on it is closed, not leaked.
    this.session = bounded(opening, timeoutMs, 'opening a session for the statement statistics');
    this.session.catch(() =>
      opening.then(
        (c) => c.close().catch(() => undefined),
        () => undefined,
      ),
    );
  }

  /** The snapshot at the start of the measured window. */
  begin(): void {
    this.first ??= this.snapshot();
  }

  /** The snapshot at its end (after the first, when that one is still being read). */
  end(): void {
    if (!this.first || this.last) return;
    this.last = this.first.then((f) => ('error' in f ? f : this.snapshot()));
  }

  private async snapshot(): Promise<Snapshot> {
    let client: DbClient | null = null;
    try {
      client = await this.session;
      const counters = await bounded(
        this.source.read(client),
        this.timeoutMs,
        `reading ${this.source.name}`,
      );
      return { at: this.now().toISOString(), counters };
    } catch (err) {
      // A read that hangs holds its session: drop it, the window is lost anyway.
      if (err instanceof TimedOut && client) void client.close().catch(() => undefined);
      return { error: because(err) };
    }
  }

  /** The window's statements, or why there are none; closes the session. */
  async result(): Promise<RunQueryAnalytics> {
    this.end();
    const first = await this.first;
    const last = await this.last;
    void this.session.then(
      (c) => c.close().catch(() => undefined),
      () => undefined,
    );
    const none = (reason: string): RunQueryAnalytics => ({
      available: false,
      reason,
      note: this.source.caveat,
      source: this.source.name,
      window_start: first && 'at' in first ? first.at : null,
      window_end: null,
      statements: 0,
      calls: 0,
      total_ms: 0,
      top: [],
    });
    if (!first) return none('The run ended before its measured window began.');
    if ('error' in first) return none(first.error);
    if (!last || 'error' in last) return none(last?.error ?? 'No snapshot at the window’s end.');
    const own = (s: StatementCounters) => !isMonitoringQuery(s.text);
    const deltas = delta(first.counters.filter(own), last.counters.filter(own));
    return {
      available: true,
      reason: null,
      note: this.source.caveat,
      source: this.source.name,
      window_start: first.at,
      window_end: last.at,
      statements: deltas.length,
      calls: deltas.reduce((t, d) => t + d.calls, 0),
      total_ms: deltas.reduce((t, d) => t + d.total_ms, 0),
      top: deltas.slice(0, TOP_STATEMENTS).map((d) => ({
        key: d.key,
        text: d.text,
        calls: d.calls,
        total_ms: d.total_ms,
        mean_ms: d.mean_ms,
        rows: d.rows,
        blks_hit: d.blks_hit,
        blks_read: d.blks_read,
      })),
    };
  }
}
