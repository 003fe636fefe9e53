// Runs in the renderer. The Benchmarks screen: New run form and run history on one side, the open
// run (live or finished) on the other. The store comes from the screen registry's wiring.
import { useEffect } from 'react';
import { useStore } from 'zustand';
import { ScreenHeader } from '../../app/ScreenHeader';
import type { BenchmarksStore } from '../../stores/benchmarks-store';
import { NewRunForm } from './NewRunForm';
import { RunView } from './RunView';
import './benchmarks.css';

function History({ store }: { store: BenchmarksStore }) {
  const runs = useStore(store, (s) => s.runs);
  const openRun = useStore(store, (s) => s.openRun);
  const remove = useStore(store, (s) => s.remove);
  const openId = useStore(store, (s) => s.open?.run.id);
  if (runs.length === 0) return <p className="bench-empty">No runs yet.</p>;
  return (
    <ul className="bench-history" aria-label="Run history">
      {runs.map((r) => (
        <li key={r.id} aria-current={r.id === openId ? 'true' : undefined}>
          <button type="button" className="btn btn-ghost" onClick={() => void openRun(r.id)}>
            {new Date(r.start_time).toLocaleString()} · {r.type} · {r.threads} · {r.status}
          </button>
          <button
            type="button"
            className="btn btn-sm"
            aria-label={`Delete run ${r.id}`}
            onClick={() => void remove(r.id)}
          >
            Delete
          </button>
        </li>
      ))}
    </ul>
  );
}

export function BenchmarksScreen({ store }: { store: BenchmarksStore }) {
  const load = useStore(store, (s) => s.load);
  const error = useStore(store, (s) => s.error);
  useEffect(() => {
    void load();
  }, [load]);
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
          <NewRunForm store={store} />
          <h2>History</h2>
          <History store={store} />
        </div>
        <RunView store={store} />
      </div>
    </>
  );
}
