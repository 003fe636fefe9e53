// Runs in the main process, server and CLI. "Why is B different?": every captured fact about the
// compared runs that is not the same for all of them, most plausible cause first.
//
// The relevance order is fixed and deliberate: what was run (workload and its parameters) changes
// the figures outright; then how hard it was pushed (threads, rate, pipeline, protocol); then the
// server (engine version, then the settings known to move OLTP figures, in the order below); then
// the network round trip; then the client machine; then bookkeeping (duration, warm-up, pool size).
import type { DiffEntry, RunBundle } from '../../../shared/contract/results';

type Category = DiffEntry['category'];
type Value = string | null;

interface Fact {
  key: string;
  category: Category;
  label: string;
  rank: number;
  why: string;
  read(b: RunBundle): Value;
  /** Measured values differ a little every time; only a material difference is reported. */
  differs?(values: Value[]): boolean;
}

const text = (v: unknown): Value =>
  v === undefined || v === null ? null : typeof v === 'string' ? v : JSON.stringify(v);

/** Settings that most often explain an OLTP difference come first, in this order. */
const KEY_SETTINGS = [
  'shared_buffers',
  'innodb_buffer_pool_size',
  'synchronous_commit',
  'innodb_flush_log_at_trx_commit',
  'fsync',
  'sync_binlog',
  'default_transaction_isolation',
  'transaction_isolation',
  'tx_isolation',
  'work_mem',
  'effective_cache_size',
  'random_page_cost',
  'wal_level',
  'max_wal_size',
  'checkpoint_timeout',
  'innodb_log_file_size',
  'innodb_flush_method',
  'innodb_io_capacity',
  'thread_handling',
  'max_connections',
];

const RANK = { workload: 1, load: 2, server: 3, settings: 4, network: 5, client: 6, other: 7 };

const FIXED_FACTS: Fact[] = [
  {
    key: 'config.type',
    category: 'workload',
    label: 'Workload',
    rank: RANK.workload,
    why: 'A different workload runs different statements; its figures are not comparable one to one.',
    read: (b) => b.run.type,
  },
  {
    key: 'config.scripts',
    category: 'workload',
    label: 'Custom scripts',
    rank: RANK.workload,
    why: 'Different statements or weights change what each transaction costs.',
    read: (b) => text(b.run.config.scripts),
  },
  {
    key: 'config.threads',
    category: 'load',
    label: 'Clients',
    rank: RANK.load,
    why: 'More concurrent clients raise throughput until the server saturates, then raise latency.',
    read: (b) => String(b.run.config.threads),
  },
  {
    key: 'config.rate',
    category: 'load',
    label: 'Target rate (open loop)',
    rank: RANK.load,
    why: 'A rate limit caps throughput; closed and open loop measure latency differently.',
    read: (b) => (b.run.config.rate === undefined ? 'closed loop' : `${b.run.config.rate}/s`),
  },
  {
    key: 'config.stages',
    category: 'load',
    label: 'Load stages',
    rank: RANK.load,
    why: 'Stages change the load during the run.',
    read: (b) => text(b.run.config.stages),
  },
  {
    key: 'config.pipeline',
    category: 'load',
    label: 'Pipeline depth',
    rank: RANK.load,
    why: 'Pipelining hides the network round trip and raises throughput per connection.',
    read: (b) => String(b.run.config.pipeline),
  },
  {
    key: 'config.protocol',
    category: 'load',
    label: 'Query protocol',
    rank: RANK.load,
    why: 'Prepared statements skip parsing and planning on each call.',
    read: (b) => b.run.config.protocol,
  },
  {
    key: 'config.agents',
    category: 'load',
    label: 'Load agents',
    rank: RANK.load,
    why: 'Load spread over more machines can reach a server one client machine cannot saturate.',
    read: (b) => {
      const a = b.run.config.agents;
      return a ? `${a.count} agents (${a.launcher})` : 'one machine';
    },
  },
  {
    key: 'config.max_tries',
    category: 'load',
    label: 'Tries per transaction',
    rank: RANK.load,
    why: 'Retries turn errors into slower successes.',
    read: (b) => String(b.run.config.max_tries),
  },
  {
    key: 'server.engine',
    category: 'server',
    label: 'Database engine',
    rank: RANK.server,
    why: 'Different engines are different software.',
    read: (b) => b.run.connection?.type ?? null,
  },
  {
    key: 'server.version',
    category: 'server',
    label: 'Server version',
    rank: RANK.server,
    why: 'Planner, storage and locking change between versions.',
    read: (b) => b.run.server?.version ?? null,
  },
  {
    key: 'network.rtt_before_ms',
    category: 'network',
    label: 'Network round trip before the run (ms)',
    rank: RANK.network,
    why: 'Every statement pays the round trip; a slower network lowers throughput per connection.',
    read: (b) => (b.run.detail?.network_rtt_before_ms ?? null)?.toFixed(3) ?? null,
    differs: materially(0.25, 0.05),
  },
  {
    key: 'client.cores',
    category: 'client',
    label: 'Client CPU cores',
    rank: RANK.client,
    why: 'A client with fewer cores can become the bottleneck.',
    read: (b) => text(b.run.client?.cores),
  },
  {
    key: 'client.cpu',
    category: 'client',
    label: 'Client CPU',
    rank: RANK.client,
    why: 'A slower client generates less load.',
    read: (b) => text(b.run.client?.cpu),
  },
  {
    key: 'client.memory_bytes',
    category: 'client',
    label: 'Client memory (bytes)',
    rank: RANK.client,
    why: 'Rarely matters, unless the client swapped.',
    read: (b) => text(b.run.client?.memory_bytes),
  },
  {
    key: 'client.os',
    category: 'client',
    label: 'Client OS',
    rank: RANK.other,
    why: 'Kernel and network stack differ between systems.',
    read: (b) => text(b.run.client?.os),
  },
  {
    key: 'client.node',
    category: 'client',
    label: 'Client Node.js',
    rank: RANK.other,
    why: 'The load generator itself changed.',
    read: (b) => text(b.run.client?.node),
  },
  {
    key: 'config.duration',
    category: 'workload',
    label: 'Measured seconds',
    rank: RANK.other,
    why: 'Short runs are noisier and may end before caches are warm.',
    read: (b) => String(b.run.config.duration),
  },
  {
    key: 'config.warmup',
    category: 'workload',
    label: 'Warm-up seconds',
    rank: RANK.other,
    why: 'Without warm-up, cold caches count in the figures.',
    read: (b) => text(b.run.config.warmup ?? null),
  },
  {
    key: 'config.pool_size',
    category: 'client',
    label: 'Worker threads',
    rank: RANK.other,
    why: 'Too few worker threads can limit the load a client generates.',
    read: (b) => text(b.run.config.pool_size ?? null),
  },
];

/** Numbers that differ by more than `ratio` relative and `absolute` units. */
function materially(ratio: number, absolute: number): (values: Value[]) => boolean {
  return (values) => {
    const nums = values.filter((v): v is string => v !== null).map(Number);
    if (nums.length < values.length) return values.some((v) => v !== null);
    const lo = Math.min(...nums);
    const hi = Math.max(...nums);
    return hi - lo > absolute && (lo === 0 || hi / lo - 1 > ratio);
  };
}

function dynamicFacts(runs: readonly RunBundle[]): Fact[] {
  const params = new Set(runs.flatMap((b) => Object.keys(b.run.config.parameters)));
  const settings = new Set(runs.flatMap((b) => Object.keys(b.run.server?.settings ?? {})));
  const settingOrder = (name: string) => {
    const i = KEY_SETTINGS.indexOf(name);
    return i === -1 ? KEY_SETTINGS.length : i;
  };
  return [
    ...[...params].map((name): Fact => ({
      key: `config.parameters.${name}`,
      category: 'workload',
      label: `Workload parameter ${name}`,
      rank: RANK.workload,
      why: 'Table count and size decide whether the data fits in memory and how often rows collide.',
      read: (b) => text(b.run.config.parameters[name]),
    })),
    ...[...settings]
      .sort((a, b) => settingOrder(a) - settingOrder(b) || a.localeCompare(b))
      .map((name): Fact => ({
        key: `settings.${name}`,
        category: 'settings',
        label: `Server setting ${name}`,
        rank: RANK.settings,
        why: 'Memory, durability and isolation settings move throughput and latency directly.',
        read: (b) => b.run.server?.settings[name] ?? null,
      })),
  ];
}

export function whyDifferent(runs: readonly RunBundle[]): DiffEntry[] {
  const facts = [...FIXED_FACTS, ...dynamicFacts(runs)];
  const entries: (DiffEntry & { order: number })[] = [];
  facts.forEach((f, order) => {
    const values = runs.map((b) => f.read(b));
    const differs = f.differs ? f.differs(values) : new Set(values).size > 1;
    if (!differs) return;
    entries.push({
      key: f.key,
      category: f.category,
      label: f.label,
      values,
      rank: f.rank,
      why: f.why,
      order,
    });
  });
  // Stable within a relevance class: the declared order (settings in KEY_SETTINGS order).
  entries.sort((a, b) => a.rank - b.rank || a.order - b.order);
  return entries.map(({ order: _order, ...e }, i) => ({ ...e, rank: i + 1 }));
}
