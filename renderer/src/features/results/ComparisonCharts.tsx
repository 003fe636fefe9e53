// Runs in the renderer. The comparison's charts: QPS and p99 over the measured time, the latency
// percentile spectrum on a nines axis (few points: SVG), and the host's CPU and memory through each run's phases.
import { useMemo } from 'react';
import type { Comparison } from '../../../../shared/contract/results';
import { extent } from '../../components/axis-ticks';
import { latencyAxis } from '../../components/figure-format';
import { useStaged } from '../../components/use-staged';
import { axisPercent, count, distinctLabels, runColor } from './format';
import { ninesLabel, ninesTicks } from './nines';
import { OverlayChart, type OverlayRun } from './OverlayChart';
import { columnsMax, overlayColumns, overlayRows, runKey } from './overlay';
import { OverlayTimeChart } from './OverlayTimeChart';

const seconds = (t: number) => `${Math.round(t * 10) / 10} s`;

/** Each run's entry of a per-run list, in the order of the comparison's runs (empty if absent). */
function inRunOrder<T extends { run_id: string }>(c: Comparison, list: readonly T[]): (T | null)[] {
  return c.runs.map((r) => list.find((x) => x.run_id === r.id) ?? null);
}

export function ComparisonCharts({ comparison }: { comparison: Comparison }) {
  const runs: OverlayRun[] = distinctLabels(comparison.runs.map((r) => r.label)).map(
    (label, i) => ({ label, color: runColor(i) }),
  );
  const charts = useMemo(() => {
    const series = inRunOrder(comparison, comparison.series).map((s) => s?.points ?? []);
    const spectrum = inRunOrder(comparison, comparison.spectrum).map((s) => s?.points ?? []);
    const host = inRunOrder(comparison, comparison.host);
    const hostPoints = host.map((h) => h?.points ?? []);
    const deepest = Math.max(1, ...spectrum.flat().map((p) => p.nines));
    const baseline = host[comparison.runs.findIndex((r) => r.baseline)] ?? host[0] ?? null;
    const p99 = overlayColumns(series, (p) => ({ x: p.t, y: p.p99 }));
    const spectrumRows = overlayRows(spectrum, (p) => ({ x: p.nines, y: p.ms }));
    const keys = comparison.runs.map((_, i) => runKey(i));
    const cpu = overlayColumns(hostPoints, (p) => ({ x: p.t, y: p.cpu_percent }));
    const hostXs = cpu.xs;
    return {
      qps: overlayColumns(series, (p) => ({ x: p.t, y: p.qps })),
      p99,
      // Latency axes read in seconds once their largest value reaches 1 000 ms.
      p99Axis: latencyAxis(columnsMax(p99)),
      spectrum: spectrumRows,
      spectrumAxis: latencyAxis(extent(spectrumRows, keys)[1]),
      ticks: ninesTicks(deepest),
      cpu,
      memory: overlayColumns(hostPoints, (p) => ({ x: p.t, y: p.memory_percent })),
      phases: baseline
        ? { warmupStart: baseline.warmup_start, measureEnd: baseline.measure_end }
        : null,
      // The host samples may stop short of the measurement's end; the axis still reaches it.
      hostDomain: [
        Math.min(hostXs[0] ?? Infinity, baseline?.warmup_start ?? 0),
        Math.max(hostXs.at(-1) ?? -Infinity, baseline?.measure_end ?? 0),
      ] as [number, number],
    };
  }, [comparison]);
  const top = charts.ticks.at(-1) ?? 1;
  // The spectrum (SVG) and the host charts come in later tasks than the first two (see useStaged).
  const stage = useStaged(2, comparison);
  // The host charts share one time axis, aligned on the baseline's phases, and a 0-100 % scale.
  const hostChart = {
    note: 'Aligned on the start of the measurement.',
    runs,
    formatX: seconds,
    formatY: axisPercent,
    yDomain: [0, 100] as [number, number],
    xDomain: charts.hostDomain,
    phases: charts.phases,
  };
  return (
    <>
      <div className="results-charts">
        <OverlayTimeChart
          title="Throughput (queries/s)"
          testId="qps-overlay"
          columns={charts.qps}
          runs={runs}
          formatX={seconds}
          formatY={count}
        />
        <OverlayTimeChart
          title={`Latency p99 (${charts.p99Axis.unit})`}
          testId="p99-overlay"
          columns={charts.p99}
          runs={runs}
          formatX={seconds}
          formatY={charts.p99Axis.tick}
        />
      </div>
      {stage >= 1 && (
        <OverlayChart
          title={`Latency by percentile (${charts.spectrumAxis.unit})`}
          testId="spectrum-chart"
          note="Percentile on a nines axis: each step right is ten times rarer."
          rows={charts.spectrum}
          runs={runs}
          formatX={ninesLabel}
          formatY={charts.spectrumAxis.tick}
          xTicks={charts.ticks}
          xDomain={[0, top]}
        />
      )}
      {stage < 2 ? null : charts.cpu.xs.length === 0 ? (
        <p className="bench-empty" data-testid="host-empty">
          No host samples were recorded during these runs (the sampler was off, or the runs were
          imported without them).
        </p>
      ) : (
        <div className="results-charts">
          <OverlayTimeChart
            {...hostChart}
            title="Host CPU (%)"
            testId="cpu-overlay"
            columns={charts.cpu}
          />
          <OverlayTimeChart
            {...hostChart}
            title="Host memory (%)"
            testId="memory-overlay"
            columns={charts.memory}
          />
        </div>
      )}
    </>
  );
}
