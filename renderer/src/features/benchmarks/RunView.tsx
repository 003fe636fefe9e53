// Runs in the renderer. The open run: phase and progress with time left, live charts of QPS and
// latency percentiles per interval, warnings and errors, a Stop button, the final figures, and a
// link to the run's page once it has finished. While the run is live, each chart follows the
// store's ring of intervals and reduces only what is new (see live-run-series.ts): an interval
// costs the same at the end of an hour as in the first minute; once it has finished, the charts
// are the run page's (with the partial-interval rule).
import { type RefObject, useEffect, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { ACTIVE_STATUSES, type RunInterval } from '../../../../shared/contract/benchmarks';
import { useConnections } from '../../app/stores-context';
import { uiText } from '../../api/error-words';
import { count, countOf, duration, latencyAxis, latencyUnit } from '../../components/figure-format';
import type { ReadonlyRing } from '../../charts/ring-buffer';
import type { BenchmarksStore, OpenRun as Open } from '../../stores/benchmarks-store';
import { runPageHref } from '../results/run-route';
import { AgentsPanel } from './AgentsPanel';
import { LiveRunSeries } from './live-run-series';
import { prepareText } from './prepare-text';
import { RunChart, RunChartFrame } from './RunChart';
import { LATENCY_SERIES, useRunChartData } from './run-chart-data';
import { RunErrors, RunFigures, RunWarnings } from './RunNotes';
import { shortTime, statusLabel, workloadLabel } from './workload-defaults';

const PHASES: Record<string, string> = {
  prepare: 'Preparing data',
  warmup: 'Warming up',
  measure: 'Measuring',
  cleanup: 'Cleaning up',
  done: 'Finished',
};
const QPS_SERIES = [{ key: 'qps', label: 'QPS', color: '#4f7cff' }];
const QPS_PICKS = [(i: RunInterval) => Math.round(i.qps)];
const LATENCY_PICKS = [
  (i: RunInterval) => i.latency.p50,
  (i: RunInterval) => i.latency.p95,
  (i: RunInterval) => i.latency.p99,
];
/** One latency axis per unit, made once: its tick function keeps its identity between intervals. */
const LATENCY_AXES = { ms: latencyAxis(0), s: latencyAxis(Number.POSITIVE_INFINITY) };

export function RunView({ store }: { store: BenchmarksStore }) {
  // The run and its ring keep their identity between progress events: a progress event
  // re-renders only the parts that read it (progress line, latest figures, charts), not the view.
  const run = useStore(store, (s) => s.open?.run);
  const intervals = useStore(store, (s) => s.open?.intervals);
  const cancel = useStore(store, (s) => s.cancel);
  const connections = useConnections((s) => s.items);
  const ref = useRef<HTMLElement>(null);
  const openId = run?.id;
  useEffect(() => {
    // Opening a run from the history below or beside it brings it into view.
    if (openId) ref.current?.scrollIntoView({ block: 'nearest' });
  }, [openId]);
  if (!run || !intervals) {
    return (
      <section className="bench-run bench-run-empty" aria-label="Run">
        <p className="bench-empty">Start a run or open one from the history.</p>
      </section>
    );
  }
  return (
    <OpenRun
      store={store}
      run={run}
      intervals={intervals}
      cancel={cancel}
      connections={connections}
      viewRef={ref}
    />
  );
}

interface OpenRunProps {
  store: BenchmarksStore;
  run: Open['run'];
  intervals: ReadonlyRing<RunInterval>;
}

/** How many intervals have arrived: a new count is a new interval to show. */
const useReceived = (store: BenchmarksStore) => useStore(store, (s) => s.open?.received ?? 0);

function OpenRun({
  store,
  run,
  intervals,
  cancel,
  connections,
  viewRef,
}: OpenRunProps & {
  cancel: () => Promise<void>;
  connections: readonly { id: string; name: string }[];
  viewRef: RefObject<HTMLElement | null>;
}) {
  const active = ACTIVE_STATUSES.includes(run.status);
  const connectionName =
    connections.find((c) => c.id === run.connection_id)?.name ?? run.target?.connection_name;
  return (
    <section
      ref={viewRef}
      className="bench-run"
      aria-labelledby="bench-run-title"
      data-testid="run-view"
      data-status={run.status}
    >
      <header className="bench-run-head">
        <div>
          <h2 id="bench-run-title">
            {workloadLabel(run.type)}
            {connectionName && <span className="bench-run-conn"> on {connectionName}</span>}
          </h2>
          <p className="bench-run-meta">
            {countOf(run.threads, 'client')} · {duration(run.duration)} ·{' '}
            {run.config.rate !== undefined && (
              <span data-testid="run-target-rate">target {count(run.config.rate)} tx/s · </span>
            )}
            {shortTime(run.start_time)}
          </p>
        </div>
        <div className="bench-run-actions">
          <span className={`bench-status bench-status-${run.status}`} data-testid="run-status">
            {statusLabel(run.status)}
          </span>
          {active ? (
            <button type="button" className="btn btn-danger" onClick={() => void cancel()}>
              Stop
            </button>
          ) : (
            <a className="btn" href={runPageHref(run.id)}>
              Run page
            </a>
          )}
        </div>
      </header>
      {active && <LiveProgressLine store={store} run={run} />}
      {run.message && (
        <p className={`notice ${run.status === 'failed' ? 'notice-error' : 'notice-warning'}`}>
          {uiText(run.message)}
        </p>
      )}
      {active ? (
        <LatestFigures store={store} run={run} intervals={intervals} />
      ) : (
        <RunFigures metrics={run.metrics} label="Run results" />
      )}
      <RunWarnings warnings={run.warnings} />
      <RunErrors detail={run.detail} />
      {run.config.agents && <AgentsPanel runId={run.id} live={active} />}
      {active ? (
        <LiveCharts store={store} intervals={intervals} />
      ) : (
        <FinishedCharts store={store} intervals={intervals} run={run} />
      )}
    </section>
  );
}

/** The phase, its progress and time left: all that a progress event without an interval changes. */
function LiveProgressLine({ store, run }: Omit<OpenRunProps, 'intervals'>) {
  const live = useStore(store, (s) => s.open?.live);
  const received = useReceived(store);
  if (!live) return null;
  const total = (run.config.warmup ?? run.duration * 0.1) + run.duration;
  const elapsed = received * (run.config.report_interval_ms / 1000);
  return (
    <div className="bench-progress">
      <span role="status" data-testid="run-phase">
        {PHASES[live.phase]}
        {live.phase === 'prepare' && prepareText(live)}
        {live.phase !== 'prepare' && ` · about ${Math.max(0, Math.round(total - elapsed))} s left`}
      </span>
      <progress max={1} value={live.progress} aria-label={`${PHASES[live.phase]} progress`} />
    </div>
  );
}

/** While running, the figures are the latest interval's (the run's own until the first arrives). */
function LatestFigures({ store, run, intervals }: OpenRunProps) {
  useReceived(store);
  const last = intervals.at(intervals.length - 1);
  return <RunFigures metrics={last ?? run.metrics} label="Latest interval" />;
}

interface ChartsProps {
  store: BenchmarksStore;
  intervals: ReadonlyRing<RunInterval>;
}

/**
 * The live charts: each follows the ring, taking in only the intervals new since its last render
 * (idempotent, so a render React repeats adds nothing); they re-render only when an interval
 * arrived, not on a progress event without one.
 */
function LiveCharts({ store, intervals }: ChartsProps) {
  useReceived(store);
  const [qps] = useState(() => new LiveRunSeries(QPS_PICKS));
  const [latency] = useState(() => new LiveRunSeries(LATENCY_PICKS));
  qps.follow(intervals);
  latency.follow(intervals);
  // Milliseconds until a latency of a second or more arrives (none has before the first interval).
  const axis = LATENCY_AXES[latencyUnit(Math.max(0, latency.reduction.highest))];
  const qpsColumns = reducedColumns(qps, QPS_SERIES);
  const latencyColumns = reducedColumns(latency, LATENCY_SERIES);
  return (
    <div className="bench-charts">
      <RunChartFrame
        title="Throughput (queries/s)"
        {...qpsColumns}
        reduced
        testId="qps-chart"
        format={count}
        warmupUntil={qps.warmupUntil}
      />
      <RunChartFrame
        title={`Latency (${axis.unit})`}
        {...latencyColumns}
        reduced
        testId="latency-chart"
        format={axis.tick}
        warmupUntil={latency.warmupUntil}
      />
    </div>
  );
}

/** Views of a live series' reduced points (no copy; new views tell the chart to draw). */
function reducedColumns(
  live: LiveRunSeries,
  series: readonly { key: string; label: string; color: string }[],
) {
  const r = live.reduction;
  return {
    xs: r.xs.subarray(0, r.length),
    series: series.map((s, i) => ({ ...s, values: r.ys[i]!.subarray(0, r.length) })),
  };
}

/** A finished run's charts, drawn from all its intervals: the ring is read again only when it changed. */
function FinishedCharts({ store, intervals, run }: ChartsProps & { run: Open['run'] }) {
  const received = useReceived(store);
  const generation = intervals.generation;
  // The ring is filled in place: its count and generation say when its contents changed.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const rows = useMemo(() => intervals.toArray(), [intervals, received, generation]);
  const chart = useRunChartData(rows, run);
  return (
    <div className="bench-charts">
      <RunChart
        title="Throughput (queries/s)"
        rows={chart.rows}
        series={QPS_SERIES}
        testId="qps-chart"
        format={count}
        warmupUntil={chart.warmupUntil}
        partial={chart.partial}
      />
      <RunChart
        title={`Latency (${chart.latency.unit})`}
        rows={chart.rows}
        series={LATENCY_SERIES}
        testId="latency-chart"
        format={chart.latency.tick}
        warmupUntil={chart.warmupUntil}
        partial={chart.partial}
      />
    </div>
  );
}
