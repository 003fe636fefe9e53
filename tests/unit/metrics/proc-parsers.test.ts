import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HostReader } from '../../../main/core/metrics/host-reader';
import { unavailable } from '../../../main/core/metrics/perf-counters';
import {
  parseDiskstats,
  parseEstablished,
  parseMeminfo,
  parseNetDev,
  parseStat,
} from '../../../main/core/metrics/proc';
import { fakeClock, tempDir } from './helpers';

describe('per-tick /proc parsers', () => {
  it('reads every cpu line of /proc/stat, aggregate and per core, ignoring the rest', () => {
    const s = parseStat(
      'cpu  10 1 20 300 4 5 6 7 0 0\ncpu0 5 0 10 150 2 2 3 3 0 0\ncpu1 5 1 10 150 2 3 3 4 0 0\n' +
        'intr 999 1 2 3 4 5\nctxt 77\nbtime 1\nprocs_running 2\nsoftirq 5 1 1 1 1\n',
    );
    expect(s.total).toEqual({
      user: 10,
      nice: 1,
      system: 20,
      idle: 300,
      iowait: 4,
      irq: 5,
      softirq: 6,
      steal: 7,
    });
    expect(s.cores.map((c) => c.idle)).toEqual([150, 150]);
    expect(s.cores[1]?.steal).toBe(4);
    expect(s.interrupts).toBe(999);
  });

  it('takes meminfo fields in bytes, HugePages as counts, and leaves absent fields out', () => {
    const m = parseMeminfo(
      'MemTotal:        2048 kB\nMemFree:          512 kB\nBuffers:           16 kB\nCached:           64 kB\n' +
        'SwapCached:         8 kB\nSwapTotal:         0 kB\nSwapFree:          0 kB\nHugePages_Total:       2\nHugePages_Free:        1\n',
    );
    expect(m).toEqual({
      MemTotal: 2048 * 1024,
      MemFree: 512 * 1024,
      Buffers: 16 * 1024,
      Cached: 64 * 1024,
      SwapTotal: 0,
      SwapFree: 0,
      HugePages_Total: 2,
      HugePages_Free: 1,
    });
  });

  it('maps /proc/net/dev receive and transmit columns per interface', () => {
    const net = parseNetDev(
      'Inter-|   Receive                            |  Transmit\n' +
        ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n' +
        '    lo: 1200      12    0    0    0     0          0         0     1200      12    0    0    0     0       0          0\n' +
        'enp0s3:4294967296 300 0 0 0 0 0 0 8000 40 0 0 0 0 0 0\n',
    );
    expect([...net.keys()]).toEqual(['lo', 'enp0s3']);
    expect(net.get('enp0s3')).toEqual({
      rxBytes: 4_294_967_296,
      rxPackets: 300,
      txBytes: 8000,
      txPackets: 40,
    });
  });

  it('maps /proc/diskstats columns for the named devices only', () => {
    const disks = parseDiskstats(
      '   7       0 loop0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17\n' +
        ' 259       0 nvme0n1 100 7 800 40 200 9 1600 90 0 50 130 0 0 0 0 0 0\n' +
        ' 259       1 nvme0n1p1 90 0 700 30 190 0 1500 80 0 40 110 0 0 0 0 0 0\n',
      new Set(['nvme0n1']),
    );
    expect([...disks.keys()]).toEqual(['nvme0n1']);
    expect(disks.get('nvme0n1')).toEqual({
      reads: 100,
      readSectors: 800,
      readMs: 40,
      writes: 200,
      writeSectors: 1600,
      writeMs: 90,
      ioMs: 50,
    });
  });

  it('finds CurrEstab by its header in /proc/net/snmp, whatever the column order', () => {
    const snmp =
      'Ip: Forwarding DefaultTTL\nIp: 1 64\n' +
      'Tcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens PassiveOpens AttemptFails EstabResets CurrEstab InSegs\n' +
      'Tcp: 1 200 120000 -1 50 60 2 3 42 9000\n' +
      'Udp: InDatagrams NoPorts\nUdp: 5 6\n';
    expect(parseEstablished(snmp)).toBe(42);
    expect(parseEstablished('Udp: InDatagrams\nUdp: 5\n')).toBe(0);
  });
});

describe('partition usage cadence', () => {
  it('re-reads statfs only once usageRefreshMs has passed', () => {
    const root = tempDir();
    const proc = join(root, 'proc');
    mkdirSync(join(proc, 'net'), { recursive: true });
    mkdirSync(join(proc, 'self'), { recursive: true });
    writeFileSync(
      join(proc, 'stat'),
      'cpu  1 0 1 1 0 0 0 0 0 0\ncpu0 1 0 1 1 0 0 0 0 0 0\nintr 1\n',
    );
    writeFileSync(join(proc, 'meminfo'), 'MemTotal: 1000 kB\nMemAvailable: 500 kB\n');
    writeFileSync(join(proc, 'net', 'dev'), '');
    // The real root filesystem, so statfs has something to measure.
    writeFileSync(join(proc, 'self', 'mounts'), '/dev/root / ext4 rw 0 0\n');
    const clock = fakeClock(0);
    const reader = new HostReader({
      procRoot: proc,
      sysRoot: join(root, 'sys'),
      clock,
      perf: { current: () => unavailable('none'), close() {} },
      usageRefreshMs: 10_000,
    });
    const step = () => {
      const a = reader.snapshot();
      clock.advance(1000);
      return reader.compose(a, reader.snapshot()).disk.partitions;
    };
    const first = step();
    expect(first['/']?.total_bytes).toBeGreaterThan(0);
    expect(step()).toBe(first);
    clock.advance(10_000);
    const later = step();
    expect(later).not.toBe(first);
    expect(later['/']?.total_bytes).toBe(first['/']?.total_bytes);
    reader.close();
  });
});
