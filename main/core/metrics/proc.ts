// Runs in the main process (sampler). Parses the /proc and /sys files the sampler reads every
// tick; pure functions over text so they can be tested on fixtures. Never starts a process.

export interface CpuTimes {
  user: number;
  nice: number;
  system: number;
  idle: number;
  iowait: number;
  irq: number;
  softirq: number;
  steal: number;
}

export interface StatSnapshot {
  total: CpuTimes;
  cores: CpuTimes[];
  interrupts: number;
}

const toTimes = (f: number[]): CpuTimes => ({
  user: f[0] ?? 0,
  nice: f[1] ?? 0,
  system: f[2] ?? 0,
  idle: f[3] ?? 0,
  iowait: f[4] ?? 0,
  irq: f[5] ?? 0,
  softirq: f[6] ?? 0,
  steal: f[7] ?? 0,
});

/** Whitespace-separated numbers, for the one line of a table the caller already picked. */
const numbers = (fields: string): number[] => fields.trim().split(/\s+/).map(Number);

// Whole-file regexes pick out the few lines a tick needs, so the long lines (/proc/stat's `intr`
// holds one counter per interrupt source) and the skipped rows are never split into fields.
const STAT_CPU = /^cpu(\d*) +(.*)$/gm;
const STAT_INTR = /^intr (\d+)/m;

export function parseStat(text: string): StatSnapshot {
  let total = toTimes([]);
  const cores: CpuTimes[] = [];
  for (const [, core, fields] of text.matchAll(STAT_CPU)) {
    const times = toTimes(numbers(fields ?? ''));
    if (core === '') total = times;
    else cores.push(times);
  }
  return { total, cores, interrupts: Number(STAT_INTR.exec(text)?.[1] ?? 0) };
}

export interface CpuShares {
  usage: number;
  user: number;
  system: number;
  idle: number;
  iowait: number;
}

/** Percent of the elapsed CPU time between two readings; idle and iowait count as not busy. */
export function cpuShares(prev: CpuTimes, cur: CpuTimes): CpuShares {
  const d = (k: keyof CpuTimes) => Math.max(0, cur[k] - prev[k]);
  const user = d('user') + d('nice');
  const system = d('system') + d('irq') + d('softirq');
  const idle = d('idle');
  const iowait = d('iowait');
  const total = user + system + idle + iowait + d('steal');
  if (total === 0) return { usage: 0, user: 0, system: 0, idle: 100, iowait: 0 };
  const pct = (v: number) => (v / total) * 100;
  return {
    usage: 100 - pct(idle) - pct(iowait),
    user: pct(user),
    system: pct(system),
    idle: pct(idle),
    iowait: pct(iowait),
  };
}

/** The /proc/meminfo lines a sample reads (the file has some fifty). */
export const MEMINFO_KEYS = [
  'MemTotal',
  'MemFree',
  'MemAvailable',
  'Buffers',
  'Cached',
  'SwapTotal',
  'SwapFree',
  'HugePages_Total',
  'HugePages_Free',
] as const;

export type MeminfoKey = (typeof MEMINFO_KEYS)[number];

const MEMINFO = new RegExp(`^(${MEMINFO_KEYS.join('|')}):\\s+(\\d+)( kB)?`, 'gm');

/** The fields the sample reports, in bytes (meminfo says kB) or plain counts for HugePages_*. */
export function parseMeminfo(text: string): Partial<Record<MeminfoKey, number>> {
  const out: Partial<Record<MeminfoKey, number>> = {};
  for (const [, key, value, kb] of text.matchAll(MEMINFO)) {
    out[key as MeminfoKey] = Number(value) * (kb ? 1024 : 1);
  }
  return out;
}

export interface NetCounters {
  rxBytes: number;
  rxPackets: number;
  txBytes: number;
  txPackets: number;
}

const NET_DEV = /^\s*([^:\s]+):(.*)$/gm;

export function parseNetDev(text: string): Map<string, NetCounters> {
  const out = new Map<string, NetCounters>();
  for (const [, name, fields] of text.matchAll(NET_DEV)) {
    const f = numbers(fields ?? '');
    out.set(name ?? '', {
      rxBytes: f[0] ?? 0,
      rxPackets: f[1] ?? 0,
      txBytes: f[8] ?? 0,
      txPackets: f[9] ?? 0,
    });
  }
  return out;
}

export interface DiskCounters {
  reads: number;
  readSectors: number;
  readMs: number;
  writes: number;
  writeSectors: number;
  writeMs: number;
  /** Milliseconds the device had I/O in flight: its growth over an interval is utilisation. */
  ioMs: number;
}

const DISKSTATS = /^\s*\d+\s+\d+\s+(\S+)\s+(.*)$/gm;

/** Only the named whole devices (from /sys/block), so partitions are not counted twice. */
export function parseDiskstats(
  text: string,
  devices: ReadonlySet<string>,
): Map<string, DiskCounters> {
  const out = new Map<string, DiskCounters>();
  for (const [, name, fields] of text.matchAll(DISKSTATS)) {
    if (!name || !devices.has(name)) continue;
    const f = numbers(fields ?? '');
    out.set(name, {
      reads: f[0] ?? 0,
      readSectors: f[2] ?? 0,
      readMs: f[3] ?? 0,
      writes: f[4] ?? 0,
      writeSectors: f[6] ?? 0,
      writeMs: f[7] ?? 0,
      ioMs: f[9] ?? 0,
    });
  }
  return out;
}

export interface LoadAverage {
  load1: number;
  load5: number;
  load15: number;
  /** Runnable scheduling entities right now, and all of them (the `7/303` field). */
  running: number;
  total: number;
}

export function parseLoadavg(text: string): LoadAverage {
  const m = /^([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+(\d+)\/(\d+)/.exec(text.trim());
  return {
    load1: Number(m?.[1] ?? 0),
    load5: Number(m?.[2] ?? 0),
    load15: Number(m?.[3] ?? 0),
    running: Number(m?.[4] ?? 0),
    total: Number(m?.[5] ?? 0),
  };
}

/** The database servers' process names (`comm`), reported whatever their CPU share. */
export const DATABASE_PROCESSES = ['postgres', 'mariadbd', 'mysqld'] as const;

export interface ProcessTimes {
  pid: number;
  /** The kernel's short name (`comm`, at most 15 characters): postgres, mariadbd, node… */
  name: string;
  /** CPU time in clock ticks (USER_HZ), user plus system. */
  ticks: number;
  /** Resident pages. */
  rssPages: number;
  /** When the process started, in ticks after boot: a reused pid has a different one. */
  started: number;
}

/**
 * One or more /proc/[pid]/stat lines. The name sits in parentheses and may itself hold spaces
 * or parentheses, so fields are counted from the last `)`.
 */
export function parseProcessStats(text: string): ProcessTimes[] {
  const out: ProcessTimes[] = [];
  for (const line of text.split('\n')) {
    const open = line.indexOf(' (');
    const close = line.lastIndexOf(')');
    if (open < 0 || close < open) continue;
    const f = line.slice(close + 2).split(' ');
    // After the name: state(0) ppid … utime(11) stime(12) … starttime(19) vsize(20) rss(21).
    const pid = Number(line.slice(0, open));
    if (!Number.isInteger(pid) || f.length < 22) continue;
    out.push({
      pid,
      name: line.slice(open + 2, close),
      ticks: Number(f[11]) + Number(f[12]),
      rssPages: Number(f[21]),
      started: Number(f[19]),
    });
  }
  return out;
}

/** The `Tcp:` CurrEstab counter of /proc/net/snmp (IPv4 and IPv6 share the TCP MIB). */
export function parseEstablished(snmp: string): number {
  const tcp = /^Tcp: (.*)\nTcp: (.*)$/m.exec(snmp);
  const i = tcp?.[1]?.split(' ').indexOf('CurrEstab') ?? -1;
  return i < 0 ? 0 : Number(tcp?.[2]?.split(' ')[i] ?? 0);
}

/** TIME_WAIT sockets: the `tw` field of /proc/net/sockstat counts every family. */
export function parseTimeWait(sockstat: string): number {
  const m = /^TCP:.*\btw (\d+)/m.exec(sockstat);
  return m?.[1] ? Number(m[1]) : 0;
}

/** LISTEN sockets (state 0A) in a /proc/net/tcp{,6} table; walking it costs more, so callers cache. */
export function countListen(table: string): number {
  let n = 0;
  for (const line of table.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f[3] === '0A') n += 1;
  }
  return n;
}

/** `cpu MHz` lines of /proc/cpuinfo, for machines without cpufreq in /sys. */
export function parseCpuinfoMhz(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(/^cpu MHz\s*:\s*([\d.]+)/gm)) out.push(Number(m[1]));
  return out;
}

const REAL_FS = /^(ext[234]|xfs|btrfs|zfs|f2fs|vfat|exfat|ntfs3?|overlay|fuseblk)$/;

/** Mount points worth reporting: real filesystems, each mount point once. */
export function parseMounts(text: string): string[] {
  const out = new Set<string>();
  for (const line of text.split('\n')) {
    const [source, mountpoint, fstype] = line.split(' ');
    if (!source || !mountpoint || !fstype || !REAL_FS.test(fstype)) continue;
    if (!source.startsWith('/dev/') && mountpoint !== '/') continue;
    out.add(mountpoint.replace(/\\040/g, ' '));
  }
  return [...out];
}
