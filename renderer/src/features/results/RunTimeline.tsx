// Runs in the renderer. A run's page over time: throughput, latency percentiles, the schedule lag
// of an open-loop run, and any server counter per second with every counter's totals.
import { useId, useMemo, useState } from 'react';
import type { RunInterval } from '../../../../shared/contract/benchmarks';
import { count, durationMs, sigDigits } from '../../components/figure-format';
import { RunChart } from '../benchmarks/RunChart';
import { LATENCY_SERIES, type RunChartData } from '../benchmarks/run-chart-data';
import { counterTotals } from './run-facts';
import { RunSection } from './RunFacts';

const THROUGHPUT_SERIES = [
  { key: 'qps', label: 'Queries/s', color: '#4f7cff' },
  { key: 'tps', label: 'Transactions/s', color: '#0891b2' },
];
const LAG_SERIES = [{ key: 'lag_p99', label: 'Schedule lag p99', color: '#b457c9' }];
const COUNTER_SERIES = [{ key: 'value', label: 'per second', color: '#e0803a' }];
const perSecond = (v: number) => sigDigits(v, v >= 1000 ? 4 : 3);

export function RunTimelineSection({ chart }: { chart: RunChartData }) {
  const openLoop = chart.placed.some((p) => p.interval.lag_p99 !== null);
  const common = { warmupUntil: chart.warmupUntil, partial: chart.partial, height: 220 };
  return (
    <RunSection id="timeline" title="Throughput and latency over time">
      {chart.partial && (
        <p className="bench-empty" data-testid="partial-note">
          The last interval covers {durationMs((chart.partial.to - chart.partial.from) * 1000)} (the
          run was stopped): it is drawn at its true end and shaded, its rate over that time.
        </p>
      )}
      <div className="bench-charts">
        <RunChart
          {...common}
          title="Throughput (per second)"
          rows={chart.rows}
          series={THROUGHPUT_SERIES}
          testId="run-qps-chart"
          format={count}
        />
        <RunChart
          {...common}
          title={`Latency (${chart.latency.unit})`}
          rows={chart.rows}
          series={LATENCY_SERIES}
          testId="run-latency-chart"
          format={chart.latency.tick}
        />
        {openLoop && (
          <RunChart
            {...common}
            title={`Schedule lag p99 (${chart.latency.unit})`}
            rows={chart.rows}
            series={LAG_SERIES}
            testId="run-lag-chart"
            format={chart.latency.tick}
          />
        )}
      </div>
    </RunSection>
  );
}

export function RunCountersSection({
  chart,
  intervals,
  measuredS,
}: {
  chart: RunChartData;
  intervals: readonly RunInterval[];
  measuredS: number;
}) {
  const totals = useMemo(() => counterTotals(intervals, measuredS), [intervals, measuredS]);
  const [picked, setPicked] = useState<string | null>(null);
  const selectId = useId();
  const name = picked ?? totals[0]?.name ?? null;
  const rows = useMemo(
    () =>
      name === null
        ? []
        : chart.placed.map((p) => ({
            t: p.x,
            value: (p.interval.server_counters[name] ?? 0) / p.length,
          })),
    [chart.placed, name],
  );
  if (name === null)
    return (
      <RunSection id="counters" title="Server counters">
        <p className="bench-empty">No server counters were recorded for this run.</p>
      </RunSection>
    );
  return (
    <RunSection id="counters" title="Server counters">
      <label className="field run-counter-pick" htmlFor={selectId}>
        <span className="field-label">Counter</span>
        <select
          id={selectId}
          className="select"
          value={name}
          onChange={(e) => setPicked(e.target.value)}
        >
          {totals.map((c) => (
            <option key={c.name} value={c.name}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      <RunChart
        title={`${name} (per second)`}
        rows={rows}
        series={COUNTER_SERIES}
        testId="run-counter-chart"
        format={perSecond}
        warmupUntil={chart.warmupUntil}
        partial={chart.partial}
      />
      {/* Keyboard users scroll it too when it is wider than the page. */}
      <div
        className="results-table-wrap run-counter-table"
        tabIndex={0}
        role="region"
        aria-label="Server counters, scrollable"
      >
        <table className="results-table" aria-label="Server counters over the measurement">
          <thead>
            <tr>
              <th scope="col">Counter</th>
              <th scope="col" className="num">
                Change
              </th>
              <th scope="col" className="num">
                Per second
              </th>
            </tr>
          </thead>
          <tbody>
            {totals.map((c) => (
              <tr key={c.name}>
                <th scope="row">{c.name}</th>
                <td className="num">{count(c.total)}</td>
                <td className="num">{perSecond(c.perSecond)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </RunSection>
  );
}
