// Runs in the main process, server and CLI. The statements side of a comparison: each run's query
// analytics matched by normalised text (ids such as queryid change when a table is recreated), with
// every run's mean time per call against the baseline's.
import type { RunBundle } from '../../../shared/contract/results';
import type { StatementComparison } from '../../../shared/contract/run-statements';

/** Rows a comparison lists at most. */
export const COMPARED_STATEMENTS = 20;

const cell = (s: { calls: number; total_ms: number; mean_ms: number }) => ({
  calls: s.calls,
  total_ms: s.total_ms,
  mean_ms: s.mean_ms,
});

export function compareStatements(
  runs: readonly RunBundle[],
  baselineId: string,
): StatementComparison | null {
  const analytics = runs.map((b) => b.query_analytics ?? null);
  // Without statistics anywhere there is nothing to compare; each run's page says why.
  if (analytics.every((a) => !a?.available)) return null;
  const byText = analytics.map((a) => new Map((a?.available ? a.top : []).map((s) => [s.text, s])));
  const base = runs.findIndex((b) => b.run.id === baselineId);
  const baseTop = analytics[base]?.available ? analytics[base].top : [];
  const alone = runs.length === 1;
  const rows = baseTop
    // With others, a statement only the baseline ran has nothing to be compared with.
    .filter((s) => alone || byText.some((m, i) => i !== base && m.has(s.text)))
    .slice(0, COMPARED_STATEMENTS)
    .map((s) => {
      const values = byText.map((m) => {
        const v = m.get(s.text);
        return v ? cell(v) : null;
      });
      return {
        text: s.text,
        values,
        mean_change_percent: values.map((v, i) =>
          i === base || v === null || s.mean_ms <= 0 ? null : (v.mean_ms / s.mean_ms - 1) * 100,
        ),
      };
    });
  return {
    runs: runs.map((b, i) => ({
      run_id: b.run.id,
      available: analytics[i]?.available ?? false,
      reason:
        analytics[i] === null
          ? 'This run kept no statement statistics.'
          : (analytics[i]?.reason ?? null),
    })),
    rows,
  };
}
