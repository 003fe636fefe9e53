// Runs in the renderer. The comparison's charts, all on canvas: QPS and p99 over the measured
// time, the latency percentile spectrum on a nines axis, and the host's CPU and memory through
// each run's phases.
import { useMemo } from 'react';
import type { Comparison } from '../../../../shared/contract/results';
import { latencyAxis } from '../../components/figure-format';
import { axisPercent, count, distinctLabels, runColor } from './format';
import { ninesLabel, ninesTicks } from './nines';
import { OverlayChart, type OverlayRun } from './OverlayChart';
import { columnsMax, overlayColumns } from './overlay';

const seconds = (t: number) => `${Math.round(t * 10) / 10} s`;
/** Where the spectrum's crosshair is, as a percentile ("p99.9"). */
const percentile = (nines: number) => `p${ninesLabel(nines)}`;

/** Each run's entry of a per-run list, in the order of the comparison's runs (empty if absent). */
function inRunOrder<T extends { run_id: string }>(c: Comparison, list: readonly T[]): (T | null)[] {
  return c.runs.map((r) => list.find((x) => x.run_id === r.id) ?? null);
}

/**
 * `stage` (from the comparison's own useStaged): 0 the throughput and p99 charts, 1 the spectrum
 * too, 2 the host charts too; each stage's data is built when it comes.
 */
export function ComparisonCharts({ comparison, stage }: { comparison: Comparison; stage: number }) {
  const runs: OverlayRun[] = distinctLabels(comparison.runs.map((r) => r.label)).map(
    (label, i) => ({ label, color: runColor(i) }),
  );
  const charts = useMemo(() => {
    const series = inRunOrder(comparison, comparison.series);
    const p99 = overlayColumns(series.map((s) => ({ x: s?.t ?? [], y: s?.p99 ?? [] })));
    return {
      qps: overlayColumns(series.map((s) => ({ x: s?.t ?? [], y: s?.qps ?? [] }))),
      p99,
      // Latency axes read in seconds once their largest value reaches 1 000 ms.
      p99Axis: latencyAxis(columnsMax(p99)),
    };
  }, [comparison]);
  const spectrumShown = stage >= 1;
  const spectrum = useMemo(() => {
    if (!spectrumShown) return null;
    const points = inRunOrder(comparison, comparison.spectrum).map((s) => s?.points ?? []);
    const columns = overlayColumns(
      points.map((run) => ({ x: run.map((p) => p.nines), y: run.map((p) => p.ms) })),
    );
    return {
      columns,
      axis: latencyAxis(columnsMax(columns)),
      ticks: ninesTicks(Math.max(1, ...points.flat().map((p) => p.nines))),
    };
  }, [comparison, spectrumShown]);
  const hostShown = stage >= 2;
  const host = useMemo(() => {
    if (!hostShown) return null;
    const host = inRunOrder(comparison, comparison.host);
    const baseline = host[comparison.runs.findIndex((r) => r.baseline)] ?? host[0] ?? null;
    const cpu = overlayColumns(host.map((h) => ({ x: h?.t ?? [], y: h?.cpu_percent ?? [] })));
    return {
      cpu,
      memory: overlayColumns(host.map((h) => ({ x: h?.t ?? [], y: h?.memory_percent ?? [] }))),
      phases: baseline
        ? { warmupStart: baseline.warmup_start, measureEnd: baseline.measure_end }
        : null,
      // The host samples may stop short of the measurement's end; the axis still reaches it.
      xDomain: [
        Math.min(cpu.xs[0] ?? Infinity, baseline?.warmup_start ?? 0),
        Math.max(cpu.xs.at(-1) ?? -Infinity, baseline?.measure_end ?? 0),
      ] as [number, number],
    };
  }, [comparison, hostShown]);
  // The host charts share one time axis, aligned on the baseline's phases, and a 0-100 % scale.
  const hostChart = {
    note: 'Aligned on the start of the measurement.',
    runs,
    formatX: seconds,
    formatY: axisPercent,
    yDomain: [0, 100] as [number, number],
  };
  return (
    <>
      <div className="results-charts">
        <OverlayChart
          title="Throughput (queries/s)"
          testId="qps-overlay"
          columns={charts.qps}
          runs={runs}
          formatX={seconds}
          formatY={count}
        />
        <OverlayChart
          title={`Latency p99 (${charts.p99Axis.unit})`}
          testId="p99-overlay"
          columns={charts.p99}
          runs={runs}
          formatX={seconds}
          formatY={charts.p99Axis.tick}
        />
      </div>
      {spectrum && (
        <OverlayChart
          title={`Latency by percentile (${spectrum.axis.unit})`}
          testId="spectrum-chart"
          note="Percentile on a nines axis: each step right is ten times rarer."
          columns={spectrum.columns}
          runs={runs}
          formatX={ninesLabel}
          readoutX={percentile}
          formatY={spectrum.axis.tick}
          xTicks={spectrum.ticks}
          xDomain={[0, spectrum.ticks.at(-1) ?? 1]}
        />
      )}
      {!host ? null : host.cpu.xs.length === 0 ? (
        <p className="bench-empty" data-testid="host-empty">
          No host samples were recorded during these runs (the sampler was off, or the runs were
          imported without them).
        </p>
      ) : (
        <div className="results-charts">
          <OverlayChart
            {...hostChart}
            xDomain={host.xDomain}
            phases={host.phases}
            title="Host CPU (%)"
            testId="cpu-overlay"
            columns={host.cpu}
          />
          <OverlayChart
            {...hostChart}
            xDomain={host.xDomain}
            phases={host.phases}
            title="Host memory (%)"
            testId="memory-overlay"
            columns={host.memory}
          />
        </div>
      )}
    </>
  );
}
