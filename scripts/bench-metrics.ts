// Runs under tsx (`npm run bench:metrics`): a measurement, not a test. Prints the sampler's CPU
// cost next to a plain systeminformation loop of the same fields, insert cost, query times on
// 30 days of 5-second history and the database size. Never run in CI as a pass/fail check.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { createEventBus } from '../main/core/events';
import { silentLogger } from '../main/core/logging/logger';
import { systemClock, type Clock } from '../main/core/metrics/clock';
import { encodeSample, type StoredSample } from '../main/core/metrics/history-store';
import { HostReader } from '../main/core/metrics/host-reader';
import { createPerfSource, defaultProbeEnv, probePerf } from '../main/core/metrics/perf-counters';
import { MetricsService } from '../main/core/metrics/service';
import { openDatabase } from '../main/core/store/database';
import { makeKeyPair, startSshd } from '../tests/support/sshd';
import type { LoopKind, LoopReport } from './bench-metrics-loop';
import { dbSampling, history as dbHistory, realFigures } from './bench-metrics-db';

const DAY = 86_400_000;
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

interface LoopResult extends LoopReport {
  perHourMs: number;
  coreShare: number;
}

/**
 * The loops run as the app runs them: bundled, on plain node, one loop per fresh process, so no
 * loop pays for another's heap, for systeminformation being loaded, or for tsx's loader thread.
 * The bundle lives under out/ so that its packages resolve from the checkout's node_modules.
 */
async function bundleLoop(): Promise<string> {
  const outdir = join(root, 'out', 'bench-metrics');
  mkdirSync(outdir, { recursive: true });
  const outfile = join(outdir, 'loop.mjs');
  await build({
    entryPoints: [join(root, 'scripts', 'bench-metrics-loop.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  });
  return outfile;
}

function runLoop(
  bundle: string,
  kind: LoopKind,
  intervalMs: number,
  samples: number,
  env?: NodeJS.ProcessEnv,
): LoopResult {
  const out = execFileSync(process.execPath, [bundle, kind, String(intervalMs), String(samples)], {
    encoding: 'utf8',
    env: env ?? process.env,
  });
  const r = JSON.parse(out) as LoopReport;
  return {
    ...r,
    perHourMs: r.perSampleMs * (3_600_000 / intervalMs),
    coreShare: (r.perSampleMs / intervalMs) * 100,
  };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

/** Median wall time and mean CPU time of one call, in ms (CPU time is less hurt by a busy machine). */
function time(fn: () => unknown, runs = 15): { wall: number; cpu: number } {
  fn();
  const t: number[] = [];
  const before = process.cpuUsage();
  for (let i = 0; i < runs; i += 1) {
    const a = performance.now();
    fn();
    t.push(performance.now() - a);
  }
  const used = process.cpuUsage(before);
  return { wall: median(t), cpu: (used.user + used.system) / 1000 / runs };
}

/** Realistic values: a real sample of this machine, scaled by noise per figure. */
function* history(
  from: number,
  to: number,
  stepMs: number,
  base: (number | null)[],
): Generator<StoredSample> {
  let x = 12345;
  const rnd = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4_294_967_296;
  };
  for (let ts = from; ts < to; ts += stepMs) {
    yield {
      ts,
      runId: null,
      values: base.map((v) => (v === null ? null : Math.round((v || 100) * (0.5 + rnd())))),
    };
  }
}

const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
const f = (n: number, digits = 2) => n.toFixed(digits);

/**
 * The server host sampler against a throwaway sshd on loopback (this machine as the server): the
 * client's CPU per sample, one exec each. Needs root, as the sshd of the tests does.
 */
async function remoteLoop(bundle: string, samples: number): Promise<LoopResult> {
  const dir = mkdtempSync(join(tmpdir(), 'bp-bench-ssh-'));
  const key = await makeKeyPair(dir, 'id_bench');
  const sshd = await startSshd({ authorizedKeys: [key.publicLine] });
  try {
    return runLoop(bundle, 'remote', 1000, samples, {
      ...process.env,
      BENCH_SSH_PORT: String(sshd.port),
      BENCH_SSH_KEY: key.privateFile,
    });
  } finally {
    await sshd.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const LOOPBACK_PG = {
  type: 'postgresql',
  host: '127.0.0.1',
  port: 5432,
  database: 'test',
  username: 'postgres',
  tls: { mode: 'disable' },
} as const;

/**
 * Issue 19's targets: the database sampler (server time and client CPU per sample), the server
 * host over SSH (client CPU per sample) and a month of one connection's 1 s history.
 */
async function serverSide(
  bundle: string,
  samples: number,
  remote?: LoopResult,
  idle?: LoopResult,
): Promise<string[]> {
  // Any Node process with a 1 s timer pays this much; the targets are about what sampling adds.
  const baseline = idle ?? runLoop(bundle, 'idle', 1000, samples);
  process.stderr.write('measuring the database sampler on private servers…\n');
  const db = await dbSampling((env) => {
    const r = runLoop(bundle, 'db', 1000, samples, { ...process.env, ...env });
    return {
      perSampleMs: r.perSampleMs,
      serverCpuPerSampleMs: r.serverCpuPerSampleMs ?? null,
      samples,
    };
  });
  const host = remote ?? (await remoteLoop(bundle, samples));
  process.stderr.write('writing a month of one connection at 1 s through the rollups…\n');
  const hist = dbHistory(await realFigures(LOOPBACK_PG));
  const worstQuery = Math.max(
    ...hist.queries.filter((q) => q.name.includes('auto')).map((q) => q.wallMs),
  );
  return [
    row(['per-connection sampling (issue 19)', 'ours', 'target']),
    row(['---', '---', '---']),
    ...db.flatMap((d) => [
      row([
        `${d.engine}: server query time per sample (${d.samples} samples)`,
        `${f(d.serverMsPerSample, 3)} ms`,
        '≤ 1 ms',
      ]),
      row([
        `${d.engine}: server CPU of the sampler's session per sample (all its work)`,
        d.serverCpuMsPerSample === null ? 'n/a' : `${f(d.serverCpuMsPerSample, 3)} ms`,
        '',
      ]),
      row([
        `${d.engine}: client CPU per sample at 1 s, beyond the empty timer`,
        `${f(d.clientCpuMsPerSample - baseline.perSampleMs, 3)} ms (${f(d.clientCpuMsPerSample, 3)} in all)`,
        '≤ 1 ms',
      ]),
    ]),
    row([
      'server host over SSH: client CPU per sample at 1 s, beyond the empty timer',
      `${f(host.perSampleMs - baseline.perSampleMs, 3)} ms (${f(host.perSampleMs, 3)} in all)`,
      '≤ 2 ms',
    ]),
    row([
      'slowest chart query on 30 days of 1 s samples (auto interval)',
      `${f(worstQuery, 2)} ms`,
      '≤ 5 ms',
    ]),
    row([
      'disk per connection-month',
      `${f(hist.bytesPerConnectionMonth / 1_048_576, 1)} MB`,
      '≤ 100 MB',
    ]),
    '',
    'Server time: pg_stat_statements (execution + planning) and performance_schema digests of the',
    "sampler's own statements, divided by the samples: wall time, which on a busy machine includes",
    "the server thread's waits for a core. Server CPU: the scheduler's run time of the sampler's",
    'session (its backend process, its MariaDB thread) over the measured samples, from /proc: its',
    'statements, and also its protocol and statistics work, which the statement timers leave out.',
    'Client CPU: the whole process per sample,',
    `less an empty 1 s timer's ${f(baseline.perSampleMs, 3)} ms (what any Node process pays).`,
    'Server host: this machine through a throwaway sshd on',
    `loopback. A month of history: a day of raw seconds, minute and hour rollups (built in ${f(hist.buildSeconds, 0)} s).`,
    '',
    row(['chart query on a month of 1 s samples', 'points', 'median wall (ms)']),
    row(['---', '---', '---']),
    ...hist.queries.map((q) => row([q.name, String(q.points), f(q.wallMs, 2)])),
  ];
}

async function main() {
  const args = new Set(process.argv.slice(2));
  const quick = args.has('--quick');
  if (args.has('--server-only')) {
    // Only the other side: the database sampler, the server host over SSH, per-connection history.
    process.stdout.write(`${(await serverSide(await bundleLoop(), quick ? 5 : 30)).join('\n')}\n`);
    return;
  }
  const n1 = quick ? 5 : 30;
  const n5 = quick ? 2 : 8;
  process.stderr.write(
    `measuring the /proc sampler and the systeminformation loop (about ${quick ? 8 : 11} minutes)…\n`,
  );
  const bundle = await bundleLoop();
  const idle1 = runLoop(bundle, 'idle', 1000, n1);
  const idle5 = runLoop(bundle, 'idle', 5000, n5);
  const sampler1 = runLoop(bundle, 'sampler', 1000, n1);
  const sampler5 = runLoop(bundle, 'sampler', 5000, n5);
  const si1 = runLoop(bundle, 'si', 1000, n1);
  const si5 = runLoop(bundle, 'si', 5000, n5);
  const reading = runLoop(bundle, 'reading', 0, 500);
  const remote1 = await remoteLoop(bundle, n1);

  const dir = mkdtempSync(join(tmpdir(), 'bp-bench-metrics-'));
  const now = Date.now() - (Date.now() % 5000);
  const clock: Clock = { now: () => now, monotonic: () => performance.now() };
  const db = openDatabase(join(dir, 'benchphant.sqlite'));
  const service = new MetricsService({
    db,
    events: createEventBus(),
    logger: silentLogger,
    dataDir: dir,
    clock,
  });

  const reader = new HostReader({
    clock: systemClock,
    perf: createPerfSource(probePerf(defaultProbeEnv()), silentLogger),
  });
  const first = reader.snapshot();
  const realSample = reader.compose(first, reader.snapshot());
  const base = encodeSample(realSample);

  process.stderr.write('writing 30 days of 5-second history (518 400 samples)…\n');
  const from = now - 30 * DAY;
  const t0 = performance.now();
  const batch: StoredSample[] = [];
  let total = 0;
  for (const s of history(from, now, 5000, base)) {
    batch.push(s);
    if (batch.length === 10_000) {
      service.store.insertMany(batch);
      total += batch.length;
      batch.length = 0;
    }
  }
  service.store.insertMany(batch);
  total += batch.length;
  const bulkSeconds = (performance.now() - t0) / 1000;

  // One transaction per sample, as the live sampler writes them.
  const single: number[] = [];
  let ts = now + 5000;
  for (let i = 0; i < 2000; i += 1, ts += 5000) {
    const a = performance.now();
    service.store.insert(ts, null, realSample);
    single.push(performance.now() - a);
  }
  db.pragma('wal_checkpoint(TRUNCATE)');

  const iso = (ms: number) => new Date(ms).toISOString();
  const q = service.queries;
  const queries: [string, () => unknown][] = [
    [
      '30 days at 1h (cpu)',
      () =>
        q.history({
          metric_type: 'cpu',
          start_time: iso(now - 30 * DAY),
          end_time: iso(now),
          interval: '1h',
          limit: 10_000,
        }),
    ],
    [
      '4 h at 1m (cpu)',
      () =>
        q.history({
          metric_type: 'cpu',
          start_time: iso(now - 4 * 3_600_000),
          end_time: iso(now),
          interval: '1m',
          limit: 10_000,
        }),
    ],
    [
      '24 h at auto (cpu)',
      () =>
        q.history({
          metric_type: 'cpu',
          start_time: iso(now - DAY),
          end_time: iso(now),
          interval: 'auto',
          limit: 10_000,
        }),
    ],
    [
      'week over week compare (cpu)',
      () =>
        q.compare({
          metric_type: 'cpu',
          period: 'week',
          compare_to: 'last_week',
          interval: 'auto',
          limit: 1000,
        }),
    ],
    [
      '30 days at 1h from raw rows (for contrast)',
      () => service.store.queryRaw('cpu', now - 30 * DAY, now, 3_600_000, 10_000),
    ],
  ];
  const queryTimes = queries.map(
    ([name, fn]) => [name, time(fn, name.includes('raw') ? 3 : 15)] as const,
  );
  const dbFile = statSync(join(dir, 'benchphant.sqlite')).size;
  const tables = service.store.sizeBytes();
  const samplesStored = (
    db.prepare('SELECT count(*) AS n FROM metric_samples').get() as { n: number }
  ).n;
  db.close();
  rmSync(dir, { recursive: true, force: true });

  const lines = [
    `bench:metrics on ${new Date().toISOString()} (Node ${process.version}, ${reader.snapshot().stat.cores.length} cores)`,
    '',
    row([
      'sampling',
      'CPU per sample (ms)',
      'CPU per hour (ms)',
      'share of one core',
      'child processes per sample',
    ]),
    row(['---', '---', '---', '---', '---']),
    ...(
      [
        ['/proc sampler, 1 s', sampler1],
        ['/proc sampler, 5 s', sampler5],
        ['server host over SSH (client side), 1 s', remote1],
        ['systeminformation loop, 1 s', si1],
        ['systeminformation loop, 5 s', si5],
        ['empty timer, 1 s (baseline of any Node process)', idle1],
        ['empty timer, 5 s (baseline of any Node process)', idle5],
      ] as const
    ).map(([name, r]) =>
      row([
        name,
        f(r.perSampleMs, 3),
        f(r.perHourMs, 0),
        `${f(r.coreShare, 3)} %`,
        f(r.childrenPerSample, 1),
      ]),
    ),
    row([
      '/proc reading alone, 500 back to back',
      f(reading.perSampleMs, 3),
      f(reading.perSampleMs * 3600, 0),
      `${f(reading.perSampleMs / 10, 3)} % at 1 s`,
      '0',
    ]),
    '',
    `Each loop runs alone in a fresh \`node\` process on the bundled code; CPU is every thread's`,
    'scheduler run time (main, GC and compiler helpers, libuv) plus reaped children, from the',
    'end of the warm-up to the last sample. Beyond the empty timer, the sampler costs',
    `${f(sampler1.perSampleMs - idle1.perSampleMs, 3)} ms per sample at 1 s and ${f(sampler5.perSampleMs - idle5.perSampleMs, 3)} ms at 5 s.`,
    '',
    row(['storage', 'value']),
    row(['---', '---']),
    row(['insert, one transaction per sample (median)', `${f(median(single) * 1000, 0)} µs`]),
    row([
      'bulk insert of 30 days (518 400 samples)',
      `${f(bulkSeconds, 1)} s (${f(total / bulkSeconds, 0)} samples/s)`,
    ]),
    row(['raw samples stored', String(samplesStored)]),
    row(['metrics tables (dbstat)', `${f(tables / 1_048_576, 1)} MB`]),
    row(['database file', `${f(dbFile / 1_048_576, 1)} MB`]),
    '',
    row(['query on 30 days of 5-second history', 'median wall (ms)', 'CPU per query (ms)']),
    row(['---', '---', '---']),
    ...queryTimes.map(([name, ms]) => row([name, f(ms.wall, 2), f(ms.cpu, 2)])),
    '',
    ...(await serverSide(bundle, n1, remote1, idle1)),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

void main();
