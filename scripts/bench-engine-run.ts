// Runs in a child process of scripts/bench-engine.mjs, bundled by esbuild next to the product's own
// benchmark-worker.mjs and started with plain node, so that CPU and memory are those of what the
// app runs (no tsx loader, no transpiling). One Benchphant run per process; prints one JSON line.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runStartSchema } from '../shared/contract/benchmarks';
import type { ConnectionParams } from '../shared/model/connection';
import { BenchmarkEngine } from '../main/core/benchmark/engine';
import { createEventBus } from '../main/core/events';
import { silentLogger } from '../main/core/logging/logger';
import { openDatabase } from '../main/core/store/database';

export interface EngineRunRequest {
  params: ConnectionParams;
  type: string;
  threads: number;
  seconds: number;
  parameters: Record<string, string | number | boolean>;
  pipeline: number;
  engine: 'native' | 'node';
  poolSize?: number;
  /** Open loop: target transactions per second over all clients (absent: closed loop). */
  rate?: number;
}

export interface EngineRunReport {
  engine: string | null;
  qps: number;
  tps: number;
  p99: number;
  queries: number;
  /** Process CPU (every thread: main, workers, GC) from the start of the measurement to its end, µs. */
  cpuUs: number;
  /** The part of cpuUs spent in the kernel (socket calls), µs. */
  systemUs: number;
  /** Peak resident set of the whole process (VmHWM), bytes. */
  peakRss: number;
  /**
   * What the run added to the process's resident set: its peak minus the resident set just before
   * the run started (Node, the core and the store loaded, the workload's tables prepared), bytes.
   * For the native engine that is the engine and the one worker thread that hosts it.
   */
  runRss: number;
  /** Mean and median latency (ms), from the engine's whole-run histogram. */
  mean: number;
  p50: number;
  /** Client overhead per query (ms): time inside our own loop before a query is sent. */
  overheadMs: number | null;
  /** Open loop: schedule lag (ms), mean and p99. */
  lagMean: number | null;
  lagP99: number | null;
  /** What the engine counted in the intervals compared: transactions (PostgreSQL), queries (MySQL). */
  engineCount: number;
  /**
   * What the server counted over the same intervals: PostgreSQL xact_commit (of the run's
   * database), MySQL Questions (server-wide: other clients add to it).
   */
  serverCount: number;
  serverCounter: string;
}

const ID = '00000000-0000-4000-8000-0000000000a1';

function status(field: 'VmHWM' | 'VmRSS'): number {
  const kb = new RegExp(`${field}:\\s+(\\d+) kB`).exec(
    readFileSync('/proc/self/status', 'utf8'),
  )?.[1];
  return Number(kb) * 1024;
}

async function main(): Promise<void> {
  const req = JSON.parse(process.argv[2] ?? '') as EngineRunRequest;
  const work = mkdtempSync(join(tmpdir(), 'bench-engine-run-'));
  const db = openDatabase(join(work, 'benchphant.sqlite'));
  const events = createEventBus();
  const engine = new BenchmarkEngine({
    db,
    events,
    logger: silentLogger,
    connection: () => ({ name: 'bench', type: req.params.type, environment: 'test' }),
    resolveParams: async () => req.params,
  });
  let cpuStart: NodeJS.CpuUsage | null = null;
  let cpu: NodeJS.CpuUsage | null = null;
  const off = events.subscribe((e) => {
    if (e.event !== 'runs.progressed') return;
    if (e.payload.status === 'running' && cpuStart === null) cpuStart = process.cpuUsage();
    if (e.payload.phase === 'done' && cpuStart) cpu = process.cpuUsage(cpuStart);
  });
  const input = runStartSchema.parse({
    connection_id: ID,
    type: req.type,
    threads: req.threads,
    duration: req.seconds,
    warmup: 0,
    pipeline: req.pipeline,
    parameters: req.parameters,
    engine: req.engine,
    ...(req.poolSize ? { pool_size: req.poolSize } : {}),
    ...(req.rate ? { rate: req.rate } : {}),
  });
  const rssBefore = status('VmRSS');
  const { id } = await engine.start(input);
  const summary = await engine.waitFor(id);
  off();
  if (summary.status !== 'completed')
    throw new Error(`${req.type} at ${req.threads}: ${summary.status} ${summary.message ?? ''}`);
  const run = engine.get(id);
  const used = cpu as NodeJS.CpuUsage | null;
  // Every statement of these workloads is its own commit on PostgreSQL (autocommit, or the
  // transaction's END), hence xact_commit; MySQL counts statements in Questions.
  const counter = req.params.type === 'postgresql' ? 'xact_commit' : 'Questions';
  // The intervals whose probe reading came (a late one leaves the counters empty), without the
  // first: a PostgreSQL backend reports its commits to pg_stat_database at most once a second, so
  // every reading during the run trails by about half a second, but the baseline before the start
  // does not, and the first interval's change would come out short by that half second.
  const measured = engine
    .intervals(id)
    .filter((i) => !i.warmup && i.server_counters[counter] !== undefined)
    .slice(1);
  const intervalS = input.report_interval_ms / 1000;
  const detail = run.detail;
  const report: EngineRunReport = {
    engine: summary.engine,
    qps: run.metrics.qps,
    tps: run.metrics.tps,
    p99: run.metrics.latency.p99,
    queries: run.detail.queries,
    cpuUs: used ? used.user + used.system : Number.NaN,
    systemUs: used ? used.system : Number.NaN,
    peakRss: status('VmHWM'),
    runRss: status('VmHWM') - rssBefore,
    mean: run.metrics.latency.avg,
    p50: run.metrics.latency.p50,
    overheadMs: detail.client_overhead_ms ?? null,
    lagMean: detail.schedule_lag?.avg ?? null,
    lagP99: detail.schedule_lag?.p99 ?? null,
    engineCount:
      measured.reduce((a, i) => a + (req.params.type === 'postgresql' ? i.tps : i.qps), 0) *
      intervalS,
    serverCount: measured.reduce((a, i) => a + (i.server_counters[counter] ?? 0), 0),
    serverCounter: counter,
  };
  await engine.close();
  db.close();
  rmSync(work, { recursive: true, force: true });
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
