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

export function parseStat(text: string): StatSnapshot {
  let total = toTimes([]);
  const cores: CpuTimes[] = [];
  let interrupts = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('cpu')) {
      const [name, ...rest] = line.trim().split(/\s+/);
      const times = toTimes(rest.map(Number));
      if (name === 'cpu') total = times;
      else cores.push(times);
    } else if (line.startsWith('intr ')) {
      interrupts = Number(
        line.slice(5, line.indexOf(' ', 5) === -1 ? undefined : line.indexOf(' ', 5)),
      );
    }
  }
  return { total, cores, interrupts };
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

/** Values in bytes (meminfo says kB) or plain counts for HugePages_*. */
export function parseMeminfo(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^([\w()]+):\s+(\d+)(\s+kB)?/.exec(line);
    if (m?.[1] && m[2]) out.set(m[1], Number(m[2]) * (m[3] ? 1024 : 1));
  }
  return out;
}

export interface NetCounters {
  rxBytes: number;
  rxPackets: number;
  txBytes: number;
  txPackets: number;
}

export function parseNetDev(text: string): Map<string, NetCounters> {
  const out = new Map<string, NetCounters>();
  for (const line of text.split('\n').slice(2)) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim();
    const f = line
      .slice(colon + 1)
      .trim()
      .split(/\s+/)
      .map(Number);
    out.set(name, {
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
}

/** Only the named whole devices (from /sys/block), so partitions are not counted twice. */
export function parseDiskstats(
  text: string,
  devices: ReadonlySet<string>,
): Map<string, DiskCounters> {
  const out = new Map<string, DiskCounters>();
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    const name = f[2];
    if (!name || !devices.has(name)) continue;
    const n = (i: number) => Number(f[i] ?? 0);
    out.set(name, {
      reads: n(3),
      readSectors: n(5),
      readMs: n(6),
      writes: n(7),
      writeSectors: n(9),
      writeMs: n(10),
    });
  }
  return out;
}

/** The `Tcp:` CurrEstab counter of /proc/net/snmp (IPv4 and IPv6 share the TCP MIB). */
export function parseEstablished(snmp: string): number {
  const lines = snmp.split('\n').filter((l) => l.startsWith('Tcp:'));
  const names = lines[0]?.split(/\s+/) ?? [];
  const values = lines[1]?.split(/\s+/) ?? [];
  const i = names.indexOf('CurrEstab');
  return i < 0 ? 0 : Number(values[i] ?? 0);
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
