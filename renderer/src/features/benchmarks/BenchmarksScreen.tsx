// Runs in the renderer. The Benchmarks screen: New run form and run history on one side, the open
// run (live or finished) on the other; the form folds away once a run starts, so the run has the
// view. The store comes from the screen registry's wiring.
import { useCallback, useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { ACTIVE_STATUSES } from '../../../../shared/contract/benchmarks';
import { ScreenHeader } from '../../app/ScreenHeader';
import type { RunSummary } from '../../../../shared/contract/benchmarks';
import type { BenchmarksStore } from '../../stores/benchmarks-store';
import { runPageHref } from '../results/run-route';
import { DeleteRunDialog } from './DeleteRunDialog';
import { FoldingCard } from './FoldingCard';
import { NewRunForm } from './NewRunForm';
import { RunView } from './RunView';
import { countOf } from '../../components/figure-format';
import { shortTime, statusLabel, workloadLabel } from './workload-defaults';
import './benchmarks.css';

const anyActive = (runs: readonly RunSummary[]) =>
  runs.some((r) => ACTIVE_STATUSES.includes(r.status));

function History({ store }: { store: BenchmarksStore }) {
  const runs = useStore(store, (s) => s.runs);
  const openRun = useStore(store, (s) => s.openRun);
  const remove = useStore(store, (s) => s.remove);
  const openId = useStore(store, (s) => s.open?.run.id);
  const [deleting, setDeleting] = useState<RunSummary | null>(null);
  if (runs.length === 0) return <p className="bench-empty">No runs yet.</p>;
  return (
    <>
      <ul className="pick-list bench-history" aria-labelledby="bench-history-title">
        {runs.map((r) => {
          const when = shortTime(r.start_time);
          return (
            <li key={r.id} aria-current={r.id === openId ? 'true' : undefined}>
              <button
                type="button"
                className="pick-list-open"
                onClick={() => {
                  // A finished run opens on its own page; a live one here, beside the form.
                  if (ACTIVE_STATUSES.includes(r.status)) void openRun(r.id);
                  else window.location.hash = runPageHref(r.id);
                }}
              >
                <span className="pick-list-title">
                  {workloadLabel(r.type)}
                  <span className={`bench-status bench-status-${r.status}`}>
                    {statusLabel(r.status)}
                  </span>
                </span>
                <span className="pick-list-meta">
                  {countOf(r.threads, 'client')} · {when}
                </span>
              </button>
              <button
                type="button"
                className="btn btn-sm btn-ghost btn-danger-text"
                aria-label={`Delete run ${workloadLabel(r.type)}, ${when}`}
                disabled={ACTIVE_STATUSES.includes(r.status)}
                onClick={() => setDeleting(r)}
              >
                Delete
              </button>
            </li>
          );
        })}
      </ul>
      {deleting && (
        <DeleteRunDialog run={deleting} remove={remove} onClose={() => setDeleting(null)} />
      )}
    </>
  );
}

export function BenchmarksScreen({ store }: { store: BenchmarksStore }) {
  const load = useStore(store, (s) => s.load);
  const error = useStore(store, (s) => s.error);
  useEffect(() => {
    void load();
  }, [load]);
  // A live run newly on screen (started here, or opened from the history) folds the form; so
  // does a run a plan starts: no run can start beside it, and the plan below gets the view.
  const foldOnRun = useCallback(
    (fold: () => void) =>
      store.subscribe((s, prev) => {
        const run = s.open?.run;
        if (run && run.id !== prev.open?.run.id && ACTIVE_STATUSES.includes(run.status)) fold();
        else if (anyActive(s.runs) && !anyActive(prev.runs)) fold();
      }),
    [store],
  );
  return (
    <>
      <ScreenHeader
        title="Benchmarks"
        subtitle="Run load against a connection and watch throughput and latency live."
      />
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      <div className="bench-layout">
        <div className="bench-side">
          <FoldingCard title="New run" titleId="bench-new-title" foldWhen={foldOnRun}>
            <NewRunForm store={store} />
          </FoldingCard>
          <section className="bench-card" aria-labelledby="bench-history-title">
            <h2 id="bench-history-title">History</h2>
            <History store={store} />
          </section>
        </div>
        <RunView store={store} />
      </div>
    </>
  );
}
