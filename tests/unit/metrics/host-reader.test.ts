import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIGURES } from '../../../main/core/metrics/figures';
import { HostReader } from '../../../main/core/metrics/host-reader';
import { unavailable } from '../../../main/core/metrics/perf-counters';
import { countListen, cpuShares, parseMounts, parseStat } from '../../../main/core/metrics/proc';
import { Sampler } from '../../../main/core/metrics/sampler';
import { silentLogger } from '../../../main/core/logging/logger';
import { fakeClock, tempDir } from './helpers';

interface Counters {
  cpu: [number, number, number, number, number];
  intr: number;
  rx: number;
  tx: number;
  reads: number;
  readMs: number;
  writes: number;
}

/** A fake /proc and /sys with one disk (vda) and one interface (eth0). */
function writeProc(root: string, c: Counters) {
  const proc = join(root, 'proc');
  mkdirSync(join(proc, 'net'), { recursive: true });
  mkdirSync(join(proc, 'self'), { recursive: true });
  mkdirSync(join(root, 'sys', 'block', 'vda'), { recursive: true });
  mkdirSync(join(root, 'sys', 'block', 'loop0'), { recursive: true });
  const [u, s, idle, iow, irq] = c.cpu;
  writeFileSync(
    join(proc, 'stat'),
    `cpu  ${u} 0 ${s} ${idle} ${iow} ${irq} 0 0 0 0\ncpu0 ${u / 2} 0 ${s / 2} ${idle / 2} ${iow / 2} ${irq / 2} 0 0 0 0\ncpu1 ${u / 2} 0 ${s / 2} ${idle / 2} ${iow / 2} ${irq / 2} 0 0 0 0\nintr ${c.intr} 1 2 3\nctxt 5\n`,
  );
  writeFileSync(
    join(proc, 'meminfo'),
    'MemTotal:       1000 kB\nMemFree:         100 kB\nMemAvailable:    250 kB\nBuffers:          10 kB\nCached:          200 kB\nSwapTotal:       500 kB\nSwapFree:        400 kB\nHugePages_Total:       4\nHugePages_Free:        3\n',
  );
  writeFileSync(
    join(proc, 'net', 'dev'),
    `Inter-|   Receive |  Transmit\n face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n    lo: 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n  eth0: ${c.rx} ${c.rx / 100} 0 0 0 0 0 0 ${c.tx} ${c.tx / 100} 0 0 0 0 0 0\n`,
  );
  writeFileSync(join(proc, 'net', 'snmp'), 'Tcp: RtoAlgorithm CurrEstab InSegs\nTcp: 1 7 100\n');
  writeFileSync(
    join(proc, 'net', 'sockstat'),
    'sockets: used 31\nTCP: inuse 11 orphan 0 tw 3 alloc 14 mem 120\n',
  );
  writeFileSync(
    join(proc, 'net', 'tcp'),
    '  sl  local_address rem_address   st\n   0: 0100007F:1538 00000000:0000 0A 0\n   1: 0100007F:1538 0100007F:9000 01 0\n',
  );
  writeFileSync(
    join(proc, 'diskstats'),
    `   7       0 loop0 9 0 9 9 9 0 9 9 0 0 0\n 254       0 vda ${c.reads} 0 ${c.reads * 8} ${c.readMs} ${c.writes} 0 ${c.writes * 16} 50 0 ${c.readMs * 10} 0\n 254       1 vda1 999 0 999 999 999 0 999 999 0 0 0\n`,
  );
  writeFileSync(join(proc, 'self', 'mounts'), '');
  writeFileSync(join(proc, 'loadavg'), '2.50 1.25 0.50 3/200 999\n');
  writeFileSync(join(proc, 'cpuinfo'), 'cpu MHz\t\t: 2000.5\ncpu MHz\t\t: 1999.5\n');
}

describe('host reader', () => {
  it('computes rates from counter deltas over the real elapsed time', () => {
    const root = tempDir();
    const clock = fakeClock(0);
    const reader = new HostReader({
      procRoot: join(root, 'proc'),
      sysRoot: join(root, 'sys'),
      clock,
      perf: { current: () => unavailable('none'), close() {} },
    });
    writeProc(root, {
      cpu: [100, 100, 700, 100, 0],
      intr: 1000,
      rx: 10_000,
      tx: 5_000,
      reads: 10,
      readMs: 5,
      writes: 20,
    });
    const a = reader.snapshot();
    // 2.5 s later, not the nominal interval: rates divide by what really elapsed.
    clock.advance(2_500);
    writeProc(root, {
      cpu: [400, 200, 1000, 200, 200],
      intr: 3500,
      rx: 35_000,
      tx: 10_000,
      reads: 60,
      readMs: 105,
      writes: 20,
    });
    const d = reader.compose(a, reader.snapshot());
    // deltas: user 300, system 100 + irq 200, idle 300, iowait 100 → 1000 jiffies
    expect(d.cpu.user).toBeCloseTo(30);
    expect(d.cpu.system).toBeCloseTo(30);
    expect(d.cpu.idle).toBeCloseTo(30);
    expect(d.cpu.iowait).toBeCloseTo(10);
    expect(d.cpu.usage_percent).toBeCloseTo(60);
    expect(d.cpu.per_core).toHaveLength(2);
    expect(d.cpu.interrupts).toBeCloseTo(1000);
    expect(d.cpu.frequency_mhz).toEqual([2000.5, 1999.5]);
    expect(d.network.interfaces.eth0).toEqual({
      bytes_recv_per_sec: 10_000,
      bytes_sent_per_sec: 2_000,
      packets_recv_per_sec: 100,
      packets_sent_per_sec: 20,
    });
    expect(d.network.connections).toEqual({ established: 7, time_wait: 3, listen: 1 });
    expect(Object.keys(d.disk.devices)).toEqual(['vda']);
    expect(d.disk.devices.vda).toEqual({
      read_iops: 20,
      write_iops: 0,
      read_bytes_per_sec: (50 * 8 * 512) / 2.5,
      write_bytes_per_sec: 0,
      read_latency_ms: 2,
      write_latency_ms: 0,
      // 1000 ms with I/O in flight over 2.5 s
      utilization_percent: 40,
    });
    expect(d.cpu.load_average).toEqual({ load1: 2.5, load5: 1.25, load15: 0.5 });
    // Both kept in history (migration 38).
    const figure = (column: string) => FIGURES.find((f) => f.column === column)?.extract(d);
    expect(figure('cpu_load1')).toBe(2.5);
    expect(figure('disk_max_utilization_percent')).toBe(40);
    expect(d.memory).toMatchObject({
      total_bytes: 1000 * 1024,
      available_bytes: 250 * 1024,
      used_bytes: 750 * 1024,
      usage_percent: 75,
      swap_used_bytes: 100 * 1024,
      hugepages_free: 3,
    });
    expect(d.perf).toMatchObject({ available: false, reason: 'none' });
  });

  it('treats a counter that went backwards (reset) as no traffic', () => {
    const root = tempDir();
    const clock = fakeClock(0);
    const reader = new HostReader({
      procRoot: join(root, 'proc'),
      sysRoot: join(root, 'sys'),
      clock,
      perf: { current: () => unavailable('none'), close() {} },
    });
    writeProc(root, {
      cpu: [1, 1, 1, 1, 0],
      intr: 10,
      rx: 50_000,
      tx: 5_000,
      reads: 10,
      readMs: 5,
      writes: 2,
    });
    const a = reader.snapshot();
    clock.advance(1000);
    writeProc(root, {
      cpu: [1, 1, 1, 1, 0],
      intr: 10,
      rx: 100,
      tx: 5_000,
      reads: 10,
      readMs: 5,
      writes: 2,
    });
    const d = reader.compose(a, reader.snapshot());
    expect(d.network.interfaces.eth0?.bytes_recv_per_sec).toBe(0);
    expect(d.cpu.usage_percent).toBe(0);
  });

  it('publishes through the sampler only from the second reading on', () => {
    const root = tempDir();
    const clock = fakeClock(0);
    writeProc(root, {
      cpu: [1, 1, 1, 1, 0],
      intr: 10,
      rx: 0,
      tx: 0,
      reads: 0,
      readMs: 0,
      writes: 0,
    });
    const reader = new HostReader({
      procRoot: join(root, 'proc'),
      sysRoot: join(root, 'sys'),
      clock,
      perf: { current: () => unavailable('none'), close() {} },
    });
    const seen: number[] = [];
    const sampler = new Sampler({
      reader,
      clock,
      logger: silentLogger,
      onSample: (ts) => seen.push(ts),
    });
    expect(sampler.tick()).toBeNull();
    clock.advance(1000);
    expect(sampler.tick()).not.toBeNull();
    expect(seen).toEqual([1000]);
  });
});

describe('proc parsers', () => {
  it('reads the interrupt total and per-core lines of /proc/stat', () => {
    const s = parseStat('cpu  1 2 3 4 5 6 7 8 0 0\ncpu0 1 2 3 4 5 6 7 8 0 0\nintr 12345 0 1\n');
    expect(s.interrupts).toBe(12345);
    expect(s.cores).toHaveLength(1);
  });

  it('returns 100 % idle when no time elapsed', () => {
    const t = { user: 1, nice: 0, system: 1, idle: 1, iowait: 0, irq: 0, softirq: 0, steal: 0 };
    expect(cpuShares(t, t)).toEqual({ usage: 0, user: 0, system: 0, idle: 100, iowait: 0 });
  });

  it('keeps real filesystems from the mount table', () => {
    const mounts = parseMounts(
      'proc /proc proc rw 0 0\n/dev/vda1 / ext4 rw 0 0\n/dev/vdb1 /my\\040data xfs rw 0 0\ntmpfs /tmp tmpfs rw 0 0\n',
    );
    expect(mounts).toEqual(['/', '/my data']);
  });

  it('counts LISTEN sockets only', () => {
    expect(countListen('sl local rem st\n0: a b 0A\n1: a b 06\n2: a b 0A\n')).toBe(2);
  });
});
