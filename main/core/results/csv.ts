// Runs in the main process, server and CLI. A run as one CSV table: a `summary` row with the
// run's totals and caveats, then one `interval` row per report interval, server counters as extra
// columns, then a `statement` row per top statement of the measured window (query analytics).
// `network_rtt_ms` is the probe under load; `network_rtt_idle_ms` the network alone. A distributed
// run adds an `agent` row per agent and interval: its shard, host and state, its clients in
// `threads`, its own throughput, p99 and errors.
import { stringify } from 'csv-stringify/sync';
import type { RunBundle } from '../../../shared/contract/results';

const FIXED = [
  'row',
  't',
  'warmup',
  'stage',
  'threads',
  'qps',
  'tps',
  'avg_ms',
  'p50_ms',
  'p95_ms',
  'p99_ms',
  'p999_ms',
  'max_ms',
  'errors',
  'retries',
  'reconnects',
  'lag_p99_ms',
  'network_rtt_ms',
  'network_rtt_idle_ms',
  'warnings',
  'statement',
  'calls',
  'total_ms',
  'mean_ms',
  'agent',
  'agent_host',
  'agent_state',
] as const;

/** The columns a statement row fills; the others stay empty. */
const STATEMENT_FROM = FIXED.indexOf('statement');
type Column = (typeof FIXED)[number];
/** Empty cells from `from` up to (not including) `to`; without `to`, to the last fixed column. */
const blanks = (from: Column, to?: Column) =>
  Array.from({ length: (to ? FIXED.indexOf(to) : FIXED.length) - FIXED.indexOf(from) }, () => '');

/** Every caveat in one cell of the summary row: `code: message`, separated by ` | `. */
const warningsCell = (b: RunBundle) =>
  b.run.warnings.map((w) => `${w.code}: ${w.message}`).join(' | ');

export function runCsv(b: RunBundle): string {
  const counters = [...new Set(b.intervals.flatMap((i) => Object.keys(i.server_counters)))].sort();
  const m = b.run.metrics;
  const d = b.run.detail;
  const summary = [
    'summary',
    b.run.config.duration,
    false,
    '',
    b.run.threads,
    m?.qps ?? '',
    m?.tps ?? '',
    m?.latency.avg ?? '',
    m?.latency.p50 ?? '',
    m?.latency.p95 ?? '',
    m?.latency.p99 ?? '',
    m?.latency.p999 ?? '',
    m?.latency.max ?? '',
    m?.errors ?? '',
    d?.retries ?? '',
    d?.reconnects ?? '',
    d?.schedule_lag?.p99 ?? '',
    d?.network_rtt_ms ?? '',
    d?.network_rtt_before_ms ?? '',
    warningsCell(b),
    ...blanks('statement'),
    ...counters.map(() => ''),
  ];
  const rows = b.intervals.map((i) => [
    'interval',
    i.t,
    i.warmup,
    i.stage,
    i.threads,
    i.qps,
    i.tps,
    i.latency.avg,
    i.latency.p50,
    i.latency.p95,
    i.latency.p99,
    i.latency.p999,
    i.latency.max,
    i.errors,
    i.retries,
    i.reconnects,
    i.lag_p99 ?? '',
    i.network_rtt_ms ?? '',
    ...blanks('network_rtt_idle_ms'),
    ...counters.map((c) => i.server_counters[c] ?? ''),
  ]);
  const qa = b.query_analytics;
  const statements = (qa?.available ? qa.top : []).map((s) => [
    'statement',
    ...Array.from({ length: STATEMENT_FROM - 1 }, () => ''),
    s.text,
    s.calls,
    s.total_ms,
    s.mean_ms,
    ...blanks('agent'),
    ...counters.map(() => ''),
  ]);
  const agents = (b.agents?.agents ?? []).flatMap((a) =>
    a.intervals.map((i) => {
      const interval = b.intervals[i.index];
      return [
        'agent',
        interval?.t ?? '',
        interval?.warmup ?? '',
        interval?.stage ?? '',
        a.clients,
        i.qps,
        i.tps,
        ...blanks('avg_ms', 'p99_ms'),
        i.p99,
        ...blanks('p999_ms', 'errors'),
        i.errors,
        ...blanks('retries', 'agent'),
        a.shard,
        a.host ?? '',
        a.state,
        ...counters.map(() => ''),
      ];
    }),
  );
  return stringify([[...FIXED, ...counters], summary, ...rows, ...statements, ...agents], {
    cast: { boolean: (v) => (v ? 'true' : 'false') },
  });
}
