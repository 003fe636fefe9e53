// Runs in the main process, server and CLI. The delta between two statement snapshots and the
// report a person reads: top statements by time, new ones, and those whose mean time grew.
import type { StatementCounters } from './statement-stats';

export interface StatementDelta {
  key: string;
  text: string;
  calls: number;
  total_ms: number;
  mean_ms: number;
  /** Mean time per call in the previous window; null for a new statement. */
  previous_mean_ms: number | null;
  max_ms: number;
  rows: number;
  blks_hit: number | null;
  blks_read: number | null;
}

export interface StatementReport {
  /** Statements that ran in the window, by total time. */
  top: StatementDelta[];
  /** Statements not in the previous snapshot. */
  new_statements: StatementDelta[];
  /** Statements whose mean time grew past the threshold. */
  slower: (StatementDelta & { growth_percent: number })[];
  statements: number;
  total_ms: number;
}

/**
 * What each statement did between the snapshots. A statement whose counters went backwards was
 * reset (pg_stat_statements_reset, a restart): its whole current count is the window.
 */
export function delta(
  before: readonly StatementCounters[],
  after: readonly StatementCounters[],
  earlier: ReadonlyMap<string, number> = new Map(),
): StatementDelta[] {
  const prev = new Map(before.map((s) => [s.key, s]));
  const out: StatementDelta[] = [];
  for (const s of after) {
    const p = prev.get(s.key);
    const reset = p !== undefined && s.calls < p.calls;
    const base = p && !reset ? p : undefined;
    const calls = s.calls - (base?.calls ?? 0);
    if (calls <= 0) continue;
    const total = s.total_ms - (base?.total_ms ?? 0);
    out.push({
      key: s.key,
      text: s.text,
      calls,
      total_ms: total,
      mean_ms: total / calls,
      previous_mean_ms: earlier.get(s.key) ?? (p && p.calls > 0 ? p.total_ms / p.calls : null),
      max_ms: s.max_ms,
      rows: s.rows - (base?.rows ?? 0),
      blks_hit: s.blks_hit === null ? null : s.blks_hit - (base?.blks_hit ?? 0),
      blks_read: s.blks_read === null ? null : s.blks_read - (base?.blks_read ?? 0),
    });
  }
  return out.sort((a, b) => b.total_ms - a.total_ms);
}

export function report(
  before: readonly StatementCounters[] | null,
  deltas: readonly StatementDelta[],
  opts: { top: number; slowerPercent: number },
): StatementReport {
  const known = new Set((before ?? []).map((s) => s.key));
  const slower = deltas
    .filter((d) => d.previous_mean_ms !== null && d.previous_mean_ms > 0)
    .map((d) => ({ ...d, growth_percent: (d.mean_ms / d.previous_mean_ms! - 1) * 100 }))
    .filter((d) => d.growth_percent > opts.slowerPercent)
    .sort((a, b) => b.growth_percent - a.growth_percent);
  return {
    top: deltas.slice(0, opts.top),
    new_statements:
      before === null ? [] : deltas.filter((d) => !known.has(d.key)).slice(0, opts.top),
    slower: slower.slice(0, opts.top),
    statements: deltas.length,
    total_ms: deltas.reduce((t, d) => t + d.total_ms, 0),
  };
}
