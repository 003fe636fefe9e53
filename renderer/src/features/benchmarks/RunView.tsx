// Runs in the renderer. The open run: phase and progress with time left, live charts of QPS and
// latency percentiles per interval, error counters, a Stop button, and the final figures.
import { useMemo } from 'react';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useStore } from 'zustand';
import { ACTIVE_STATUSES } from '../../../../shared/contract/benchmarks';
import type { BenchmarksStore } from '../../stores/benchmarks-store';

const PHASES: Record<string, string> = {
  prepare: 'Preparing data',
  warmup: 'Warming up',
  measure: 'Measuring',
  cleanup: 'Cleaning up',
  done: 'Finished',
};
const fmt = (v: number, d = 2) => v.toFixed(d);
/** More points than a chart has pixels only cost redraw time: keep every n-th interval and the last. */
const MAX_POINTS = 600;
function thin<T>(rows: readonly T[]): T[] {
  if (rows.length <= MAX_POINTS) return rows.slice();
  const step = Math.ceil(rows.length / MAX_POINTS);
  const out = rows.filter((_, i) => i % step === 0);
  if ((rows.length - 1) % step !== 0) out.push(rows[rows.length - 1]!);
  return out;
}

export function RunView({ store }: { store: BenchmarksStore }) {
  const open = useStore(store, (s) => s.open);
  const cancel = useStore(store, (s) => s.cancel);
  const rows = useMemo(
    () =>
      thin(open?.intervals ?? []).map((i) => ({
        t: i.t,
        qps: Math.round(i.qps),
        p50: i.latency.p50,
        p95: i.latency.p95,
        p99: i.latency.p99,
        errors: i.errors,
      })),
    [open?.intervals],
  );
  if (!open) return <p className="bench-empty">Start a run or open one from the history.</p>;
  const { run, live } = open;
  const active = ACTIVE_STATUSES.includes(run.status);
  const total = (run.config.warmup ?? run.duration * 0.1) + run.duration;
  const elapsed = open.intervals.length * (run.config.report_interval_ms / 1000);
  const last = open.intervals.at(-1);
  const m = run.metrics;
  return (
    <section className="bench-run" aria-label="Run" data-testid="run-view" data-status={run.status}>
      <header className="bench-run-head">
        <h2>
          {run.type} · {run.threads} client(s) · <span data-testid="run-status">{run.status}</span>
        </h2>
        {active && (
          <button type="button" className="btn" onClick={() => void cancel()}>
            Stop
          </button>
        )}
      </header>
      {active && (
        <div className="bench-progress" role="status">
          <span>
            {PHASES[live.phase]} {live.rowsPerS !== null ? `(${live.rowsPerS} rows/s)` : ''}
            {live.phase !== 'prepare' &&
              ` — about ${Math.max(0, Math.round(total - elapsed))} s left`}
          </span>
          <progress max={1} value={live.progress} aria-label="Phase progress" />
        </div>
      )}
      {run.message && <p className="notice">{run.message}</p>}
      <div className="bench-figures" data-testid="run-figures">
        <span>
          QPS <strong>{fmt(active && last ? last.qps : m.qps, 0)}</strong>
        </span>
        <span>
          TPS <strong>{fmt(active && last ? last.tps : m.tps, 1)}</strong>
        </span>
        <span>
          p50 <strong>{fmt(active && last ? last.latency.p50 : m.latency.p50)} ms</strong>
        </span>
        <span>
          p95 <strong>{fmt(active && last ? last.latency.p95 : m.latency.p95)} ms</strong>
        </span>
        <span>
          p99 <strong>{fmt(active && last ? last.latency.p99 : m.latency.p99)} ms</strong>
        </span>
        <span>
          Errors <strong>{active && last ? last.errors : m.errors}</strong>
        </span>
      </div>
      <div className="bench-errors">
        {Object.entries(run.detail.errors_by_class)
          .filter(([, n]) => n > 0)
          .map(([c, n]) => (
            <span
              key={c}
              className="tag"
              title={run.detail.first_errors[c as keyof typeof run.detail.first_errors] ?? ''}
            >
              {c}: {n}
            </span>
          ))}
      </div>
      <h3>Throughput (queries/s)</h3>
      <ResponsiveContainer width="100%" height={180} data-testid="qps-chart">
        <LineChart data={rows}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="t" unit="s" />
          <YAxis width={64} />
          <Tooltip />
          <Line
            type="monotone"
            dataKey="qps"
            stroke="#2563eb"
            dot={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
      <h3>Latency (ms)</h3>
      <ResponsiveContainer width="100%" height={180} data-testid="latency-chart">
        <LineChart data={rows}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="t" unit="s" />
          <YAxis width={64} />
          <Tooltip />
          <Legend />
          <Line
            type="monotone"
            dataKey="p50"
            stroke="#16a34a"
            dot={false}
            isAnimationActive={false}
          />
          <Line
            type="monotone"
            dataKey="p95"
            stroke="#d97706"
            dot={false}
            isAnimationActive={false}
          />
          <Line
            type="monotone"
            dataKey="p99"
            stroke="#dc2626"
            dot={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </section>
  );
}
