// Runs in the renderer. The Run plan section of the Benchmarks screen: the form, the saved plans,
// and the open plan. Runs a plan makes also land in the screen's run history.
import { useCallback, useEffect } from 'react';
import { useStore } from 'zustand';
import { useBenchmarksStore } from '../../app/stores-context';
import type { PlansStore } from '../../stores/plans-store';
import { FoldingCard } from '../benchmarks/FoldingCard';
import { shortTime, workloadLabel } from '../benchmarks/workload-defaults';
import { PlanForm } from './PlanForm';
import { PLAN_STATUS_LABELS, PlanView } from './PlanView';
import './plans.css';
import { count, countOf } from '../../components/figure-format';

function PlanList({ store }: { store: PlansStore }) {
  const plans = useStore(store, (s) => s.plans);
  const openPlan = useStore(store, (s) => s.openPlan);
  const openId = useStore(store, (s) => s.open?.id);
  if (plans.length === 0) return <p className="bench-empty">No plans yet.</p>;
  return (
    <ul className="pick-list bench-history" aria-label="Plans">
      {plans.map((p) => {
        const when = shortTime(p.created_at);
        return (
          <li key={p.id} aria-current={p.id === openId ? 'true' : undefined}>
            <button type="button" className="pick-list-open" onClick={() => void openPlan(p.id)}>
              <span className="pick-list-title">
                {p.kind[0]!.toUpperCase() + p.kind.slice(1)} · {workloadLabel(p.type)}
                <span className={`bench-status bench-status-${p.status}`}>
                  {PLAN_STATUS_LABELS[p.status]}
                </span>
              </span>
              <span className="pick-list-meta">
                {count(p.runs_done)} of {countOf(p.runs_total, 'run')} · {when}
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}

export function PlansPanel({ store }: { store: PlansStore }) {
  const load = useStore(store, (s) => s.load);
  const error = useStore(store, (s) => s.error);
  const currentRun = useStore(store, (s) => s.open?.current_run_id);
  const reloadRuns = useStore(useBenchmarksStore(), (s) => s.load);
  useEffect(() => {
    void load();
  }, [load]);
  // A running plan newly on screen folds its form, so its results have the view.
  const foldOnPlan = useCallback(
    (fold: () => void) =>
      store.subscribe((s, prev) => {
        if (s.open && s.open.id !== prev.open?.id && s.open.status === 'running') fold();
      }),
    [store],
  );
  // Each run a plan starts or finishes belongs in the run history too (and keeps New run waiting).
  useEffect(() => {
    void reloadRuns();
  }, [currentRun, reloadRuns]);
  return (
    <section className="plans-section" aria-labelledby="plans-title">
      <h2 id="plans-title" className="plans-title">
        Run plans
      </h2>
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      <div className="bench-layout">
        <div className="bench-side">
          <FoldingCard title="Run plan" titleId="plan-new-title" foldWhen={foldOnPlan}>
            <PlanForm store={store} />
          </FoldingCard>
          <section className="bench-card" aria-labelledby="plan-list-title">
            <h2 id="plan-list-title">Plans</h2>
            <PlanList store={store} />
          </section>
        </div>
        <PlanView store={store} />
      </div>
    </section>
  );
}
