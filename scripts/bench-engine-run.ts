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
}

const ID = '00000000-0000-4000-8000-0000000000a1';

function peakRss(): number {
  const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
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
  });
  const { id } = await engine.start(input);
  const summary = await engine.waitFor(id);
  off();
  if (summary.status !== 'completed')
    throw new Error(`${req.type} at ${req.threads}: ${summary.status} ${summary.message ?? ''}`);
  const run = engine.get(id);
  const used = cpu as NodeJS.CpuUsage | null;
  const report: EngineRunReport = {
    engine: summary.engine,
    qps: run.metrics.qps,
    tps: run.metrics.tps,
    p99: run.metrics.latency.p99,
    queries: run.detail.queries,
    cpuUs: used ? used.user + used.system : Number.NaN,
    systemUs: used ? used.system : Number.NaN,
    peakRss: peakRss(),
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
