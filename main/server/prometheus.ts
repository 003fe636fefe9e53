// Runs in the headless server. `/metrics` in the Prometheus text format (prom-client): this host,
// the databases being sampled, the live (or latest) run with latency quantiles read from its HDR
// histogram, its errors and its agents. Read-only: a scrape never starts or extends sampling.
import { Gauge, Registry } from 'prom-client';
import type { RunTopology } from '../../shared/contract/agents';
import type { RunStatusView } from '../../shared/contract/benchmarks';
import type { DbSample } from '../../shared/contract/db-metrics';
import type { MetricsMessage } from '../../shared/contract/metrics';
import { decodeHistogram } from '../core/benchmark/histogram';

export const METRICS_PATH = '/metrics';
/** Quantiles exported for a run's latency, read from its merged histogram. */
export const RUN_QUANTILES = [0.5, 0.9, 0.95, 0.99, 0.999, 1] as const;

export interface ScrapeRun {
  status: RunStatusView;
  /** The run's whole measured histogram, encoded (µs); null before its first measured interval. */
  histogram: string | null;
  topology: RunTopology | null;
  lastIntervalQps: number | null;
}

export interface ScrapeSources {
  host(): MetricsMessage | null;
  databases(): DbSample[];
  /** The run under way, else the latest one; null when there is none. */
  run(): ScrapeRun | null;
}

type Labels = Record<string, string | number>;

/** A gauge whose values are all set from the sources at each scrape. */
function gauge(
  registry: Registry,
  name: string,
  help: string,
  labelNames: string[],
  fill: (set: (labels: Labels, value: number) => void) => void,
): void {
  new Gauge({
    name,
    help,
    labelNames,
    registers: [registry],
    collect() {
      this.reset();
      fill((labels, value) => {
        if (Number.isFinite(value)) this.set(labels, value);
      });
    },
  });
}

function hostGauges(r: Registry, src: ScrapeSources): void {
  const host = () => src.host()?.data ?? null;
  gauge(r, 'benchphant_host_cpu_usage_percent', 'CPU busy, percent of all cores.', [], (set) => {
    const h = host();
    if (h) set({}, h.cpu.usage_percent);
  });
  gauge(r, 'benchphant_host_load1', 'Load average over one minute.', [], (set) => {
    const l = host()?.cpu.load_average;
    if (l) set({}, l.load1);
  });
  gauge(r, 'benchphant_host_memory_bytes', 'Memory by kind.', ['kind'], (set) => {
    const m = host()?.memory;
    if (!m) return;
    set({ kind: 'total' }, m.total_bytes);
    set({ kind: 'used' }, m.used_bytes);
    set({ kind: 'available' }, m.available_bytes);
  });
  gauge(
    r,
    'benchphant_host_network_bytes_per_second',
    'Network throughput per interface and direction.',
    ['interface', 'direction'],
    (set) => {
      for (const [name, i] of Object.entries(host()?.network.interfaces ?? {})) {
        set({ interface: name, direction: 'receive' }, i.bytes_recv_per_sec);
        set({ interface: name, direction: 'transmit' }, i.bytes_sent_per_sec);
      }
    },
  );
}

function databaseGauges(r: Registry, src: ScrapeSources): void {
  gauge(
    r,
    'benchphant_db_metric',
    'The latest sample of each database being sampled, per figure (rates per second, sessions, seconds).',
    ['connection_id', 'metric'],
    (set) => {
      for (const s of src.databases())
        for (const [metric, v] of Object.entries(s.values))
          if (typeof v === 'number') set({ connection_id: s.connection_id, metric }, v);
    },
  );
  gauge(
    r,
    'benchphant_db_sample_timestamp_seconds',
    'When the latest sample of each database was taken.',
    ['connection_id'],
    (set) => {
      for (const s of src.databases())
        set({ connection_id: s.connection_id }, Date.parse(s.timestamp) / 1000);
    },
  );
}

function runGauges(r: Registry, src: ScrapeSources): void {
  const run =
    (fill: (x: ScrapeRun, id: string, set: (l: Labels, v: number) => void) => void) =>
    (set: (l: Labels, v: number) => void) => {
      const x = src.run();
      if (x) fill(x, x.status.id, set);
    };
  gauge(
    r,
    'benchphant_run_info',
    'The live (or latest) run: 1, with its status and workload.',
    ['run_id', 'status', 'workload', 'engine'],
    run((x, id, set) =>
      set(
        {
          run_id: id,
          status: x.status.status,
          workload: x.status.type,
          engine: x.status.engine ?? '',
        },
        1,
      ),
    ),
  );
  gauge(
    r,
    'benchphant_run_qps',
    'Statements per second over the measured intervals so far.',
    ['run_id'],
    run((x, id, set) => set({ run_id: id }, x.status.metrics.qps)),
  );
  gauge(
    r,
    'benchphant_run_tps',
    'Transactions per second over the measured intervals so far.',
    ['run_id'],
    run((x, id, set) => set({ run_id: id }, x.status.metrics.tps)),
  );
  gauge(
    r,
    'benchphant_run_interval_qps',
    'Statements per second in the latest interval.',
    ['run_id'],
    run((x, id, set) => {
      if (x.lastIntervalQps !== null) set({ run_id: id }, x.lastIntervalQps);
    }),
  );
  gauge(
    r,
    'benchphant_run_transactions',
    'Transactions measured so far.',
    ['run_id'],
    run((x, id, set) => set({ run_id: id }, x.status.detail.transactions)),
  );
  gauge(
    r,
    'benchphant_run_queries',
    'Statements measured so far.',
    ['run_id'],
    run((x, id, set) => set({ run_id: id }, x.status.detail.queries)),
  );
  gauge(
    r,
    'benchphant_run_latency_seconds',
    'Transaction latency quantiles, read from the merged HDR histogram of the measured intervals.',
    ['run_id', 'quantile'],
    run((x, id, set) => {
      if (!x.histogram) return;
      const h = decodeHistogram(x.histogram);
      if (h.totalCount === 0) return;
      for (const q of RUN_QUANTILES)
        set({ run_id: id, quantile: q }, h.getValueAtPercentile(q * 100) / 1e6);
    }),
  );
  gauge(
    r,
    'benchphant_run_errors',
    'Failed transactions so far, by error class.',
    ['run_id', 'class'],
    run((x, id, set) => {
      for (const [c, n] of Object.entries(x.status.detail.errors_by_class))
        set({ run_id: id, class: c }, n);
    }),
  );
  agentGauges(r, run);
}

type RunFill = (
  fill: (x: ScrapeRun, id: string, set: (l: Labels, v: number) => void) => void,
) => (set: (l: Labels, v: number) => void) => void;

function agentGauges(r: Registry, run: RunFill): void {
  const agents = (
    each: (
      a: RunTopology['agents'][number],
      l: Labels,
      set: (l: Labels, v: number) => void,
    ) => void,
  ) =>
    run((x, id, set) => {
      for (const a of x.topology?.agents ?? []) each(a, { run_id: id, shard: a.shard }, set);
    });
  gauge(
    r,
    'benchphant_agent_up',
    'Whether an agent of the run is still in it (0 once lost).',
    ['run_id', 'shard', 'state'],
    agents((a, l, set) => set({ ...l, state: a.state }, a.state === 'lost' ? 0 : 1)),
  );
  gauge(
    r,
    'benchphant_agent_interval_qps',
    "An agent's statements per second in its latest interval.",
    ['run_id', 'shard'],
    agents((a, l, set) => {
      const last = a.intervals.at(-1);
      if (last) set(l, last.qps);
    }),
  );
  gauge(
    r,
    'benchphant_agent_queries',
    'Statements an agent has run.',
    ['run_id', 'shard'],
    agents((a, l, set) => set(l, a.queries)),
  );
  gauge(
    r,
    'benchphant_agent_clock_offset_seconds',
    "Coordinator clock minus the agent's.",
    ['run_id', 'shard'],
    agents((a, l, set) => {
      if (a.clock_offset_ms !== null) set(l, a.clock_offset_ms / 1000);
    }),
  );
}

/** A registry of its own (never prom-client's global one): one per server. */
export function createScrapeRegistry(src: ScrapeSources): Registry {
  const registry = new Registry();
  hostGauges(registry, src);
  databaseGauges(registry, src);
  runGauges(registry, src);
  return registry;
}
