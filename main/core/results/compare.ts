// Runs in the main process, server and CLI. The comparison of runs as a pure function of their
// bundles: the same code compares saved runs (by id) and exported files (the CLI gate).
import {
  COMPARED_METRICS,
  METRIC_DIRECTION,
  METRIC_LABELS,
  type Comparison,
  type RunBundle,
} from '../../../shared/contract/results';
import { summarizeTopology } from '../agents/topology';
import { compareFigures, figuresOf } from './figures';
import { repetitionsOf, type RepetitionGroup } from './repetitions';
import { spectrumOf } from './spectrum';
import { whyDifferent } from './diff';
import { compareStatements } from './statements';

export interface CompareOptions {
  /** Id (bundle `run.id`) of the baseline; default the first run. */
  baselineId?: string;
  /** Repetition groups (e.g. a plan's runs); a run in no group stands alone. */
  groups?: readonly { id: string; run_ids: readonly string[] }[];
  /** false: `series` and `host` empty (the caller reads them per run). Default true. */
  series?: boolean;
}

export function runLabel(b: RunBundle): string {
  const c = b.run.connection;
  const who = c
    ? `${c.name}${c.deleted ? ' (deleted connection)' : ''}`
    : b.run.connection_id.slice(0, 8);
  // Stored in UTC; a label travels (reports, CSV), so it names the zone instead of guessing one.
  const when = `${b.run.start_time.slice(0, 16).replace('T', ' ')} UTC`;
  return `${who} · ${b.run.type} · ${b.run.threads} client${b.run.threads === 1 ? '' : 's'} · ${when}`;
}

export function hostSeries(b: RunBundle): Comparison['host'][number] {
  const measured = b.intervals.filter((i) => !i.warmup);
  const warm = b.intervals.filter((i) => i.warmup);
  const step = b.run.config.report_interval_ms / 1000;
  const measureEnd = measured.at(-1)?.t ?? 0;
  const warmupStart = warm.length ? Math.min(...warm.map((i) => i.t)) - step : 0;
  // Intervals carry no wall-clock time; the run's end (right after measuring, before any
  // cleanup) anchors host samples to the measured time axis.
  const end = b.run.end_time ? Date.parse(b.run.end_time) : null;
  const t: number[] = [];
  const cpu: (number | null)[] = [];
  const memory: (number | null)[] = [];
  if (end !== null)
    for (const s of b.host_metrics) {
      t.push(Math.round(((Date.parse(s.timestamp) - end) / 1000 + measureEnd) * 1000) / 1000);
      cpu.push(s.data.cpu?.usage_percent ?? null);
      memory.push(s.data.memory?.usage_percent ?? null);
    }
  return {
    run_id: b.run.id,
    warmup_start: warmupStart,
    measure_end: measureEnd,
    t,
    cpu_percent: cpu,
    memory_percent: memory,
  };
}

/** The measured intervals' throughput and p99 latency, as columns. */
export function measuredSeries(b: RunBundle): Comparison['series'][number] {
  const measured = b.intervals.filter((i) => !i.warmup);
  return {
    run_id: b.run.id,
    t: measured.map((i) => i.t),
    qps: measured.map((i) => i.qps),
    p99: measured.map((i) => i.latency.p99),
  };
}

export function compareRuns(runs: readonly RunBundle[], opts: CompareOptions = {}): Comparison {
  if (runs.length === 0) throw new Error('a comparison needs runs');
  const ids = runs.map((b) => b.run.id);
  const baselineId = opts.baselineId ?? ids[0]!;
  const baseline = runs.find((b) => b.run.id === baselineId);
  if (!baseline) throw new Error(`the baseline ${baselineId} is not among the compared runs`);
  const baseFigures = figuresOf(baseline.run.metrics);

  const groupOf = new Map<string, string>();
  opts.groups?.forEach((g) => g.run_ids.forEach((id) => groupOf.set(id, g.id)));

  const compared = runs.map((b) => {
    const figures = figuresOf(b.run.metrics);
    return {
      id: b.run.id,
      label: runLabel(b),
      connection_id: b.run.connection_id,
      connection_name: b.run.connection?.name ?? null,
      type: b.run.type,
      status: b.run.status,
      threads: b.run.threads,
      start_time: b.run.start_time,
      tags: b.run.tags,
      imported_from: b.run.imported_from,
      group: groupOf.get(b.run.id) ?? null,
      baseline: b.run.id === baselineId,
      figures: compareFigures(figures, baseFigures, b.run.id === baselineId),
      warnings: b.run.warnings,
      agents: b.agents
        ? summarizeTopology(b.agents, (index) => b.intervals[index]?.warmup === false)
        : null,
      raw: figures,
    };
  });

  // Runs in no group stand alone, so the baseline always belongs to a group.
  const groups: RepetitionGroup[] = [];
  for (const r of compared) {
    const id = r.group ?? `run-${r.id}`;
    let g = groups.find((x) => x.id === id);
    if (!g) {
      g = { id, label: r.label, runs: [] };
      groups.push(g);
    }
    g.runs.push({ id: r.id, figures: r.raw });
  }
  // A group is named after its first run, with how many runs it holds.
  for (const g of groups) if (g.runs.length > 1) g.label = `${g.label} (${g.runs.length} runs)`;
  const baseGroup = compared.find((r) => r.baseline)!;

  return {
    baseline_id: baselineId,
    metrics: COMPARED_METRICS.map((key) => ({
      key,
      label: METRIC_LABELS[key].label,
      unit: METRIC_LABELS[key].unit,
      direction: METRIC_DIRECTION[key],
    })),
    runs: compared.map(({ raw: _raw, ...r }) => r),
    series: opts.series === false ? [] : runs.map(measuredSeries),
    spectrum: runs.map((b) => ({
      run_id: b.run.id,
      points: spectrumOf(b.run.histogram, b.run.metrics?.latency.max ?? Infinity),
    })),
    host: opts.series === false ? [] : runs.map(hostSeries),
    diff: whyDifferent(runs),
    repetitions: repetitionsOf(groups, baseGroup.group ?? `run-${baseGroup.id}`),
    statements: compareStatements(runs, baselineId),
  };
}
