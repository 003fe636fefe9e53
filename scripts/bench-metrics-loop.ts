// Runs in a child process of scripts/bench-metrics.ts, bundled by esbuild and started with plain
// node (no tsx loader thread, no transpiling), one loop per process so loops cannot disturb each
// other's heap or GC. Prints one JSON line with its CPU per sample; never writes anything else.
import childProcess from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConnectionParams } from '../shared/model/connection';
import { openClient } from '../main/core/db/client';
import { DbMetricsService } from '../main/core/db-metrics/service';
import { createEventBus } from '../main/core/events';
import { openDatabase } from '../main/core/store/database';
import { Client } from 'ssh2';
import { sshShellChannel } from '../main/core/connections/tunnel/shell-channel';
import { RemoteHostReader } from '../main/core/host-metrics/remote-reader';
import { createRequire } from 'node:module';
import type * as Si from 'systeminformation';
import { silentLogger } from '../main/core/logging/logger';
import { systemClock } from '../main/core/metrics/clock';
import { HostReader } from '../main/core/metrics/host-reader';
import { createPerfSource, defaultProbeEnv, probePerf } from '../main/core/metrics/perf-counters';
import { Sampler } from '../main/core/metrics/sampler';

export type LoopKind = 'sampler' | 'si' | 'idle' | 'reading' | 'remote' | 'db';

export interface LoopReport {
  perSampleMs: number;
  childrenPerSample: number;
  /** The database loop: CPU of the sampler's session on the server (its backend or thread). */
  serverCpuPerSampleMs?: number | null;
}

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

const TICK_HZ = 100;

/**
 * CPU of this whole process (every thread: main, GC and compiler helpers, libuv) plus its reaped
 * children, in milliseconds. Thread time comes from the scheduler's nanosecond run time
 * (/proc/self/task/<tid>/schedstat): getrusage on a VM is charged in whole ticks, too coarse for
 * a fraction of a millisecond. Children only report whole ticks, which is fine at their cost.
 */
function cpuMs(): number {
  let ns = 0;
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      ns += Number(readFileSync(`/proc/self/task/${tid}/schedstat`, 'latin1').split(' ')[0]);
    } catch {
      // A thread that ended between the listing and the read has nothing left to count.
    }
  }
  const stat = readFileSync('/proc/self/stat', 'latin1');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const childTicks = Number(f[13]) + Number(f[14]);
  return ns / 1e6 + (childTicks * 1000) / TICK_HZ;
}

interface Running {
  stop(): void;
  /** The server's CPU for this loop so far, in ms, where the loop can tell (else null). */
  serverCpuMs?(): number | null;
}

type Loop = (onSample: () => void) => Running;

/**
 * The first minute of a fresh process is not the steady state an app that samples for hours
 * lives in: V8 is still compiling the loop's code (a function run once a second reaches its
 * optimising tiers only after dozens of samples) and collects the start-up heap in full GCs.
 * Counted with callgrind on the database loop at 1 s, samples 11–40 took 1.8–5.0 M instructions
 * each (a full GC landing in the window or not, Maglev compiles in every run), samples 61–90
 * took 0.8 M. A 10 s warm-up measured the start-up, not sampling.
 */
const WARM_UP_MS = 60_000;

/**
 * CPU from the end of the warm-up to the last sample, divided by the samples in between. The
 * warm-up (WARM_UP_MS, at least 3 samples) lets the JIT and the heap settle: an app samples
 * for hours, so the steady state is its cost per sample.
 */
function measure(intervalMs: number, samples: number, start: Loop): Promise<LoopReport> {
  const warmUp = Math.max(3, Math.ceil(WARM_UP_MS / intervalMs));
  return new Promise((done) => {
    let seen = 0;
    let before = 0;
    let childrenBefore = 0;
    let serverBefore: number | null = null;
    const loop = start(() => {
      seen += 1;
      if (seen === warmUp) {
        before = cpuMs();
        childrenBefore = children;
        serverBefore = loop.serverCpuMs?.() ?? null;
      }
      if (seen === samples + warmUp) {
        const perSampleMs = (cpuMs() - before) / samples;
        const serverAfter = loop.serverCpuMs?.() ?? null;
        loop.stop();
        done({
          perSampleMs,
          childrenPerSample: (children - childrenBefore) / samples,
          serverCpuPerSampleMs:
            serverBefore === null || serverAfter === null
              ? null
              : (serverAfter - serverBefore) / samples,
        });
      }
    });
  });
}

const newReader = () =>
  new HostReader({
    clock: systemClock,
    perf: createPerfSource(probePerf(defaultProbeEnv()), silentLogger),
  });

const samplerLoop =
  (intervalMs: number): Loop =>
  (onSample) => {
    const sampler = new Sampler({
      reader: newReader(),
      clock: systemClock,
      logger: silentLogger,
      onSample,
    });
    sampler.start(intervalMs);
    // The sampler's timer is unref'd (it must not keep an app alive); an app has other handles.
    const keepAlive = setInterval(() => {}, 3_600_000);
    return {
      stop: () => {
        sampler.stop();
        clearInterval(keepAlive);
      },
    };
  };

/** The same fields through systeminformation, loaded only in this loop's process. */
const siLoop =
  (intervalMs: number): Loop =>
  (onSample) => {
    const si = createRequire(import.meta.url)('systeminformation') as typeof Si;
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
    return {
      stop: () => {
        stopped = true;
      },
    };
  };

/**
 * The server host sampler over one SSH session to the sshd that bench-metrics.ts started on
 * loopback (BENCH_SSH_PORT, BENCH_SSH_KEY): the client's CPU per sample, ssh2's crypto included.
 */
const remoteLoop =
  (intervalMs: number): Loop =>
  (onSample) => {
    const client = new Client();
    let stopped = false;
    client.once('ready', () => {
      // As Tunnel.spawn does: one exec channel for the reader's whole life.
      const reader = new RemoteHostReader(
        {
          spawn: (command) =>
            new Promise((resolve, reject) =>
              client.exec(command, (err, stream) =>
                err ? reject(err) : resolve(sshShellChannel(stream)),
              ),
            ),
        },
        'bench',
      );
      const tick = async () => {
        await reader.sample();
        if (stopped) return;
        onSample();
        if (!stopped) setTimeout(() => void tick(), intervalMs);
      };
      void tick();
    });
    client.connect({
      host: '127.0.0.1',
      port: Number(process.env.BENCH_SSH_PORT),
      username: 'root',
      privateKey: readFileSync(process.env.BENCH_SSH_KEY ?? ''),
      // The bench's own throwaway sshd on loopback, started a moment ago.
      hostVerifier: () => true,
    });
    return {
      stop: () => {
        stopped = true;
        client.end();
      },
    };
  };

/** Run time (ns) in a /proc schedstat file, as milliseconds. */
const runMs = (path: string) => Number(readFileSync(path, 'latin1').split(' ')[0]) / 1e6;

/**
 * The schedstat of the server task running the sampler's session, on this machine's private
 * server: its PostgreSQL backend process, or its MariaDB thread (performance_schema has the
 * thread's OS id). The statement timers (pg_stat_statements, performance_schema digests) are wall
 * time, which on a shared VM counts the time the server waited for a core; this is only the CPU.
 * Null where the session cannot be found.
 */
async function samplerTask(params: ConnectionParams): Promise<string | null> {
  const admin = await openClient(params);
  try {
    const sql =
      params.type === 'postgresql'
        ? `SELECT pid AS id FROM pg_stat_activity
            WHERE query LIKE '%pg_stat_database d%' AND pid <> pg_backend_pid()`
        : // Only the sampler's session runs SHOW PROCESSLIST.
          `SELECT t.THREAD_OS_ID AS id FROM performance_schema.threads t
             JOIN performance_schema.events_statements_summary_by_thread_by_event_name s
               USING (THREAD_ID)
            WHERE s.EVENT_NAME = 'statement/sql/show_processlist' AND s.COUNT_STAR > 0
              AND t.PROCESSLIST_ID <> CONNECTION_ID()`;
    const { rows } = await admin.query(sql);
    const id = rows.length === 1 ? Number(rows[0]?.id) : NaN;
    const path = `/proc/${id}/schedstat`;
    return Number.isInteger(id) && existsSync(path) ? path : null;
  } catch {
    return null;
  } finally {
    await admin.close();
  }
}

/**
 * The database sampler as the app runs it: a DbMetricsService watching one connection
 * (BENCH_DB_PARAMS, JSON) with its samples, rollups and events written to a scratch store.
 */
const dbLoop =
  (intervalMs: number): Loop =>
  (onSample) => {
    const dir = mkdtempSync(join(tmpdir(), 'bp-bench-db-'));
    const db = openDatabase(join(dir, 'benchphant.sqlite'));
    const events = createEventBus();
    const params = JSON.parse(process.env.BENCH_DB_PARAMS ?? '{}') as ConnectionParams;
    const service = new DbMetricsService({
      db,
      events,
      logger: silentLogger,
      resolveParams: () => Promise.resolve(params),
      requireConnection: () => undefined,
      intervalMs,
    });
    let task: Promise<string | null> | null = null;
    let schedstat: string | null = null;
    const unsubscribe = events.subscribe((e) => {
      if (e.event !== 'dbmetrics.sampled') return;
      // Its session exists once it has sampled; found long before the warm-up ends.
      task ??= samplerTask(params).then((path) => (schedstat = path));
      onSample();
    });
    const release = service.watch('bench');
    const keepAlive = setInterval(() => {}, 3_600_000);
    return {
      stop: () => {
        release();
        unsubscribe();
        clearInterval(keepAlive);
        void service.close().then(() => {
          db.close();
          rmSync(dir, { recursive: true, force: true });
        });
      },
      serverCpuMs: () => (schedstat === null ? null : runMs(schedstat)),
    };
  };

/** An empty timer at the same interval: what any Node process pays per wake-up. */
const idleLoop =
  (intervalMs: number): Loop =>
  (onSample) => {
    const timer = setInterval(onSample, intervalMs);
    return { stop: () => clearInterval(timer) };
  };

/** Readings back to back, no timer: the reading's own cost, with no wake-ups between. */
function readingAlone(samples: number): LoopReport {
  const reader = newReader();
  let prev = reader.snapshot();
  const step = () => {
    const cur = reader.snapshot();
    reader.compose(prev, cur);
    prev = cur;
  };
  for (let i = 0; i < 10; i += 1) step();
  const before = cpuMs();
  for (let i = 0; i < samples; i += 1) step();
  const perSampleMs = (cpuMs() - before) / samples;
  reader.close();
  return { perSampleMs, childrenPerSample: 0 };
}

async function main() {
  const [kind, interval, count] = process.argv.slice(2);
  const intervalMs = Number(interval);
  const samples = Number(count);
  const loops: Record<Exclude<LoopKind, 'reading'>, (ms: number) => Loop> = {
    sampler: samplerLoop,
    si: siLoop,
    idle: idleLoop,
    remote: remoteLoop,
    db: dbLoop,
  };
  const report =
    kind === 'reading'
      ? readingAlone(samples)
      : await measure(intervalMs, samples, loops[kind as keyof typeof loops](intervalMs));
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

void main();
