// Runs in the main process (sampler). Hardware counters through ONE long-lived `perf stat -I`
// process, never a process per tick; where the kernel offers no PMU it reports why, once.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { PerfData } from '../../../shared/contract/metrics';
import type { Logger } from '../logging/logger';

export interface PerfSource {
  current(): PerfData;
  close(): void;
}

export type PerfProbe =
  | { available: true; perfBinary: string; uncoreImc: boolean }
  | { available: false; reason: string };

const NONE = {
  ipc: null,
  cycles: null,
  instructions: null,
  l1i_cache_misses: null,
  l1d_cache_misses: null,
  l2_cache_misses: null,
  llc_misses: null,
  memory_bandwidth_read_mbps: null,
  memory_bandwidth_write_mbps: null,
} as const;

export const unavailable = (reason: string): PerfData => ({ available: false, reason, ...NONE });

const CORE_PMUS = /^(cpu|cpu_core|cpu_atom|armv\d.*|arm_cortex.*|apple_.*pmu.*)$/;

export interface ProbeEnv {
  sysRoot: string;
  procRoot: string;
  path: string;
  isRoot: boolean;
}

export const defaultProbeEnv = (): ProbeEnv => ({
  sysRoot: '/sys',
  procRoot: '/proc',
  path: process.env.PATH ?? '',
  isRoot: process.getuid?.() === 0,
});

/** Decides from sysfs, procfs and PATH alone whether system-wide counters can work. */
export function probePerf(env: ProbeEnv): PerfProbe {
  const pmuDir = join(env.sysRoot, 'bus', 'event_source', 'devices');
  let pmus: string[];
  try {
    pmus = readdirSync(pmuDir);
  } catch {
    return {
      available: false,
      reason: `the kernel exposes no perf_event PMUs (${pmuDir} is missing)`,
    };
  }
  if (!pmus.some((p) => CORE_PMUS.test(p))) {
    return {
      available: false,
      reason:
        'no hardware performance counters: the kernel exposes no CPU PMU (usual in a virtual machine without a virtual PMU)',
    };
  }
  let paranoid: number;
  try {
    paranoid = Number(
      readFileSync(join(env.procRoot, 'sys', 'kernel', 'perf_event_paranoid'), 'utf8').trim(),
    );
  } catch {
    return {
      available: false,
      reason: 'perf_event_open is not supported by this kernel (no perf_event_paranoid setting)',
    };
  }
  if (paranoid > 0 && !env.isRoot) {
    return {
      available: false,
      reason: `kernel.perf_event_paranoid is ${paranoid}; system-wide counters need 0 or less, or CAP_PERFMON`,
    };
  }
  const perfBinary = env.path
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, 'perf'))
    .find((p) => existsSync(p));
  if (!perfBinary)
    return {
      available: false,
      reason: 'the perf tool is not installed (package linux-perf or linux-tools)',
    };
  return { available: true, perfBinary, uncoreImc: pmus.some((p) => p.startsWith('uncore_imc')) };
}

const CORE_EVENTS = {
  cycles: 'cycles',
  instructions: 'instructions',
  l1i_cache_misses: 'L1-icache-load-misses',
  l1d_cache_misses: 'L1-dcache-load-misses',
  l2_cache_misses: 'l2_rqsts.miss',
  llc_misses: 'LLC-load-misses',
} as const;
const IMC_EVENTS = {
  memory_bandwidth_read_mbps: 'uncore_imc/data_reads/',
  memory_bandwidth_write_mbps: 'uncore_imc/data_writes/',
} as const;

export interface PerfLine {
  time: number;
  event: string;
  /** Null for `<not supported>` or `<not counted>`. */
  value: number | null;
  unit: string;
}

/** One CSV line of `perf stat -I <ms> -x,`: time,value,unit,event,... */
export function parsePerfLine(line: string): PerfLine | null {
  const f = line.trim().split(',');
  if (f.length < 4 || f[0] === undefined || Number.isNaN(Number(f[0]))) return null;
  const value = f[1] !== undefined && /^[\d.]+$/.test(f[1]) ? Number(f[1]) : null;
  return { time: Number(f[0]), value, unit: f[2] ?? '', event: f[3] ?? '' };
}

/** Turns one interval's lines into per-second figures (bandwidth in MB/s). */
export function perfFromInterval(lines: PerfLine[], seconds: number): PerfData {
  const byEvent = new Map(lines.map((l) => [l.event, l] as const));
  const rate = (event: string) => {
    const v = byEvent.get(event)?.value;
    return v === null || v === undefined ? null : v / seconds;
  };
  const out: PerfData = { available: true, reason: null, ...NONE };
  for (const [key, event] of Object.entries(CORE_EVENTS))
    out[key as keyof typeof CORE_EVENTS] = rate(event);
  for (const [key, event] of Object.entries(IMC_EVENTS)) {
    const l = byEvent.get(event);
    const mib =
      l?.value === null || l?.value === undefined
        ? null
        : l.unit === 'MiB'
          ? l.value
          : l.value / 1_048_576;
    out[key as keyof typeof IMC_EVENTS] = mib === null ? null : (mib * 1.048576) / seconds;
  }
  out.ipc = out.cycles && out.instructions !== null ? out.instructions / out.cycles : null;
  return out;
}

class PerfStatProcess implements PerfSource {
  private latest: PerfData;
  private child: ChildProcess | null;
  private pending: PerfLine[] = [];
  private buffer = '';

  constructor(probe: Extract<PerfProbe, { available: true }>, logger: Logger) {
    this.latest = unavailable('waiting for the first perf interval');
    const events = [
      ...Object.values(CORE_EVENTS),
      ...(probe.uncoreImc ? Object.values(IMC_EVENTS) : []),
    ];
    this.child = spawn(
      probe.perfBinary,
      ['stat', '-a', '-x,', '-I', '1000', '-e', events.join(',')],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    // perf stat writes its counts to stderr.
    this.child.stderr?.setEncoding('utf8');
    this.child.stderr?.on('data', (chunk: string) => this.onData(chunk));
    this.child.on('error', (err) => {
      logger.warn(`perf stat could not run: ${err.message}`);
      this.latest = unavailable(`perf stat could not run: ${err.message}`);
    });
    this.child.on('exit', (code) => {
      if (this.child) this.latest = unavailable(`perf stat exited (code ${code ?? 'signal'})`);
      this.child = null;
    });
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    const lines = this.buffer.split('\n');
    this.buffer = lines.pop() ?? '';
    for (const raw of lines) {
      const line = parsePerfLine(raw);
      if (!line) continue;
      const first = this.pending[0];
      if (first && first.time !== line.time) {
        this.latest = perfFromInterval(this.pending, 1);
        this.pending = [];
      }
      this.pending.push(line);
    }
  }

  current(): PerfData {
    return this.latest;
  }

  close(): void {
    const child = this.child;
    this.child = null;
    child?.kill('SIGINT');
  }
}

export function createPerfSource(probe: PerfProbe, logger: Logger): PerfSource {
  if (!probe.available) {
    const data = unavailable(probe.reason);
    return { current: () => data, close() {} };
  }
  return new PerfStatProcess(probe, logger);
}
