// Runs in the renderer. A run's own page (#/results/runs/<id>): what it measured and how, every
// figure over time and by transaction and statement, its errors and warnings, tags and notes, and
// what can be done with it (compare, export, re-run, delete).
import { useEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';
import {
  ACTIVE_STATUSES,
  type RunInterval,
  type RunStatusView,
} from '../../../../shared/contract/benchmarks';
import { uiText } from '../../api/error-words';
import { useConnections } from '../../app/stores-context';
import { count, countOf, duration } from '../../components/figure-format';
import { downloadFile } from '../../components/download-file';
import { useStaged } from '../../components/use-staged';
import type { BenchmarksStore } from '../../stores/benchmarks-store';
import type { ResultsStore } from '../../stores/results-store';
import type { ExportFormat, RunPageStore } from '../../stores/run-page-store';
import { AgentsPanel } from '../benchmarks/AgentsPanel';
import { DeleteRunDialog } from '../benchmarks/DeleteRunDialog';
import { useRunChartData } from '../benchmarks/run-chart-data';
import { RunErrors, RunFigures, RunWarnings } from '../benchmarks/RunNotes';
import { shortTime, statusLabel, workloadLabel } from '../benchmarks/workload-defaults';
import { CompareWithDialog } from './CompareWithDialog';
import { phases } from './run-facts';
import {
  RunClientSection,
  RunConfigSection,
  RunPhasesSection,
  RunSection,
  RunServerSection,
} from './RunFacts';
import { RunBreakdownSection, RunLatencySection } from './RunLatencyTables';
import { connectionLabel } from './run-names';
import { RESULTS_HREF } from './run-route';
import { RunCountersSection, RunTimelineSection } from './RunTimeline';
import { RunStatementsSection } from './RunStatementsSection';
import { RunServerMetricsSection } from './RunServerMetricsSection';
import { TagsNotesDialog } from './TagsNotesDialog';
import '../benchmarks/benchmarks.css';
import './results.css';
import './run-page.css';

interface Props {
  id: string;
  store: RunPageStore;
  results: ResultsStore;
  benchmarks: BenchmarksStore;
}

type Open = 'compare' | 'tags' | 'delete' | null;

const NO_INTERVALS: readonly RunInterval[] = [];

export function RunPage({ id, store, results, benchmarks }: Props) {
  const open = useStore(store, (s) => s.open);
  const close = useStore(store, (s) => s.close);
  const run = useStore(store, (s) => (s.run?.id === id ? s.run : null));
  const loadStatus = useStore(store, (s) => s.loadStatus);
  const error = useStore(store, (s) => s.error);
  useEffect(() => {
    void open(id);
    return close;
  }, [open, close, id]);
  if (run) return <RunDetails run={run} store={store} results={results} benchmarks={benchmarks} />;
  return (
    <>
      <a className="run-back" href={RESULTS_HREF}>
        ← All runs
      </a>
      {loadStatus === 'error' ? (
        <p className="notice notice-error" role="alert">
          This run cannot be shown: {error} It may have been deleted.
        </p>
      ) : (
        <p className="loading" role="status">
          <span className="spinner" aria-hidden="true" /> Loading the run…
        </p>
      )}
    </>
  );
}

function RunDetails({
  run,
  store,
  results,
  benchmarks,
}: {
  run: RunStatusView;
  store: RunPageStore;
  results: ResultsStore;
  benchmarks: BenchmarksStore;
}) {
  const intervals = useStore(store, (s) => s.intervals);
  const actionError = useStore(store, (s) => s.actionError);
  const others = useStore(store, (s) => s.others);
  const loadOthers = useStore(store, (s) => s.loadOthers);
  const exportRun = useStore(store, (s) => s.exportRun);
  const rerun = useStore(store, (s) => s.rerun);
  const updateRun = useStore(store, (s) => s.updateRun);
  const remove = useStore(store, (s) => s.remove);
  const connections = useConnections((s) => s.items);
  const [dialog, setDialog] = useState<Open>(null);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  // The page below its figures comes in stages, one task each (see useStaged); the intervals are
  // read for the charts once the first stage is reached.
  const stage = useStaged(5, run.id);
  const chart = useRunChartData(stage >= 1 ? intervals : NO_INTERVALS, run);
  const runPhases = phases(run, chart.placed);
  const active = ACTIVE_STATUSES.includes(run.status);
  const where = connectionLabel(run, connections);
  const name = `${workloadLabel(run.type)} on ${where}, ${shortTime(run.start_time)}`;

  useEffect(() => {
    // Opening a run brings its page to the top, wherever the list was scrolled.
    heading.current?.scrollIntoView({ block: 'start' });
    heading.current?.focus({ preventScroll: true });
    results.getState().reveal(run.id);
  }, [run.id, results]);

  const save = async (format: ExportFormat) => {
    const file = await exportRun(format);
    if (file) downloadFile(file.content, file.filename, file.mediaType);
  };
  const again = async () => {
    setBusy(true);
    const id = await rerun();
    setBusy(false);
    if (!id) return;
    await benchmarks.getState().openRun(id);
    window.location.hash = '#/benchmarks';
  };
  const compare = (ids: string[]) => {
    void results.getState().compareRuns([run.id, ...ids]);
    window.location.hash = RESULTS_HREF;
  };
  const m = run.metrics;
  const rerunBlocked = run.connection_deleted
    ? 'Its connection was deleted: there is nothing to run it against.'
    : active
      ? 'The run is still going.'
      : null;

  return (
    <article
      className="run-page"
      data-testid="run-page"
      data-run-id={run.id}
      data-status={run.status}
    >
      <a className="run-back" href={RESULTS_HREF}>
        ← All runs
      </a>
      <header className="screen-header run-page-head">
        <div>
          <h1 id="screen-title" ref={heading} tabIndex={-1}>
            {workloadLabel(run.type)}
          </h1>
          <p className="screen-subtitle" data-testid="run-measured-on">
            measured on {where} · {shortTime(run.start_time)} · {countOf(run.threads, 'client')} ·{' '}
            {duration(run.duration)}
            {run.config.rate !== undefined && ` · target ${count(run.config.rate)} tx/s`}{' '}
            <span className={`bench-status bench-status-${run.status}`}>
              {statusLabel(run.status)}
            </span>
          </p>
        </div>
      </header>
      <div className="run-actions" role="group" aria-label="Run actions">
        <button
          type="button"
          className="btn"
          disabled={active}
          onClick={() => setDialog('compare')}
        >
          Compare with…
        </button>
        <button type="button" className="btn" disabled={active} onClick={() => void save('json')}>
          Export JSON
        </button>
        <button type="button" className="btn" disabled={active} onClick={() => void save('csv')}>
          Export CSV
        </button>
        <button type="button" className="btn" disabled={active} onClick={() => void save('html')}>
          HTML report
        </button>
        <button
          type="button"
          className="btn"
          disabled={busy || rerunBlocked !== null}
          title={rerunBlocked ?? undefined}
          onClick={() => void again()}
        >
          {busy && <span className="spinner" aria-hidden="true" />}
          Re-run
        </button>
        <button type="button" className="btn" onClick={() => setDialog('tags')}>
          Tags and notes
        </button>
        <button
          type="button"
          className="btn btn-danger"
          disabled={active}
          onClick={() => setDialog('delete')}
        >
          Delete
        </button>
      </div>
      {rerunBlocked && run.connection_deleted && (
        <p className="bench-empty">Re-run is off: {rerunBlocked}</p>
      )}
      {actionError && (
        <p className="notice notice-error" role="alert">
          {actionError}
        </p>
      )}
      {run.message && (
        <p className={`notice ${run.status === 'failed' ? 'notice-error' : 'notice-warning'}`}>
          {uiText(run.message)}
        </p>
      )}
      <RunWarnings warnings={run.warnings} />
      <RunFigures metrics={m} label="Run results" className="run-page-figures" />
      {stage >= 1 && <RunTimelineSection chart={chart} />}
      {stage >= 2 && (
        <>
          <RunLatencySection run={run} />
          <RunSection id="errors" title="Errors">
            <RunErrors detail={run.detail} emptyText="No transaction failed." />
            <p className="bench-empty">
              {countOf(run.detail.retries, 'retry', 'retries')} ·{' '}
              {countOf(run.detail.reconnects, 'reconnect')}
            </p>
          </RunSection>
          <RunBreakdownSection run={run} />
        </>
      )}
      {stage >= 3 && <RunStatementsSection run={run} />}
      {stage >= 4 && (
        <RunCountersSection chart={chart} intervals={intervals} measuredS={runPhases.measured} />
      )}
      {stage >= 5 && (
        <>
          <RunServerMetricsSection run={run} warmupUntil={chart.warmupUntil} />
          {run.config.agents && <AgentsPanel runId={run.id} live={false} />}
        </>
      )}
      {stage >= 5 && (
        <div className="run-page-grid">
          <RunConfigSection run={run} />
          <RunServerSection run={run} />
          <RunClientSection run={run} />
          <RunPhasesSection
            phases={runPhases}
            partial={chart.partial ? chart.partial.to - chart.partial.from : null}
          />
          <RunSection id="tags" title="Tags and notes">
            {run.tags.length > 0 ? (
              <ul className="results-tags" aria-label="Tags">
                {run.tags.map((t) => (
                  <li key={t} className="tag">
                    {t}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="bench-empty">No tags.</p>
            )}
            <p className="run-notes">{run.notes || 'No notes.'}</p>
          </RunSection>
        </div>
      )}
      {dialog === 'compare' && (
        <CompareWithDialog
          type={run.type}
          others={others}
          loadOthers={loadOthers}
          connectionName={(r) => connectionLabel(r, connections)}
          onCompare={compare}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog === 'tags' && (
        <TagsNotesDialog
          run={run}
          name={name}
          save={async (id, patch) => {
            await updateRun(id, patch);
            await results.getState().load();
          }}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog === 'delete' && (
        <DeleteRunDialog
          run={run}
          remove={async () => {
            await remove();
            void benchmarks.getState().load();
            await results.getState().load();
            results.getState().reveal(null);
            window.location.hash = RESULTS_HREF;
          }}
          onClose={() => setDialog(null)}
        />
      )}
    </article>
  );
}
