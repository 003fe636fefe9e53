// Runs in the main process (sampler). Reads host counters from /proc and /sys with plain file
// reads (no child process, no execSync) and turns two readings into the spec's metrics data.
import { readdirSync, readFileSync, statfsSync } from 'node:fs';
import { join } from 'node:path';
import type { MetricsData } from '../../../shared/contract/metrics';
import type { Clock } from './clock';
import { OpenFiles } from './open-files';
import type { PerfSource } from './perf-counters';
import { pageSizeFrom, ProcessTable } from './processes';
import { diskRates, memoryFigures, netRates, processUsage } from './rates';
import {
  countListen,
  cpuShares,
  parseCpuinfoMhz,
  parseDiskstats,
  parseEstablished,
  parseLoadavg,
  parseMeminfo,
  parseMounts,
  parseNetDev,
  parseStat,
  parseTimeWait,
  type DiskCounters,
  type NetCounters,
  type ProcessTimes,
  type StatSnapshot,
} from './proc';

export interface Reading {
  /** Monotonic milliseconds: rates divide by the real elapsed time, not the nominal interval. */
  at: number;
  stat: StatSnapshot;
  net: Map<string, NetCounters>;
  disk: Map<string, DiskCounters>;
  processes: ProcessTimes[];
}

export interface HostReaderOptions {
  procRoot?: string;
  sysRoot?: string;
  clock: Clock;
  perf: PerfSource;
  /** How long slow-changing facts (mounts, LISTEN sockets, sensors) are reused. */
  slowRefreshMs?: number;
  /** How long per-partition usage is reused (a statfs per mount per tick buys nothing at 1 s). */
  usageRefreshMs?: number;
  /** Benchphant's own pid, always among the reported processes (default: this process). */
  selfPid?: number;
}

/**
 * USER_HZ, the unit of /proc/[pid]/stat CPU times: 100 on every architecture Linux ships (the
 * kernel scales to it whatever its internal HZ); reading it needs getconf, a child process.
 */
const CLOCK_TICKS = 100;

const SKIP_DEVICES = /^(loop|ram|fd|sr)\d*/;

export class HostReader {
  private readonly proc: string;
  private readonly sys: string;
  private readonly slowRefreshMs: number;
  private readonly usageRefreshMs: number;
  private readonly paths: Record<
    'stat' | 'netDev' | 'diskstats' | 'meminfo' | 'snmp' | 'sockstat' | 'loadavg',
    string
  >;
  private devices = new Set<string>();
  private mounts: string[] = [];
  private listen = 0;
  private freqFiles: string[] = [];
  private cpuinfoMhz: number[] = [];
  private tempFiles: string[] = [];
  private slowAt = Number.NEGATIVE_INFINITY;
  private usage: MetricsData['disk']['partitions'] = {};
  private usageAt = Number.NEGATIVE_INFINITY;
  private readonly files = new OpenFiles();
  private readonly processes: ProcessTable;
  private readonly pageSize: number;

  constructor(private readonly opts: HostReaderOptions) {
    this.proc = opts.procRoot ?? '/proc';
    this.sys = opts.sysRoot ?? '/sys';
    this.slowRefreshMs = opts.slowRefreshMs ?? 60_000;
    this.usageRefreshMs = opts.usageRefreshMs ?? 10_000;
    this.paths = {
      stat: join(this.proc, 'stat'),
      netDev: join(this.proc, 'net', 'dev'),
      diskstats: join(this.proc, 'diskstats'),
      meminfo: join(this.proc, 'meminfo'),
      snmp: join(this.proc, 'net', 'snmp'),
      sockstat: join(this.proc, 'net', 'sockstat'),
      loadavg: join(this.proc, 'loadavg'),
    };
    this.processes = new ProcessTable({ procRoot: this.proc, selfPid: opts.selfPid });
    this.pageSize = pageSizeFrom(
      this.readOnce(join(this.proc, 'self', 'statm')),
      this.readOnce(join(this.proc, 'self', 'status')),
    );
  }

  private read(path: string): string {
    return this.files.read(path);
  }

  private tryRead(path: string): string {
    try {
      return this.read(path);
    } catch {
      return '';
    }
  }

  /** Slow-changing or large files (mounts, TCP tables) are opened, read and closed each time. */
  private readOnce(path: string): string {
    try {
      return readFileSync(path, 'latin1');
    } catch {
      return '';
    }
  }

  /** Closes the files kept open between ticks. */
  close(): void {
    this.files.close();
  }

  private list(dir: string): string[] {
    try {
      return readdirSync(dir);
    } catch {
      return [];
    }
  }

  private refreshSlowFacts(now: number): void {
    if (now - this.slowAt < this.slowRefreshMs) return;
    this.slowAt = now;
    this.devices = new Set(this.list(join(this.sys, 'block')).filter((d) => !SKIP_DEVICES.test(d)));
    this.mounts = parseMounts(this.readOnce(join(this.proc, 'self', 'mounts')));
    this.listen =
      countListen(this.readOnce(join(this.proc, 'net', 'tcp'))) +
      countListen(this.readOnce(join(this.proc, 'net', 'tcp6')));
    const cpuDir = join(this.sys, 'devices', 'system', 'cpu');
    this.freqFiles = this.list(cpuDir)
      .filter((d) => /^cpu\d+$/.test(d))
      .sort((a, b) => Number(a.slice(3)) - Number(b.slice(3)))
      .map((d) => join(cpuDir, d, 'cpufreq', 'scaling_cur_freq'))
      .filter((f) => this.tryRead(f) !== '');
    // Without cpufreq (most VMs) the clock hardly moves, and /proc/cpuinfo is costly to generate.
    this.cpuinfoMhz =
      this.freqFiles.length > 0 ? [] : parseCpuinfoMhz(this.readOnce(join(this.proc, 'cpuinfo')));
    const zones = join(this.sys, 'class', 'thermal');
    this.tempFiles = this.list(zones)
      .filter((z) => z.startsWith('thermal_zone'))
      .map((z) => join(zones, z, 'temp'))
      .filter((f) => this.tryRead(f) !== '');
  }

  snapshot(): Reading {
    const at = this.opts.clock.monotonic();
    this.refreshSlowFacts(at);
    return {
      at,
      stat: parseStat(this.read(this.paths.stat)),
      net: parseNetDev(this.read(this.paths.netDev)),
      disk: parseDiskstats(this.tryRead(this.paths.diskstats), this.devices),
      processes: this.processes.snapshot(at),
    };
  }

  private frequencies(): number[] {
    if (this.freqFiles.length > 0) return this.freqFiles.map((f) => Number(this.tryRead(f)) / 1000);
    return this.cpuinfoMhz;
  }

  /**
   * Partition usage changes slowly next to the per-tick rates (a disk fills over minutes, not in
   * a second), so it is re-read every usageRefreshMs and repeats in the samples between.
   */
  private partitions(now: number): MetricsData['disk']['partitions'] {
    if (now - this.usageAt < this.usageRefreshMs) return this.usage;
    this.usageAt = now;
    const out: MetricsData['disk']['partitions'] = {};
    for (const mount of this.mounts) {
      try {
        const s = statfsSync(mount);
        const total = s.blocks * s.bsize;
        const used = (s.blocks - s.bfree) * s.bsize;
        // Like df: the share of the space an ordinary user could fill.
        const usable = used + s.bavail * s.bsize;
        out[mount] = {
          total_bytes: total,
          used_bytes: used,
          usage_percent: usable > 0 ? (used / usable) * 100 : 0,
        };
      } catch {
        // A mount that vanished since the last refresh is simply left out of this sample.
      }
    }
    this.usage = out;
    return out;
  }

  compose(prev: Reading, cur: Reading): MetricsData {
    const seconds = Math.max((cur.at - prev.at) / 1000, 1e-3);
    const rate = (a: number, b: number) => Math.max(0, b - a) / seconds;
    const total = cpuShares(prev.stat.total, cur.stat.total);
    const perCore = cur.stat.cores.map((c, i) => {
      const p = prev.stat.cores[i];
      return p ? cpuShares(p, c).usage : 0;
    });
    const memory = memoryFigures(parseMeminfo(this.read(this.paths.meminfo)));
    const interfaces = netRates(prev.net, cur.net, seconds);
    const devices = diskRates(prev.disk, cur.disk, seconds);
    const load = parseLoadavg(this.tryRead(this.paths.loadavg));
    const processes = processUsage(
      prev.processes,
      cur.processes,
      seconds,
      CLOCK_TICKS,
      this.pageSize,
    );

    return {
      cpu: {
        usage_percent: total.usage,
        per_core: perCore,
        user: total.user,
        system: total.system,
        idle: total.idle,
        iowait: total.iowait,
        frequency_mhz: this.frequencies(),
        temperature_celsius: this.tempFiles.map((f) => Number(this.tryRead(f)) / 1000),
        interrupts: rate(prev.stat.interrupts, cur.stat.interrupts),
        load_average: { load1: load.load1, load5: load.load5, load15: load.load15 },
      },
      memory,
      network: {
        interfaces,
        connections: {
          established: parseEstablished(this.tryRead(this.paths.snmp)),
          time_wait: parseTimeWait(this.tryRead(this.paths.sockstat)),
          listen: this.listen,
        },
      },
      disk: { devices, partitions: this.partitions(cur.at) },
      perf: this.opts.perf.current(),
      processes,
      own_pid: this.processes.selfPid,
    };
  }
}
