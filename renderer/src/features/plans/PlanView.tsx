// Runs in the renderer. The open plan: status and progress over all its runs, Cancel while it
// runs, then its result by kind (CI table, sweep curves, capacity steps) and the runs it made.
import { useEffect, useRef } from 'react';
import { useStore } from 'zustand';
import type { PlanStatus } from '../../../../shared/contract/plans';
import type { PlansStore } from '../../stores/plans-store';
import { statusLabel } from '../benchmarks/workload-defaults';
import { CapacityTable } from './CapacityTable';
import { count, ms } from './format';
import { noisyFigures, RepeatTable } from './RepeatTable';
import { SweepCharts } from './SweepCharts';
import { uiText } from '../../api/error-words';
import { countOf } from '../../components/figure-format';

const KIND_LABELS = { repeat: 'Repeat', sweep: 'Sweep', capacity: 'Capacity search' } as const;
export const PLAN_STATUS_LABELS: Record<PlanStatus, string> = {
  running: 'Running',
  completed: 'Completed',
  failed: 'Failed',
  cancelled: 'Cancelled',
  interrupted: 'Interrupted',
};

export function PlanView({ store }: { store: PlansStore }) {
  const plan = useStore(store, (s) => s.open);
  const cancel = useStore(store, (s) => s.cancel);
  const ref = useRef<HTMLElement>(null);
  const planId = plan?.id;
  useEffect(() => {
    // A plan started or opened from the list below its form comes into view.
    if (planId) ref.current?.scrollIntoView({ block: 'nearest' });
  }, [planId]);
  if (!plan) return null;
  const running = plan.status === 'running';
  // A finished repeat's message is its "too noisy" caveat, which the table states above itself.
  const saidByTable =
    plan.status === 'completed' && plan.repeat !== null && noisyFigures(plan.repeat).length > 0;
  const current = plan.runs.findIndex((r) => r.run_id === plan.current_run_id);
  const sweep = plan.config.sweep?.parameter;
  return (
    <section
      ref={ref}
      className="bench-run plan-view"
      aria-labelledby="plan-view-title"
      data-testid="plan-view"
      data-status={plan.status}
    >
      <header className="bench-run-head">
        <div>
          <h2 id="plan-view-title">{KIND_LABELS[plan.kind]}</h2>
          <p className="bench-run-meta">
            {count(plan.runs_done)} of {countOf(plan.runs_total, 'run')} done
            {plan.kind === 'capacity' && running
              ? ' (at most; it stops when the objective breaks)'
              : ''}
          </p>
        </div>
        <div className="bench-run-actions">
          <span className={`bench-status bench-status-${plan.status}`} data-testid="plan-status">
            {PLAN_STATUS_LABELS[plan.status]}
          </span>
          {running && (
            <button type="button" className="btn btn-danger" onClick={() => void cancel()}>
              Cancel plan
            </button>
          )}
        </div>
      </header>
      {running && (
        <div className="bench-progress">
          <span role="status">
            {current >= 0 ? `Run ${current + 1} of ${plan.runs_total}` : 'Starting the next run'}
          </span>
          <progress max={1} value={plan.progress} aria-label="Plan progress" />
        </div>
      )}
      {plan.message && !saidByTable && (
        <p
          className={`notice ${plan.status === 'failed' ? 'notice-error' : plan.status === 'completed' ? '' : 'notice-warning'}`}
        >
          {uiText(plan.message)}
        </p>
      )}
      {plan.repeat && <RepeatTable stats={plan.repeat} />}
      {plan.sweep && plan.sweep.points.length > 0 && <SweepCharts sweep={plan.sweep} />}
      {plan.capacity && plan.capacity.steps.length > 0 && <CapacityTable plan={plan} />}
      <table className="plan-table" data-testid="plan-runs">
        <caption>Runs of the plan</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            {sweep && <th scope="col">{sweep}</th>}
            {plan.kind === 'capacity' && <th scope="col">Rate (/s)</th>}
            <th scope="col">Status</th>
            <th scope="col">QPS</th>
            <th scope="col">p99</th>
          </tr>
        </thead>
        <tbody>
          {plan.runs.map((r) => (
            <tr key={r.run_id}>
              <th scope="row">{r.seq + 1}</th>
              {(sweep || plan.kind === 'capacity') && <td>{r.value}</td>}
              <td>{statusLabel(r.status)}</td>
              <td>{r.metrics ? count(r.metrics.qps) : '—'}</td>
              <td>{r.metrics ? ms(r.metrics.latency.p99) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
