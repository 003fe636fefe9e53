// Runs in the CLI process. `benchphant run`: starts a benchmark through dispatch(), prints one line
// per interval (as sysbench --report-interval does) and a final report; never prints a password.
import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { Payload } from '../../../shared/contract';
import {
  type RunInterval,
  type RunStatusView,
  type RunSummary,
  WORKLOAD_TYPES,
} from '../../../shared/contract/benchmarks';
import { runBundleSchema } from '../../../shared/contract/results';
import { roughDuration } from '../../../shared/model/benchmark-data';
import { parseConnectionUrl } from '../../core/connections/url';
import { CliFailure, EXIT_FAILED, EXIT_USAGE } from '../exit';
import { type CliIo, writeLine } from '../io';
import { type Session, withOwnerSession } from '../session';
import { baselineGate } from './compare';

/** The options that describe a run (`run` and the base of `plan`). */
export interface RunOptions {
  connection: string;
  profile?: string;
  workload?: string;
  threads?: string;
  duration?: string;
  rate?: string;
  warmup?: string;
  param: string[];
  script: string[];
  protocol?: string;
  pipeline?: string;
  maxTries?: string;
  engine?: string;
  seed?: string;
  schema?: string;
  cleanup?: boolean;
  outageFailShare?: string;
  allowProduction?: boolean;
  confirmLargePrepare?: boolean;
  agents?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const collect = (value: string, all: string[]) => [...all, value];
/** Digits become numbers, so the contract sees the types it declares; anything else stays text for it to judge. */
export const num = (v: string | undefined): unknown =>
  v !== undefined && /^-?\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : v;

/** `local:N`, or a JSON file with the run's `agents` settings (a Kubernetes launcher's image, …). */
async function agentsOption(spec: string): Promise<unknown> {
  const local = /^local:(\d+)$/.exec(spec.trim());
  if (local) return { launcher: 'local', count: Number(local[1]) };
  try {
    return JSON.parse(await readFile(spec, 'utf8')) as unknown;
  } catch {
    throw new CliFailure(
      `--agents takes local:N or a readable JSON file of agents settings (${spec})`,
      EXIT_USAGE,
    );
  }
}

/** NAME, ID, a connection URL (saved on first use) or `sandbox` (started for the run). */
async function resolveConnection(s: Session, ref: string): Promise<string> {
  if (ref === 'sandbox') {
    const status = await s.call('sandbox.start');
    if (!status.connection_id) throw new CliFailure(status.message ?? 'The sandbox did not start.');
    return status.connection_id;
  }
  if (UUID.test(ref)) return ref;
  const all = await s.call('connections.list');
  if (ref.includes('://')) {
    // The same server, database and user as a saved connection: reuse it rather than pile up copies.
    const p = parseConnectionUrl(ref);
    const same = all.find(
      (c) =>
        c.type === p.type &&
        c.host === p.host &&
        c.port === p.port &&
        c.database === p.database &&
        c.username === p.username,
    );
    return same ? same.id : (await s.call('connections.createFromUrl', { url: ref })).id;
  }
  const named = all.filter((c) => c.name === ref);
  if (named.length === 1) return named[0]!.id;
  if (named.length > 1)
    throw new CliFailure(`Several connections are named '${ref}'; use its id.`, EXIT_USAGE);
  throw new CliFailure(
    `No connection named '${ref}'. \`benchphant connections list\` shows them.`,
    EXIT_USAGE,
  );
}

/** A saved profile's settings, found by name regardless of case. */
async function profileConfig(s: Session, name: string): Promise<Record<string, unknown>> {
  const all = await s.call('profiles.list');
  const found = all.find((p) => p.name.toLowerCase() === name.trim().toLowerCase());
  if (found) return found.config;
  throw new CliFailure(
    `No benchmark profile named '${name}'. ${all.length ? `Saved profiles: ${all.map((p) => p.name).join(', ')}.` : 'None is saved yet: save one from the New run form.'}`,
    EXIT_USAGE,
  );
}

function parameters(pairs: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new CliFailure(`--param takes key=value (got '${pair}').`, EXIT_USAGE);
    const value = pair.slice(eq + 1);
    out[pair.slice(0, eq)] = value === 'true' ? true : value === 'false' ? false : num(value);
  }
  return out;
}

/** `FILE` or `FILE@WEIGHT`, as pgbench -f. */
async function scripts(specs: string[]) {
  return Promise.all(
    specs.map(async (spec) => {
      const m = /^(.*?)(?:@(\d+))?$/.exec(spec)!;
      const file = m[1]!;
      const sql = await readFile(file, 'utf8').catch(() => {
        throw new CliFailure(`Cannot read the script ${file}.`, EXIT_USAGE);
      });
      return { name: file.split('/').at(-1) ?? file, sql, weight: m[2] ? Number(m[2]) : 1 };
    }),
  );
}

const ms = (v: number) => v.toFixed(2);
const ms3 = (v: number) => v.toFixed(3);

export function intervalLine(i: RunInterval): string {
  const tag = i.warmup ? ' (warm-up)' : '';
  return (
    `[ ${i.t}s ]${tag} thds: ${i.threads} tps: ${i.tps.toFixed(2)} qps: ${i.qps.toFixed(2)} ` +
    `lat (ms,p50/p95/p99): ${ms(i.latency.p50)}/${ms(i.latency.p95)}/${ms(i.latency.p99)} ` +
    `err/s: ${i.errors} reconn/s: ${i.reconnects}` +
    (i.lag_p99 !== null ? ` lag p99: ${ms(i.lag_p99)}` : '')
  );
}

/** "measured on pg-prod-1 (deleted connection), PostgreSQL 15.8 at db1:5432/app". */
export function measuredOn(r: RunSummary, version: string | null): string {
  const t = r.target;
  if (!t) return `server ${version ?? 'unknown'}`;
  const deleted = r.connection_deleted ? ' (deleted connection)' : '';
  return `measured on ${t.connection_name}${deleted}, ${t.server_version ?? version ?? 'unknown server'} at ${t.host}:${t.port}/${t.database}`;
}

/** The run's caveats, one paragraph each. */
export function warningLines(r: Pick<RunSummary, 'warnings'>): string[] {
  return r.warnings.map((w) => `WARNING (${w.code}): ${w.message}`);
}

/** "Preparing: 40% (400,000 of 1,000,000 rows, 98,000 rows/s, about 7 s left)". */
export function prepareLine(p: Payload<'runs.progressed'>): string {
  const n = (v: number) => v.toLocaleString('en-US');
  const rows =
    p.rows_done !== null && p.rows_total !== null
      ? `${n(p.rows_done)} of ${n(p.rows_total)} rows, `
      : '';
  const eta = p.eta_s !== null ? `, ${roughDuration(p.eta_s)} left` : '';
  return `Preparing: ${Math.round(p.progress * 100)}% (${rows}${n(p.rows_per_s ?? 0)} rows/s${eta})`;
}

/** ", on 2 threads" when the run recorded how many threads carried its clients. */
const threadsOf = (n: number | null | undefined) =>
  n === null || n === undefined ? '' : ` on ${n} thread${n === 1 ? '' : 's'}`;

export function finalReport(r: RunStatusView): string[] {
  const d = r.detail;
  const l = r.metrics.latency;
  const lines = [
    '',
    `Run ${r.id}: ${r.status}${r.message ? ` (${r.message})` : ''}`,
    `Workload ${r.type}, ${r.threads} client(s), ${r.duration} s measured; ${measuredOn(r, r.server?.version ?? null)}`,
    `Engine: ${r.engine ?? 'none (the run ended before it started measuring)'}${threadsOf(d.engine_threads)}; seed ${r.config.seed ?? 'none'}`,
    ...(d.engine_fallback ? [`    on the Node engine because ${d.engine_fallback}`] : []),
    'SQL statistics:',
    `    transactions: ${d.transactions} (${r.metrics.tps.toFixed(2)} per sec.)`,
    `    queries:      ${d.queries} (${r.metrics.qps.toFixed(2)} per sec.)`,
    `    errors:       ${r.metrics.errors} (${
      Object.entries(d.errors_by_class)
        .filter(([, n]) => n > 0)
        .map(([c, n]) => `${c} ${n}`)
        .join(', ') || 'none'
    }); retries ${d.retries}; reconnects ${d.reconnects}`,
    'Latency (ms):',
    `    avg ${ms(l.avg)}  p50 ${ms(l.p50)}  p95 ${ms(l.p95)}  p99 ${ms(l.p99)}  p99.9 ${ms(l.p999)}  max ${ms(l.max)}`,
  ];
  if (d.client_overhead_ms !== null && d.client_overhead_ms !== undefined)
    lines.push(
      `    client overhead per statement (before sending, not in the latency): ${d.client_overhead_ms.toFixed(3)} ms`,
    );
  if (d.service_latency && d.schedule_lag) {
    const saturated = r.warnings.some((w) => w.code === 'saturated') || d.saturated;
    lines.push(
      `    service time (from send): p50 ${ms(d.service_latency.p50)}  p99 ${ms(d.service_latency.p99)}`,
      `    schedule lag: p50 ${ms(d.schedule_lag.p50)}  p99 ${ms(d.schedule_lag.p99)}  max ${ms(d.schedule_lag.max)}; target ${d.target_rate}/s, achieved ${r.metrics.tps.toFixed(2)}/s${saturated ? ' — SATURATED' : ''}`,
    );
  }
  for (const [name, t] of Object.entries(d.by_transaction)) {
    lines.push(
      `    ${name}: ${t.count} txns  p50 ${ms(t.latency.p50)}  p95 ${ms(t.latency.p95)}  p99 ${ms(t.latency.p99)}`,
    );
  }
  for (const [name, t] of Object.entries(d.by_statement)) {
    lines.push(
      `    ${name} statements: ${t.count}  p50 ${ms(t.latency.p50)}  p95 ${ms(t.latency.p95)}  p99 ${ms(t.latency.p99)}`,
    );
  }
  if (d.network_rtt_before_ms !== null) {
    const min =
      d.network_rtt_before_min_ms == null ? '' : `min ${ms3(d.network_rtt_before_min_ms)}, `;
    lines.push(
      `Network round trip (idle, before the run): ${min}median ${ms3(d.network_rtt_before_ms)} ms`,
    );
  }
  if (d.network_rtt_ms !== null)
    lines.push(
      `Probe latency under load (queues behind the run's traffic): ${ms3(d.network_rtt_ms)} ms`,
    );
  for (const [c, m] of Object.entries(d.first_errors)) lines.push(`First ${c} error: ${m}`);
  lines.push(...warningLines(r));
  return lines;
}

/** Adds the options of a run to a command. */
export function withRunOptions(cmd: Command): Command {
  return cmd
    .requiredOption('--connection <ref>', 'connection name, id, URL, or `sandbox`')
    .option('--profile <name>', 'start from a saved profile; the options below override it')
    .option(
      '--workload <type>',
      `one of: ${WORKLOAD_TYPES.join(', ')} (required without --profile)`,
    )
    .option('--threads <n>', 'client connections (default 1)')
    .option('--duration <s>', 'measured seconds (default 10)')
    .option('--rate <tps>', 'open loop: target transactions per second')
    .option('--warmup <s>', 'warm-up seconds (default 10% of the duration)')
    .option(
      '--param <key=value>',
      'workload parameter (tables, table_size, rand_type, scale, …); repeatable',
      collect,
      [],
    )
    .option('--script <file[@weight]>', 'custom workload script; repeatable', collect, [])
    .option('--protocol <mode>', 'prepared (default) or simple')
    .option('--pipeline <n>', 'statements in flight per connection (non-transactional workloads)')
    .option('--max-tries <n>', 'tries per transaction on serialization failure or deadlock')
    .option(
      '--engine <name>',
      'load engine: auto (default: native where it is built), native or node',
    )
    .option('--seed <n>', 'seed of the random choices: the same seed sends the same statements')
    .option('--schema <name>', 'schema/database for the benchmark tables')
    .option('--cleanup', 'drop the benchmark tables afterwards')
    .option(
      '--outage-fail-share <0..1>',
      'fail the run when more than this share of its intervals had no throughput (default 0.5)',
    )
    .option('--allow-production', 'allow a run against a production connection')
    .option(
      '--agents <local:N|file.json>',
      'a distributed run: N local agent processes, or the agents settings in a JSON file (docs/distributed.md)',
    )
    .option(
      '--confirm-large-prepare',
      'allow a prepare phase that loads more than about 1 GB (the refusal says how much)',
    );
}

/** The run request the options describe: a saved profile's settings, overridden by the options. */
export async function runInput(s: Session, o: RunOptions) {
  if (!o.workload && !o.profile)
    throw new CliFailure('--workload is required (or --profile NAME).', EXIT_USAGE);
  const base = o.profile
    ? await profileConfig(s, o.profile)
    : { threads: 1, duration: 10, parameters: {} };
  return {
    ...base,
    connection_id: await resolveConnection(s, o.connection),
    ...(o.workload !== undefined ? { type: o.workload } : {}),
    ...(o.threads !== undefined ? { threads: num(o.threads) } : {}),
    ...(o.duration !== undefined ? { duration: num(o.duration) } : {}),
    ...(o.param.length > 0
      ? { parameters: { ...(base.parameters as object), ...parameters(o.param) } }
      : {}),
    ...(o.rate !== undefined ? { rate: num(o.rate) } : {}),
    ...(o.warmup !== undefined ? { warmup: num(o.warmup) } : {}),
    ...(o.protocol !== undefined ? { protocol: o.protocol } : {}),
    ...(o.maxTries !== undefined ? { max_tries: num(o.maxTries) } : {}),
    ...(o.pipeline !== undefined ? { pipeline: num(o.pipeline) } : {}),
    ...(o.engine !== undefined ? { engine: o.engine } : {}),
    ...(o.seed !== undefined ? { seed: num(o.seed) } : {}),
    ...(o.schema !== undefined ? { schema: o.schema } : {}),
    ...(o.script.length > 0 ? { scripts: await scripts(o.script) } : {}),
    ...(o.cleanup ? { cleanup: true } : {}),
    ...(o.outageFailShare !== undefined ? { outage_fail_share: num(o.outageFailShare) } : {}),
    allow_production: o.allowProduction === true,
    ...(o.confirmLargePrepare ? { confirm_large_prepare: true } : {}),
    ...(o.agents !== undefined ? { agents: await agentsOption(o.agents) } : {}),
  };
}

/**
 * A run bundle (what `export`, `compare`, `import` and `--baseline` read) with the spec's status
 * shape at its top level too, so scripts reading `.status` or `.metrics.qps` keep working.
 */
async function runJson(s: Session, final: RunStatusView): Promise<string> {
  const exported = await s.call('results.export', { id: final.id, format: 'json' });
  const bundle = runBundleSchema.parse(JSON.parse(exported.content));
  return `${JSON.stringify({ ...final, ...bundle }, null, 2)}\n`;
}

export function runCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const cmd = program
    .command('run')
    .description('Run a benchmark and report its throughput and latency percentiles.');
  withRunOptions(cmd)
    .option(
      '--json <file>',
      'write the run as a bundle (compare, import and --baseline read it) with its status on top',
    )
    .option('--baseline <run>', 'afterwards, compare the run with this one (bundle file or run id)')
    .option(
      '--fail-on <thresholds>',
      'with --baseline: exit 1 when crossed, e.g. "p99>+10%,qps<-5%"',
    )
    .action(async (o: RunOptions & { json?: string; baseline?: string; failOn?: string }) => {
      const gate = await baselineGate(io, o);
      return withOwnerSession(io, 'benchphant run', async (s) => {
        const input = await runInput(s, o);
        let runId: string | null = null;
        let lastPrepare = -1;
        let resolveDone: () => void = () => {};
        const done = new Promise<void>((resolve) => (resolveDone = resolve));
        const onProgress = (p: Payload<'runs.progressed'>) => {
          if (p.id !== runId) return;
          if (p.interval) writeLine(io.stdout, intervalLine(p.interval));
          else if (
            p.phase === 'prepare' &&
            p.rows_per_s !== null &&
            Math.floor(p.progress * 10) > lastPrepare
          ) {
            lastPrepare = Math.floor(p.progress * 10);
            writeLine(io.stderr, prepareLine(p));
          }
          if (p.phase === 'done') resolveDone();
        };
        const off = s.core.events.subscribe((e) => {
          if (e.event === 'runs.progressed') onProgress(e.payload);
        });
        try {
          const started = await s.call('runs.start', input);
          runId = started.id;
          writeLine(
            io.stderr,
            `Benchmark ${started.id} started (${String(input.type)}, ${String(input.threads)} client(s)); Ctrl-C stops it.`,
          );
          const current = await s.call('runs.get', { id: started.id });
          if (current.phase !== 'done') {
            const signal = io.untilSignal().then(() => s.call('runs.cancel', { id: started.id }));
            await Promise.race([done, signal]);
            await done;
          }
          const final = await s.call('runs.get', { id: started.id });
          for (const line of finalReport(final)) writeLine(io.stdout, line);
          if (o.json) await writeFile(o.json, await runJson(s, final));
          if (final.status !== 'completed') setExit(EXIT_FAILED);
          else if (gate) setExit(await gate(s, started.id));
        } finally {
          off();
        }
      });
    });
}
