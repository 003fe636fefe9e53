// Runs in the renderer. The open run: phase and progress with time left, live charts of QPS and
// latency percentiles per interval, error counters, a Stop button, and the final figures.
import { useMemo } from 'react';
import { useStore } from 'zustand';
import { ACTIVE_STATUSES, type RunInterval } from '../../../../shared/contract/benchmarks';
import { useConnections } from '../../app/stores-context';
import type { BenchmarksStore } from '../../stores/benchmarks-store';
import { prepareText } from './prepare-text';
import { RunChart } from './RunChart';
import { shortTime, statusLabel, workloadLabel } from './workload-defaults';

const PHASES: Record<string, string> = {
  prepare: 'Preparing data',
  warmup: 'Warming up',
  measure: 'Measuring',
  cleanup: 'Cleaning up',
  done: 'Finished',
};
const QPS_SERIES = [{ key: 'qps', label: 'QPS', color: '#4f7cff' }];
const LATENCY_SERIES = [
  { key: 'p50', label: 'p50', color: '#16a34a' },
  { key: 'p95', label: 'p95', color: '#d97706' },
  { key: 'p99', label: 'p99', color: '#dc2626' },
];
const count = (v: number) => Math.round(v).toLocaleString();
const ms = (v: number) => `${v.toFixed(v < 10 ? 3 : v < 100 ? 2 : 1)} ms`;
/** More points than a chart has pixels only cost redraw time: keep every n-th interval and the last. */
const MAX_POINTS = 600;
function thin<T>(rows: readonly T[]): T[] {
  if (rows.length <= MAX_POINTS) return rows.slice();
  const step = Math.ceil(rows.length / MAX_POINTS);
  const out = rows.filter((_, i) => i % step === 0);
  if ((rows.length - 1) % step !== 0) out.push(rows[rows.length - 1]!);
  return out;
}
const toRow = (i: RunInterval) => ({
  t: i.t,
  qps: Math.round(i.qps),
  p50: i.latency.p50,
  p95: i.latency.p95,
  p99: i.latency.p99,
});

export function RunView({ store }: { store: BenchmarksStore }) {
  const open = useStore(store, (s) => s.open);
  const cancel = useStore(store, (s) => s.cancel);
  const connections = useConnections((s) => s.items);
  const rows = useMemo(() => thin(open?.intervals ?? []).map(toRow), [open?.intervals]);
  const warmupUntil = useMemo(
    () => open?.intervals.findLast((i) => i.warmup)?.t ?? null,
    [open?.intervals],
  );
  if (!open) {
    return (
      <section className="bench-run bench-run-empty" aria-label="Run">
        <p className="bench-empty">Start a run or open one from the history.</p>
      </section>
    );
  }
  const { run, live } = open;
  const active = ACTIVE_STATUSES.includes(run.status);
  const total = (run.config.warmup ?? run.duration * 0.1) + run.duration;
  const elapsed = open.intervals.length * (run.config.report_interval_ms / 1000);
  const last = open.intervals.at(-1);
  // While running, the figures are the latest interval's; once finished, the whole run's.
  const shown = active && last ? last : run.metrics;
  const connection = connections.find((c) => c.id === run.connection_id);
  const figures: [string, string, string][] = [
    ['qps', 'QPS', count(shown.qps)],
    ['tps', 'TPS', count(shown.tps)],
    ['p50', 'p50', ms(shown.latency.p50)],
    ['p95', 'p95', ms(shown.latency.p95)],
    ['p99', 'p99', ms(shown.latency.p99)],
    ['p999', 'p99.9', ms(shown.latency.p999)],
    ['max', 'Max', ms(shown.latency.max)],
    ['errors', 'Errors', count(shown.errors)],
  ];
  return (
    <section
      className="bench-run"
      aria-labelledby="bench-run-title"
      data-testid="run-view"
      data-status={run.status}
    >
      <header className="bench-run-head">
        <div>
          <h2 id="bench-run-title">
            {workloadLabel(run.type)}
            {connection && <span className="bench-run-conn"> on {connection.name}</span>}
          </h2>
          <p className="bench-run-meta">
            {run.threads} {run.threads === 1 ? 'client' : 'clients'} · {run.duration} s ·{' '}
            {shortTime(run.start_time)}
          </p>
        </div>
        <div className="bench-run-actions">
          <span className={`bench-status bench-status-${run.status}`} data-testid="run-status">
            {statusLabel(run.status)}
          </span>
          {active && (
            <button type="button" className="btn btn-danger" onClick={() => void cancel()}>
              Stop
            </button>
          )}
        </div>
      </header>
      {active && (
        <div className="bench-progress">
          <span role="status" data-testid="run-phase">
            {PHASES[live.phase]}
            {live.phase === 'prepare' && prepareText(live)}
            {live.phase !== 'prepare' &&
              ` · about ${Math.max(0, Math.round(total - elapsed))} s left`}
          </span>
          <progress max={1} value={live.progress} aria-label={`${PHASES[live.phase]} progress`} />
        </div>
      )}
      {run.message && (
        <p className={`notice ${run.status === 'failed' ? 'notice-error' : 'notice-warning'}`}>
          {run.message}
        </p>
      )}
      <dl
        className="bench-figures"
        aria-label={active ? 'Latest interval' : 'Run results'}
        data-testid="run-figures"
      >
        {figures.map(([key, label, value]) => (
          <div key={key} className="bench-figure" data-testid={`figure-${key}`}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {Object.values(run.detail.errors_by_class).some((n) => n > 0) && (
        <ul className="bench-errors" aria-label="Errors by class">
          {Object.entries(run.detail.errors_by_class)
            .filter(([, n]) => n > 0)
            .map(([c, n]) => (
              <li
                key={c}
                className="tag"
                title={run.detail.first_errors[c as keyof typeof run.detail.first_errors] ?? ''}
              >
                {c}: {n}
              </li>
            ))}
        </ul>
      )}
      <div className="bench-charts">
        <RunChart
          title="Throughput (queries/s)"
          rows={rows}
          series={QPS_SERIES}
          testId="qps-chart"
          format={count}
          warmupUntil={warmupUntil}
        />
        <RunChart
          title="Latency (ms)"
          rows={rows}
          series={LATENCY_SERIES}
          testId="latency-chart"
          format={(v) => v.toFixed(v < 1 ? 3 : v < 10 ? 2 : 0)}
          warmupUntil={warmupUntil}
        />
      </div>
    </section>
  );
}
