// Runs in the renderer. "Compare with…" on a run's page: pick one or more other finished runs
// (same workload first); the comparison then opens on the Results screen with this run as baseline.
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import type { RunSummary, WorkloadType } from '../../../../shared/contract/benchmarks';
import { Dialog } from '../../components/Dialog';
import { count, latency } from '../../components/figure-format';
import { shortTime, statusLabel, workloadLabel } from '../benchmarks/workload-defaults';

export function CompareWithDialog({
  type,
  others,
  loadOthers,
  onCompare,
  onClose,
  connectionName,
}: {
  type: WorkloadType;
  others: readonly RunSummary[];
  loadOthers: () => Promise<void>;
  onCompare: (ids: string[]) => void;
  onClose: () => void;
  connectionName: (r: RunSummary) => string;
}) {
  const [picked, setPicked] = useState<string[]>([]);
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    void loadOthers().then(() => setLoaded(true));
  }, [loadOthers]);
  // The same workload first: those comparisons mean the most.
  const ordered = useMemo(
    () => [...others.filter((r) => r.type === type), ...others.filter((r) => r.type !== type)],
    [others, type],
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (picked.length > 0) onCompare(picked);
  };
  const toggle = (id: string) =>
    setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id]));
  return (
    <Dialog title="Compare with…" onClose={onClose} size="lg">
      <form onSubmit={submit}>
        <div className="dialog-body">
          {!loaded ? (
            <p className="loading" role="status">
              <span className="spinner" aria-hidden="true" /> Loading runs…
            </p>
          ) : ordered.length === 0 ? (
            <p className="bench-empty">There is no other finished run to compare with yet.</p>
          ) : (
            <fieldset className="run-compare-pick">
              <legend>Runs to compare with this one (this run is the baseline)</legend>
              <ul>
                {ordered.map((r) => (
                  <li key={r.id}>
                    <label>
                      <input
                        type="checkbox"
                        checked={picked.includes(r.id)}
                        onChange={() => toggle(r.id)}
                      />
                      <span>
                        {workloadLabel(r.type)} on {connectionName(r)}, {r.threads}{' '}
                        {r.threads === 1 ? 'client' : 'clients'}, {shortTime(r.start_time)} ·{' '}
                        {statusLabel(r.status)}
                        {r.qps !== null && ` · ${count(r.qps)} QPS`}
                        {r.p99 !== null && ` · p99 ${latency(r.p99)}`}
                      </span>
                    </label>
                  </li>
                ))}
              </ul>
            </fieldset>
          )}
        </div>
        <div className="dialog-foot">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={picked.length === 0}>
            Compare{picked.length > 0 ? ` ${picked.length + 1} runs` : ''}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
