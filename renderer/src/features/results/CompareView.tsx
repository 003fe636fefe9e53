// Runs in the renderer. A comparison of two or more runs: the baseline picker, the summary table
// with deltas, the charts, "why is B different?", repetitions when there are any, and the report.
import { useEffect, useId, useRef } from 'react';
import { useStore } from 'zustand';
import { useStaged } from '../../components/use-staged';
import { downloadFile } from '../../components/download-file';
import type { ResultsStore } from '../../stores/results-store';
import { ComparisonCharts } from './ComparisonCharts';
import { CompareStatements } from './CompareStatements';
import { DiffList } from './DiffList';
import { distinctLabels } from './format';
import { RepetitionsTable } from './RepetitionsTable';
import { SummaryTable } from './SummaryTable';

export function CompareView({ store }: { store: ResultsStore }) {
  const comparison = useStore(store, (s) => s.comparison);
  const comparing = useStore(store, (s) => s.comparing);
  const error = useStore(store, (s) => s.compareError);
  const compare = useStore(store, (s) => s.compare);
  const close = useStore(store, (s) => s.closeComparison);
  const report = useStore(store, (s) => s.report);
  const baselineId = useId();
  const ref = useRef<HTMLElement>(null);
  const shown = comparison?.runs.map((r) => r.id).join(',');
  useEffect(() => {
    if (!shown) return;
    // A new comparison opens below the list (or from a run's page): bring it into view. In the
    // next frame, whose layout it then reuses: scrolling now would lay the page out inside the
    // task that rendered it, one long task instead of two.
    const frame = requestAnimationFrame(() => ref.current?.scrollIntoView({ block: 'start' }));
    return () => cancelAnimationFrame(frame);
  }, [shown]);

  // The charts one group at a time, then the tables below them, each in a task of its own (see
  // useStaged): one chain of stages, so no two groups are rendered in the same task.
  const stage = useStaged(4, shown);
  if (!comparison && !comparing && !error) return null;

  const downloadReport = async () => {
    const file = await report();
    if (file) downloadFile(file.content, file.filename, file.mediaType);
  };

  return (
    <section
      ref={ref}
      className="bench-card results-compare"
      aria-labelledby="results-compare-title"
      aria-busy={comparing}
      data-testid="comparison"
    >
      <header className="results-compare-head">
        <h2 id="results-compare-title">Comparison</h2>
        {comparison && (
          <div className="results-compare-actions">
            <label htmlFor={baselineId} className="field-label">
              Baseline
            </label>
            <select
              id={baselineId}
              className="select"
              value={comparison.baseline_id}
              disabled={comparing}
              onChange={(e) => void compare(e.target.value)}
            >
              {distinctLabels(comparison.runs.map((r) => r.label)).map((label, i) => (
                <option key={comparison.runs[i]!.id} value={comparison.runs[i]!.id}>
                  {label}
                </option>
              ))}
            </select>
            <button type="button" className="btn" onClick={() => void downloadReport()}>
              Download report
            </button>
            <button type="button" className="btn btn-ghost" onClick={close}>
              Close
            </button>
          </div>
        )}
      </header>
      {comparing && (
        <p className="loading" role="status">
          <span className="spinner" aria-hidden="true" /> Comparing…
        </p>
      )}
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      {comparison && (
        <>
          <SummaryTable comparison={comparison} />
          {stage >= 1 && <ComparisonCharts comparison={comparison} stage={stage - 1} />}
          {stage >= 4 && comparison.repetitions && (
            <section aria-labelledby="results-reps-title" className="results-section">
              <h3 id="results-reps-title">Repeated runs</h3>
              <RepetitionsTable repetitions={comparison.repetitions} />
            </section>
          )}
          {stage >= 4 && (
            <>
              <section aria-labelledby="results-diff-title" className="results-section">
                <h3 id="results-diff-title">Why is it different?</h3>
                <DiffList comparison={comparison} />
              </section>
              <CompareStatements comparison={comparison} />
            </>
          )}
        </>
      )}
    </section>
  );
}
