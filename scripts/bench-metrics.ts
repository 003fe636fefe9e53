// Runs under tsx (`npm run bench:metrics`): a measurement, not a test. Prints the sampler's CPU
// cost next to a plain systeminformation loop of the same fields, insert cost, query times on
// 30 days of 5-second history and the database size. Never run in CI as a pass/fail check.
import childProcess from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as Si from 'systeminformation';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventBus } from '../main/core/events';
import { silentLogger } from '../main/core/logging/logger';
import { systemClock, type Clock } from '../main/core/metrics/clock';
import { encodeSample, type StoredSample } from '../main/core/metrics/history-store';
import { HostReader } from '../main/core/metrics/host-reader';
import { createPerfSource, defaultProbeEnv, probePerf } from '../main/core/metrics/perf-counters';
import { Sampler } from '../main/core/metrics/sampler';
import { MetricsService } from '../main/core/metrics/service';
import { openDatabase } from '../main/core/store/database';

const require = createRequire(import.meta.url);
const DAY = 86_400_000;

// Count child processes: systeminformation captures these functions when it loads, so patch first.
let children = 0;
for (const name of [
  'exec',
  'execSync',
  'execFile',
  'execFileSync',
  'spawn',
  'spawnSync',
] as const) {
  const original = childProcess[name] as (...args: unknown[]) => unknown;
  (childProcess as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
    children += 1;
    return original(...args);
  };
}
const si = require('systeminformation') as typeof Si;

const TICK_HZ = 100;
const WARM_UP = 3;
/**
 * CPU of this process plus its reaped children, in milliseconds. The process's own time comes
 * from the scheduler's nanosecond run time of every thread (/proc/self/task/<tid>/schedstat):
 * getrusage on a VM is charged in whole ticks, too coarse for a fraction of a millisecond.
 * tsx's module loader runs in a thread named WorkerThread; it is not the code being measured
 * (nothing here starts a worker), so it is left out of every row alike.
 */
function cpuMs(): number {
  let ns = 0;
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      if (readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim() === 'WorkerThread') continue;
      ns += Number(readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // A thread that ended between the listing and the read has nothing left to count.
    }
  }
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const childTicks = Number(f[13]) + Number(f[14]);
  return ns / 1e6 + (childTicks * 1000) / TICK_HZ;
}

interface LoopResult {
  perSampleMs: number;
  perHourMs: number;
  coreShare: number;
  childrenPerSample: number;
}

async function measure(
  intervalMs: number,
  samples: number,
  start: (onSample: () => void) => () => void,
): Promise<LoopResult> {
  const childBefore = children;
  let seen = 0;
  let before = 0;
  await new Promise<void>((done) => {
    const stop = start(() => {
      seen += 1;
      // The first samples only warm up (JIT, first reads); the steady state is what runs for hours.
      if (seen === WARM_UP) before = cpuMs();
      if (seen === samples + WARM_UP) {
        stop();
        done();
      }
    });
  });
  const perSampleMs = (cpuMs() - before) / samples;
  return {
    perSampleMs,
    perHourMs: perSampleMs * (3_600_000 / intervalMs),
    coreShare: (perSampleMs / intervalMs) * 100,
    childrenPerSample: (children - childBefore) / (samples + WARM_UP),
  };
}

function samplerLoop(intervalMs: number) {
  return (onSample: () => void) => {
    const reader = new HostReader({
      clock: systemClock,
      perf: createPerfSource(probePerf(defaultProbeEnv()), silentLogger),
    });
    const sampler = new Sampler({ reader, clock: systemClock, logger: silentLogger, onSample });
    sampler.start(intervalMs);
    return () => sampler.stop();
  };
}

function siLoop(intervalMs: number) {
  return (onSample: () => void) => {
    let stopped = false;
    const tick = async () => {
      await Promise.all([
        si.currentLoad(),
        si.mem(),
        si.cpuCurrentSpeed(),
        si.cpuTemperature(),
        si.networkStats('*'),
        si.networkConnections(),
        si.disksIO(),
        si.fsSize(),
        si.fsStats(),
      ]);
      if (stopped) return;
      onSample();
      if (!stopped) setTimeout(() => void tick(), intervalMs);
    };
    setTimeout(() => void tick(), intervalMs);
    return () => {
      stopped = true;
    };
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

/** An empty timer at the same interval: what any Node process pays per wake-up. */
function idleLoop(intervalMs: number) {
  return (onSample: () => void) => {
    const timer = setInterval(onSample, intervalMs);
    return () => clearInterval(timer);
  };
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

async function main() {
  const args = new Set(process.argv.slice(2));
  const quick = args.has('--quick');
  const n1 = quick ? 5 : 30;
  const n5 = quick ? 2 : 8;
  // The sampler's timer is unref'd (it must not keep an app alive); this keeps the script alive.
  const keepAlive = setInterval(() => {}, 60_000);
  process.stderr.write(
    'measuring the /proc sampler and the systeminformation loop (about 4 minutes)…\n',
  );
  const idle1 = await measure(1000, n1, idleLoop(1000));
  const idle5 = await measure(5000, n5, idleLoop(5000));
  const sampler1 = await measure(1000, n1, samplerLoop(1000));
  const sampler5 = await measure(5000, n5, samplerLoop(5000));
  const si1 = await measure(1000, n1, siLoop(1000));
  const si5 = await measure(5000, n5, siLoop(5000));
  clearInterval(keepAlive);

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
  // The reading alone, back to back: what one sample costs without timer wake-ups and GC.
  let prevReading = reader.snapshot();
  const readingBefore = cpuMs();
  for (let i = 0; i < 500; i += 1) {
    const cur = reader.snapshot();
    reader.compose(prevReading, cur);
    prevReading = cur;
  }
  const readingMs = (cpuMs() - readingBefore) / 500;
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
      f(readingMs, 3),
      f(readingMs * 3600, 0),
      `${f(readingMs / 10, 3)} % at 1 s`,
      '0',
    ]),
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
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

void main();
