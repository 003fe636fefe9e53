// Runs in the main process, server and CLI. Turns two parsed readings of /proc text into figures:
// shared by the local sampler (files read here) and the remote one (the same files over SSH).
import type { DiskCounters, MeminfoKey, NetCounters, ProcessTimes } from './proc';

export interface MemoryFigures {
  usage_percent: number;
  total_bytes: number;
  used_bytes: number;
  available_bytes: number;
  cached_bytes: number;
  buffers_bytes: number;
  swap_used_bytes: number;
  swap_total_bytes: number;
  hugepages_total: number;
  hugepages_free: number;
}

export function memoryFigures(mem: Partial<Record<MeminfoKey, number>>): MemoryFigures {
  const m = (k: MeminfoKey) => mem[k] ?? 0;
  const total = m('MemTotal');
  // Kernels before 3.14 have no MemAvailable: the old estimate.
  const available = mem.MemAvailable ?? m('MemFree') + m('Cached') + m('Buffers');
  const used = total - available;
  return {
    usage_percent: total > 0 ? (used / total) * 100 : 0,
    total_bytes: total,
    used_bytes: used,
    available_bytes: available,
    cached_bytes: m('Cached'),
    buffers_bytes: m('Buffers'),
    swap_used_bytes: m('SwapTotal') - m('SwapFree'),
    swap_total_bytes: m('SwapTotal'),
    hugepages_total: m('HugePages_Total'),
    hugepages_free: m('HugePages_Free'),
  };
}

/** A counter's growth per second; a counter that went backwards (reset, wrap) counts as 0. */
const perSec = (a: number, b: number, seconds: number) => Math.max(0, b - a) / seconds;

export interface InterfaceRates {
  bytes_sent_per_sec: number;
  bytes_recv_per_sec: number;
  packets_sent_per_sec: number;
  packets_recv_per_sec: number;
}

export function netRates(
  prev: Map<string, NetCounters>,
  cur: Map<string, NetCounters>,
  seconds: number,
): Record<string, InterfaceRates> {
  const out: Record<string, InterfaceRates> = {};
  for (const [name, c] of cur) {
    const p = prev.get(name);
    if (!p) continue;
    out[name] = {
      bytes_sent_per_sec: perSec(p.txBytes, c.txBytes, seconds),
      bytes_recv_per_sec: perSec(p.rxBytes, c.rxBytes, seconds),
      packets_sent_per_sec: perSec(p.txPackets, c.txPackets, seconds),
      packets_recv_per_sec: perSec(p.rxPackets, c.rxPackets, seconds),
    };
  }
  return out;
}

export interface DeviceRates {
  read_bytes_per_sec: number;
  write_bytes_per_sec: number;
  read_iops: number;
  write_iops: number;
  read_latency_ms: number;
  write_latency_ms: number;
  /** Share of the interval the device had I/O in flight (iostat's %util). */
  utilization_percent: number;
}

export function diskRates(
  prev: Map<string, DiskCounters>,
  cur: Map<string, DiskCounters>,
  seconds: number,
): Record<string, DeviceRates> {
  const out: Record<string, DeviceRates> = {};
  for (const [name, c] of cur) {
    const p = prev.get(name);
    if (!p) continue;
    const reads = Math.max(0, c.reads - p.reads);
    const writes = Math.max(0, c.writes - p.writes);
    out[name] = {
      // diskstats counts 512-byte sectors whatever the device's own sector size.
      read_bytes_per_sec: perSec(p.readSectors, c.readSectors, seconds) * 512,
      write_bytes_per_sec: perSec(p.writeSectors, c.writeSectors, seconds) * 512,
      read_iops: reads / seconds,
      write_iops: writes / seconds,
      read_latency_ms: reads > 0 ? Math.max(0, c.readMs - p.readMs) / reads : 0,
      write_latency_ms: writes > 0 ? Math.max(0, c.writeMs - p.writeMs) / writes : 0,
      utilization_percent: Math.min(100, perSec(p.ioMs, c.ioMs, seconds) / 10),
    };
  }
  return out;
}

export interface ProcessUsage {
  pid: number;
  name: string;
  /** Percent of one core (a process busy on two cores shows 200). */
  cpu_percent: number;
  memory_bytes: number;
}

/**
 * CPU share of each process present in both readings (same pid and start time, so a reused pid
 * is not taken for its predecessor), busiest first.
 */
export function processUsage(
  prev: readonly ProcessTimes[],
  cur: readonly ProcessTimes[],
  seconds: number,
  clockTicks: number,
  pageSize: number,
): ProcessUsage[] {
  const before = new Map(prev.map((p) => [p.pid, p]));
  const out: ProcessUsage[] = [];
  for (const c of cur) {
    const p = before.get(c.pid);
    if (!p || p.started !== c.started) continue;
    out.push({
      pid: c.pid,
      name: c.name,
      cpu_percent: (perSec(p.ticks, c.ticks, seconds) / clockTicks) * 100,
      memory_bytes: c.rssPages * pageSize,
    });
  }
  return out.sort((a, b) => b.cpu_percent - a.cpu_percent || b.memory_bytes - a.memory_bytes);
}
