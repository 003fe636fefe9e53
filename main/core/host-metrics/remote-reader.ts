// Runs in the main process and the headless server (host metrics sampler). Reads a database
// server's host over its connection's SSH session: one long-lived loop per reader prints every
// /proc file it needs between markers, once per sample; the text goes through the local sampler's
// parsers. Never writes there.
import { AppError } from '../../../shared/errors';
import {
  cpuShares,
  DATABASE_PROCESSES,
  MEMINFO_KEYS,
  parseDiskstats,
  parseLoadavg,
  parseMeminfo,
  parseNetDev,
  parseProcessStats,
  parseStat,
  type DiskCounters,
  type LoadAverage,
  type MeminfoKey,
  type NetCounters,
  type ProcessTimes,
  type StatSnapshot,
} from '../metrics/proc';
import {
  diskRates,
  memoryFigures,
  netRates,
  processUsage,
  type ProcessUsage,
} from '../metrics/rates';
import { SampleChannel, type RemoteShell } from './sample-channel';

export type { RemoteShell };

/** Read whole: short files whose every line the parsers may use. */
const FILES = ['diskstats', 'net/dev', 'loadavg'] as const;

/**
 * POSIX sh run through `sh -c`, so the user's login shell (bash, fish, csh) does not matter. It
 * starts once per channel (uname and getconf run then), and answers each line on its stdin with
 * one sample: a single `head` prints the short /proc files under their `==> name <==` headers,
 * the rest uses builtins only. No single quote inside.
 *
 * The answer carries only what the parsers read, in the files' own line formats (so the local
 * sampler's parsers read it): every byte of it is decrypted, decoded and scanned by the client
 * each second. From /proc/stat the cpu lines and the interrupt total (the `intr` line holds one
 * counter per interrupt source: kilobytes on a big server), from /proc/meminfo nine of its fifty
 * lines, and from each database process's stat line the fields the parser reads (pid, name,
 * state, CPU times, start time, size, resident pages) with the others as 0: a stat line is
 * about 300 bytes, and a PostgreSQL server has a process per session. Word splitting cannot cut
 * those names (the pattern admits only the database names, which have no space).
 */
export const SAMPLE_SCRIPT = [
  'export LC_ALL=C',
  'u=$(uname -s)',
  't=100; g=4096',
  '[ "$u" = Linux ] && { t=$(getconf CLK_TCK); g=$(getconf PAGESIZE); }',
  'while read -r x; do',
  // Gathered first and printed in one write: line by line, sshd would send (and the client
  // decrypt and handle) a packet per line, hundreds per sample.
  's=$(',
  'if [ "$u" = Linux ]; then',
  'echo @@conf; echo "$t"; echo "$g"',
  'echo @@stat',
  'while read -r k r; do case "$k" in cpu*) echo "$k $r";; intr) echo "intr ${r%% *}"; break;; esac; done < /proc/stat',
  'echo @@meminfo',
  `while read -r k r; do case "$k" in ${MEMINFO_KEYS.map((k) => `${k}:`).join('|')}) echo "$k $r";; esac; done < /proc/meminfo`,
  `head -n 1000000 ${FILES.map((f) => `/proc/${f}`).join(' ')}`,
  'echo @@block; for b in /sys/block/*; do echo "${b##*/}"; done',
  'echo @@procs',
  `for p in /proc/[0-9]*; do read -r l < $p/stat && case "$l" in ${DATABASE_PROCESSES.map((n) => `*"(${n}) "*`).join('|')}) set -- $l; echo "$1 $2 $3 0 0 0 0 0 0 0 0 0 0 \${14} \${15} 0 0 0 0 0 0 \${22} \${23} \${24}";; esac; done 2>/dev/null`,
  'fi',
  ')',
  'printf "@@uname\\n%s\\n%s\\n@@end\\n" "$u" "$s"',
  'done',
].join('\n');

export const SAMPLE_COMMAND = `sh -c '${SAMPLE_SCRIPT}'`;
const END = '@@end\n';

export interface RemoteReading {
  /** Local monotonic milliseconds when the answer arrived. */
  at: number;
  stat: StatSnapshot;
  meminfo: Partial<Record<MeminfoKey, number>>;
  net: Map<string, NetCounters>;
  disk: Map<string, DiskCounters>;
  load: LoadAverage;
  processes: ProcessTimes[];
  clockTicks: number;
  pageSize: number;
}

/** The sections of one answer, by marker (`@@stat` → its text). */
export function splitSections(output: string): Map<string, string> {
  const out = new Map<string, string>();
  // head's `==> /proc/stat <==` headers name the /proc sections.
  const marked = output.replace(/^==> \/proc\/(\S+) <==$/gm, '@@$1');
  for (const part of marked.split(/^@@/m).slice(1)) {
    const nl = part.indexOf('\n');
    out.set(nl < 0 ? part.trim() : part.slice(0, nl).trim(), nl < 0 ? '' : part.slice(nl + 1));
  }
  return out;
}

const SKIP_DEVICES = /^(loop|ram|fd|sr|zram)\d*/;

/** One answer parsed; a host that is not Linux, or an answer cut short, is an error. */
export function parseRemoteOutput(output: string, at: number, host: string): RemoteReading {
  const s = splitSections(output);
  const system = s.get('uname')?.trim();
  if (system === undefined)
    throw new AppError(
      'DB_UNREACHABLE',
      `The database server's host ${host} did not answer the metrics command (no output). Check that the SSH user may run commands (a forced command or a restricted shell prevents it).`,
    );
  if (system !== 'Linux')
    throw new AppError(
      'REFUSED',
      `The database server's host ${host} runs ${system || 'an unknown system'}, not Linux: its CPU, memory and disk figures are read from /proc, which only Linux has. The database's own metrics still work.`,
    );
  if (!s.has('end'))
    throw new AppError(
      'DB_UNREACHABLE',
      `The metrics command on ${host} stopped before its end; the sample is skipped.`,
    );
  const [ticks, page] = (s.get('conf') ?? '').trim().split(/\s+/).map(Number);
  const devices = new Set(
    (s.get('block') ?? '').split(/\s+/).filter((d) => d !== '' && !SKIP_DEVICES.test(d)),
  );
  return {
    at,
    stat: parseStat(s.get('stat') ?? ''),
    meminfo: parseMeminfo(s.get('meminfo') ?? ''),
    net: parseNetDev(s.get('net/dev') ?? ''),
    disk: parseDiskstats(s.get('diskstats') ?? '', devices),
    load: parseLoadavg(s.get('loadavg') ?? ''),
    processes: parseProcessStats(s.get('procs') ?? ''),
    clockTicks: ticks && ticks > 0 ? ticks : 100,
    pageSize: page && page > 0 ? page : 4096,
  };
}

export interface RemoteHostFigures {
  values: Record<string, number>;
  per_core: number[];
  processes: ProcessUsage[];
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** The figures between two readings: totals over whole disks and over interfaces other than lo. */
export function composeRemote(prev: RemoteReading, cur: RemoteReading): RemoteHostFigures {
  const seconds = Math.max((cur.at - prev.at) / 1000, 1e-3);
  const cpu = cpuShares(prev.stat.total, cur.stat.total);
  const mem = memoryFigures(cur.meminfo);
  const disks = Object.values(diskRates(prev.disk, cur.disk, seconds));
  const nets = Object.entries(netRates(prev.net, cur.net, seconds))
    .filter(([name]) => name !== 'lo')
    .map(([, r]) => r);
  const reads = sum(disks.map((d) => d.read_iops));
  const writes = sum(disks.map((d) => d.write_iops));
  const processes = processUsage(
    prev.processes,
    cur.processes,
    seconds,
    cur.clockTicks,
    cur.pageSize,
  );
  return {
    values: {
      cpu_usage_percent: cpu.usage,
      cpu_user_percent: cpu.user,
      cpu_system_percent: cpu.system,
      cpu_iowait_percent: cpu.iowait,
      cpu_count: cur.stat.cores.length,
      load1: cur.load.load1,
      load5: cur.load.load5,
      load15: cur.load.load15,
      memory_total_bytes: mem.total_bytes,
      memory_used_bytes: mem.used_bytes,
      memory_available_bytes: mem.available_bytes,
      memory_usage_percent: mem.usage_percent,
      swap_total_bytes: mem.swap_total_bytes,
      swap_used_bytes: mem.swap_used_bytes,
      disk_read_bytes_per_sec: sum(disks.map((d) => d.read_bytes_per_sec)),
      disk_write_bytes_per_sec: sum(disks.map((d) => d.write_bytes_per_sec)),
      disk_read_iops: reads,
      disk_write_iops: writes,
      // Weighted by operations: the mean latency of an I/O on any disk.
      disk_read_latency_ms:
        reads > 0 ? sum(disks.map((d) => d.read_latency_ms * d.read_iops)) / reads : 0,
      disk_write_latency_ms:
        writes > 0 ? sum(disks.map((d) => d.write_latency_ms * d.write_iops)) / writes : 0,
      disk_utilization_percent: Math.max(0, ...disks.map((d) => d.utilization_percent)),
      net_recv_bytes_per_sec: sum(nets.map((n) => n.bytes_recv_per_sec)),
      net_sent_bytes_per_sec: sum(nets.map((n) => n.bytes_sent_per_sec)),
      db_processes: processes.length,
      db_processes_cpu_percent: sum(processes.map((p) => p.cpu_percent)),
      db_processes_memory_bytes: sum(processes.map((p) => p.memory_bytes)),
    },
    per_core: cur.stat.cores.map((c, i) => {
      const p = prev.stat.cores[i];
      return p ? cpuShares(p, c).usage : 0;
    }),
    processes,
  };
}

/**
 * Reads one host: `read()` is one round trip on the reader's sampling loop; `sample()` composes
 * against the previous reading. close() ends the loop on the host.
 */
export class RemoteHostReader {
  private prev: RemoteReading | null = null;
  private readonly channel: SampleChannel;

  constructor(
    shell: RemoteShell,
    private readonly host: string,
    private readonly monotonic: () => number = () => performance.now(),
    timeoutMs?: number,
  ) {
    this.channel = new SampleChannel(shell, SAMPLE_COMMAND, host, END, timeoutMs);
  }

  /** Loops started on the host (1 unless one died) and answers asked of them. */
  get counts(): { opened: number; requests: number } {
    return { opened: this.channel.opened, requests: this.channel.requests };
  }

  async read(): Promise<RemoteReading> {
    const output = await this.channel.request();
    return parseRemoteOutput(output, this.monotonic(), this.host);
  }

  close(): void {
    this.channel.close();
  }

  /** Null on the first call (rates need two readings), the figures after. */
  async sample(): Promise<RemoteHostFigures | null> {
    const cur = await this.read();
    const prev = this.prev;
    this.prev = cur;
    return prev ? composeRemote(prev, cur) : null;
  }

  /** The next sample starts from a fresh baseline (after an outage). */
  reset(): void {
    this.prev = null;
  }
}
