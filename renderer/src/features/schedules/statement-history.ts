// Runs in the renderer (pure). Each statement's windows across a log_analysis task's executions:
// its mean time and calls in every report up to one execution, oldest first, a gap (null) where
// the statement was not among that report's top statements.
import type { Execution } from '../../../../shared/contract/scheduler';

export interface WindowPoint {
  at: string;
  mean_ms: number;
  calls: number;
}

/** Windows a sparkline shows at most. */
export const HISTORY_WINDOWS = 20;

interface ReportLike {
  top?: { key: string; mean_ms: number; calls: number }[];
}

/**
 * The history of every statement seen in the reports of `executions` (newest first, as the API
 * lists them) up to and including `uptoId`.
 */
export function statementHistory(
  executions: readonly Execution[],
  uptoId: string,
): Map<string, (WindowPoint | null)[]> {
  const from = executions.findIndex((e) => e.id === uptoId);
  const reports = executions
    .slice(Math.max(0, from))
    .flatMap((e) => {
      const r = e.output.report as ReportLike | null | undefined;
      return r && Array.isArray(r.top) ? [{ at: e.started_at, top: r.top }] : [];
    })
    .slice(0, HISTORY_WINDOWS)
    .reverse();
  const out = new Map<string, (WindowPoint | null)[]>();
  reports.forEach((r, i) => {
    for (const s of r.top) {
      let series = out.get(s.key);
      if (!series) {
        series = Array.from({ length: reports.length }, () => null);
        out.set(s.key, series);
      }
      series[i] = { at: r.at, mean_ms: s.mean_ms, calls: s.calls };
    }
  });
  return out;
}
