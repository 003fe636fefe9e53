// Runs in the renderer. The Results screen: saved runs with filters, picked in twos or more for a
// comparison shown below the list; import and export of run bundles. The store comes from the
// screen registry's wiring.
import { useEffect } from 'react';
import { useStore } from 'zustand';
import { ScreenHeader } from '../../app/ScreenHeader';
import type { ResultsStore } from '../../stores/results-store';
import { CompareView } from './CompareView';
import { ImportBundleButton } from './ImportBundleButton';
import { RunFilters } from './RunFilters';
import { RunTable } from './RunTable';
import '../benchmarks/benchmarks.css';
import './results.css';

function SelectionBar({ store }: { store: ResultsStore }) {
  const selected = useStore(store, (s) => s.selected.length);
  const comparing = useStore(store, (s) => s.comparing);
  const compare = useStore(store, (s) => s.compare);
  const clear = useStore(store, (s) => s.clearSelection);
  return (
    <div className="results-selection" role="group" aria-label="Selection">
      <span role="status">
        {selected === 0
          ? 'Tick two or more runs to compare them.'
          : `${selected} ${selected === 1 ? 'run' : 'runs'} selected${selected === 1 ? ': pick one more.' : '.'}`}
      </span>
      <button
        type="button"
        className="btn btn-primary"
        disabled={selected < 2 || comparing}
        onClick={() => void compare()}
      >
        Compare{selected >= 2 ? ` ${selected} runs` : ''}
      </button>
      <button type="button" className="btn btn-ghost" disabled={selected === 0} onClick={clear}>
        Clear selection
      </button>
    </div>
  );
}

export function ResultsScreen({ store }: { store: ResultsStore }) {
  const load = useStore(store, (s) => s.load);
  const error = useStore(store, (s) => s.error);
  const importNotice = useStore(store, (s) => s.importNotice);
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <>
      <ScreenHeader
        title="Results"
        subtitle="Every saved run; tick two or more to compare them side by side."
        actions={<ImportBundleButton store={store} />}
      />
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      {importNotice && (
        <p
          className={`notice ${importNotice.ok ? '' : 'notice-error'}`}
          role={importNotice.ok ? 'status' : 'alert'}
          data-testid="import-notice"
        >
          {importNotice.message}
        </p>
      )}
      <div className="results-layout">
        <section className="bench-card" aria-labelledby="results-runs-title">
          <h2 id="results-runs-title">Runs</h2>
          <RunFilters store={store} />
          <SelectionBar store={store} />
          <RunTable store={store} />
        </section>
        <CompareView store={store} />
      </div>
    </>
  );
}
