// Runs in the renderer (pure). A run's page in words: its configuration as labelled entries, the
// time each phase took, and its server counters as series and totals.
import type { RunInterval, RunStatusView } from '../../../../shared/contract/benchmarks';
import { count, countOf, duration, durationMs } from '../../components/figure-format';
import { type PlacedInterval, measuredSeconds } from '../benchmarks/interval-rows';
import { WORKLOADS, workloadLabel } from '../benchmarks/workload-defaults';

export type Entry = [label: string, value: string];

type Config = RunStatusView['config'];

const yesNo = (v: boolean) => (v ? 'yes' : 'no');

const PROTOCOLS: Record<Config['protocol'], string> = {
  prepared: 'prepared statements',
  simple: 'simple queries',
};
/** The load engine as asked for (config) and as it ran, in words rather than the API's ids. */
const ENGINE_WORDS: Record<string, string> = {
  auto: 'automatic (native where it can run the workload)',
  native: 'native (C++)',
  node: 'Node.js',
};

/** A workload parameter as the New run form labels it ("Rows per table", not table_size). */
function parameterLabel(type: Config['type'], key: string): string {
  const own = WORKLOADS.find((w) => w.type === type)?.params.find((p) => p.key === key)?.label;
  if (own) return own;
  const words = key.replace(/_/g, ' ');
  return `${words.charAt(0).toUpperCase()}${words.slice(1)}`;
}
const scalar = (v: unknown): string | null =>
  typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : null;

/** Everything the run was started with, in the New run form's words. */
export function configEntries(config: Config): Entry[] {
  const entries: Entry[] = [['Workload', workloadLabel(config.type)]];
  for (const [key, value] of Object.entries(config.parameters))
    entries.push([
      parameterLabel(config.type, key),
      typeof value === 'number' ? count(value) : String(value),
    ]);
  if (config.scripts?.length)
    entries.push([
      'Scripts',
      config.scripts.map((s) => `${s.name} (weight ${s.weight})`).join(', '),
    ]);
  entries.push(
    ['Clients', count(config.threads)],
    ['Duration', duration(config.duration)],
    ['Warm-up', duration(config.warmup ?? config.duration * 0.1)],
    [
      'Load',
      config.rate === undefined
        ? 'closed loop (each client sends as soon as its last answer arrives)'
        : `open loop, target ${count(config.rate)} tx/s`,
    ],
    ['Protocol', PROTOCOLS[config.protocol]],
    ['Pipeline', String(config.pipeline)],
    ['Tries per transaction', String(config.max_tries)],
    ['Schema', config.schema],
    ['Cleanup after the run', yesNo(config.cleanup)],
    ['Worker threads', config.pool_size === undefined ? 'default' : String(config.pool_size)],
    ['Report interval', durationMs(config.report_interval_ms)],
  );
  if (config.stages?.length)
    entries.push([
      'Stages',
      config.stages
        .map(
          (s, i) =>
            `${i + 1}: ${duration(s.duration)}${s.threads ? `, ${countOf(s.threads, 'client')}` : ''}${s.rate ? `, ${count(s.rate)} tx/s` : ''}`,
        )
        .join('; '),
    ]);
  // Fields a newer core records (the load engine, a random seed): shown when the run has them.
  const extra = config as Record<string, unknown>;
  for (const [key, label] of [
    ['engine', 'Load engine'],
    ['seed', 'Seed'],
  ] as const) {
    const v = scalar(extra[key]);
    if (v !== null) entries.push([label, key === 'engine' ? (ENGINE_WORDS[v] ?? v) : v]);
  }
  return entries;
}

/**
 * The engine that ran the run, and why when `auto` fell back to Node ("the Node.js engine, because
 * the native engine does not load: …"); nothing before the run started measuring.
 */
export function ranOnEntries(run: Pick<RunStatusView, 'engine' | 'detail'>): Entry[] {
  if (run.engine === null) return [];
  const reason = run.detail.engine_fallback;
  const engine = `the ${ENGINE_WORDS[run.engine] ?? run.engine} engine`;
  return [['Ran on', reason ? `${engine}, because ${reason}` : engine]];
}

export interface Phases {
  /** From the start to the end of the run, when it has ended. */
  wall: number | null;
  warmup: number;
  measured: number;
  /** Preparing data, connecting and cleaning up: the wall time the intervals do not cover. */
  other: number | null;
}

export function phases(
  run: Pick<RunStatusView, 'start_time' | 'end_time' | 'config' | 'detail' | 'metrics'>,
  placed: readonly PlacedInterval[],
): Phases {
  const intervalS = run.config.report_interval_ms / 1000;
  const warmup = placed.filter((p) => p.interval.warmup).length * intervalS;
  const measured =
    measuredSeconds({ queries: run.detail.queries, qps: run.metrics.qps }) ??
    placed.filter((p) => !p.interval.warmup).reduce((a, p) => a + p.length, 0);
  const wall = run.end_time ? (Date.parse(run.end_time) - Date.parse(run.start_time)) / 1000 : null;
  return {
    wall,
    warmup,
    measured,
    other: wall === null ? null : Math.max(0, wall - warmup - measured),
  };
}

export interface CounterTotal {
  name: string;
  total: number;
  /** Per second over the measured intervals. */
  perSecond: number;
}

/** Each server counter's change over the measured intervals, busiest first. */
export function counterTotals(
  intervals: readonly RunInterval[],
  measuredS: number,
): CounterTotal[] {
  const totals = new Map<string, number>();
  for (const i of intervals) {
    if (i.warmup) continue;
    // A loop over keys, not Object.entries: no array per counter of each of an hour's intervals.
    const counters = i.server_counters;
    for (const name in counters) totals.set(name, (totals.get(name) ?? 0) + counters[name]!);
  }
  return [...totals]
    .map(([name, total]) => ({ name, total, perSecond: measuredS > 0 ? total / measuredS : 0 }))
    .sort((a, b) => b.total - a.total || a.name.localeCompare(b.name));
}
