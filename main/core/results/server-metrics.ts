// Runs in the main process, server and CLI. The database's and its server host's figures over a
// run, aligned to the run's report intervals (min/avg/max per interval and figure) rather than
// to its end time. Computed from the per-connection series while their raw seconds are kept, and
// saved with the run when it ends, so a run keeps them after the raw samples are pruned.
import type { RunServerMetrics, ServerIntervalFigures } from '../../../shared/contract/results';
import type { SeriesStore } from '../db-metrics/store';
import type { Db } from '../store/database';

export interface IntervalWindow {
  /** The interval's `t`: seconds from the start of measurement to its end. */
  t: number;
  from: number;
  to: number;
}

type Values = Record<string, number | null | undefined>;

/** Min/avg/max of each figure over the samples inside each window (from, to]. */
export function alignToIntervals(
  samples: { ts: number; values: Values }[],
  windows: IntervalWindow[],
): ServerIntervalFigures[] {
  const out: ServerIntervalFigures[] = [];
  let i = 0;
  const sorted = [...samples].sort((a, b) => a.ts - b.ts);
  for (const w of windows) {
    while (i < sorted.length && sorted[i]!.ts <= w.from) i += 1;
    const acc: Record<string, { min: number; max: number; sum: number; n: number }> = {};
    for (let j = i; j < sorted.length && sorted[j]!.ts <= w.to; j += 1)
      for (const [k, v] of Object.entries(sorted[j]!.values)) {
        if (v === null || v === undefined) continue;
        const a = (acc[k] ??= { min: v, max: v, sum: 0, n: 0 });
        a.min = Math.min(a.min, v);
        a.max = Math.max(a.max, v);
        a.sum += v;
        a.n += 1;
      }
    const values = Object.fromEntries(
      Object.entries(acc).map(([k, a]) => [k, { min: a.min, avg: a.sum / a.n, max: a.max }]),
    );
    if (Object.keys(values).length > 0) out.push({ t: w.t, values });
  }
  return out;
}

/**
 * Where each interval lies in time: `at` is when its report was saved, a little after it ended;
 * the least delayed report fixes the start of measurement, and each interval is the report
 * interval before its `t`.
 */
export function intervalWindows(
  rows: { t: number; at: string | null }[],
  intervalMs: number,
): IntervalWindow[] {
  const starts = rows
    .filter((r) => r.at !== null)
    .map((r) => Date.parse(r.at!) - r.t * 1000)
    .filter(Number.isFinite);
  if (starts.length === 0) return [];
  const start = Math.min(...starts);
  return rows.map((r) => ({
    t: r.t,
    from: start + r.t * 1000 - intervalMs,
    to: start + r.t * 1000,
  }));
}

const EMPTY: RunServerMetrics = { database: [], host: [] };

export class RunServerMetricsStore {
  constructor(
    private readonly db: Db,
    private readonly series: { database: SeriesStore; host: SeriesStore },
  ) {}

  /** The saved figures of a finished run, else what the raw samples still give. */
  get(runId: string): RunServerMetrics {
    const saved = this.db
      .prepare('SELECT data FROM run_server_metrics WHERE run_id = ?')
      .get(runId) as { data: string } | undefined;
    return saved ? (JSON.parse(saved.data) as RunServerMetrics) : this.compute(runId);
  }

  /** Saves the run's figures (called when it ends); a run with none saves nothing. */
  save(runId: string): void {
    const figures = this.compute(runId);
    if (figures.database.length === 0 && figures.host.length === 0) return;
    this.db
      .prepare('INSERT OR REPLACE INTO run_server_metrics (run_id, data) VALUES (?, ?)')
      .run(runId, JSON.stringify(figures));
  }

  private compute(runId: string): RunServerMetrics {
    const run = this.db
      .prepare('SELECT connection_id, config FROM bench_runs WHERE id = ?')
      .get(runId) as { connection_id: string; config: string } | undefined;
    if (!run) return EMPTY;
    const intervalMs =
      (JSON.parse(run.config) as { report_interval_ms?: number }).report_interval_ms ?? 1000;
    const rows = this.db
      .prepare(
        "SELECT json_extract(data, '$.t') AS t, at FROM bench_intervals WHERE run_id = ? ORDER BY seq",
      )
      .all(runId) as { t: number; at: string | null }[];
    const windows = intervalWindows(rows, intervalMs);
    const first = windows[0];
    const last = windows.at(-1);
    if (!first || !last) return EMPTY;
    const read = (store: SeriesStore) =>
      alignToIntervals(store.samplesBetween(run.connection_id, first.from, last.to), windows);
    return { database: read(this.series.database), host: read(this.series.host) };
  }
}
