// The remote host reader on fixture text and on the real command run by a local shell: sections
// split by marker, the shared /proc parsers, rates between two answers, per-process CPU, and a
// host whose uname is not Linux (a fake uname first on PATH) refused with a clear error.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEventBus } from '../../../main/core/events';
import { HostMetricsService } from '../../../main/core/host-metrics/service';
import {
  composeRemote,
  parseRemoteOutput,
  RemoteHostReader,
  SAMPLE_COMMAND,
  SAMPLE_SCRIPT,
  splitSections,
} from '../../../main/core/host-metrics/remote-reader';
import { silentLogger } from '../../../main/core/logging/logger';
import {
  parseLoadavg,
  parseMeminfo,
  parseProcessStats,
  parseStat,
} from '../../../main/core/metrics/proc';
import { processUsage } from '../../../main/core/metrics/rates';
import { openDatabase } from '../../../main/core/store/database';
import { localShell } from '../../support/local-shell';
import { tempDir } from '../metrics/helpers';

/** A host's answer: `busy` jiffies of user time, `io` reads and `rx` bytes received so far. */
function answer(t: { busy: number; reads: number; rx: number; pgTicks: number }, uname = 'Linux') {
  return [
    '@@uname',
    uname,
    '@@conf',
    '100',
    '4096',
    '@@stat',
    `cpu  ${t.busy} 0 0 ${1000 + t.busy} 0 0 0 0 0 0`,
    `cpu0 ${t.busy} 0 0 ${1000 + t.busy} 0 0 0 0 0 0`,
    'intr 5 1 2',
    '@@meminfo',
    'MemTotal:       2048 kB',
    'MemFree:         512 kB',
    'MemAvailable:   1024 kB',
    'SwapTotal:       100 kB',
    'SwapFree:         40 kB',
    '@@diskstats',
    ` 8 0 sda ${t.reads} 0 ${t.reads * 8} ${t.reads * 2} 0 0 0 0 0 ${t.reads * 5} 0`,
    ` 8 1 sda1 ${t.reads} 0 ${t.reads * 8} ${t.reads * 2} 0 0 0 0 0 ${t.reads * 5} 0`,
    '@@net/dev',
    'Inter-|   Receive',
    ' face |bytes    packets',
    `    lo: 999 9 0 0 0 0 0 0 999 9 0 0 0 0 0 0`,
    `  eth0: ${t.rx} 10 0 0 0 0 0 0 ${t.rx / 2} 5 0 0 0 0 0 0`,
    '@@loadavg',
    '1.50 0.75 0.25 3/120 4242',
    '@@block',
    'loop0',
    'sda',
    '@@procs',
    `311 (postgres) S 1 311 311 0 -1 4194560 100 0 0 0 ${t.pgTicks} 10 0 0 20 0 1 0 500 100000 2000 18446744073709551615`,
    `312 (my (odd) name) S 1 311 311 0 -1 4194560 100 0 0 0 1 1 0 0 20 0 1 0 600 100000 10 18446744073709551615`,
    '@@end',
    '',
  ].join('\n');
}

describe('shared /proc parsers', () => {
  it('reads the load average and the run queue', () => {
    expect(parseLoadavg('12.93 14.47 14.75 7/303 8735\n')).toEqual({
      load1: 12.93,
      load5: 14.47,
      load15: 14.75,
      running: 7,
      total: 303,
    });
  });

  it('reads /proc/[pid]/stat lines, names with spaces and parentheses included', () => {
    const p = parseProcessStats(answer({ busy: 0, reads: 0, rx: 0, pgTicks: 40 }));
    expect(p).toEqual([
      { pid: 311, name: 'postgres', ticks: 50, rssPages: 2000, started: 500 },
      { pid: 312, name: 'my (odd) name', ticks: 2, rssPages: 10, started: 600 },
    ]);
  });

  it('gives per-process CPU for the same process only (a reused pid is not its predecessor)', () => {
    const a = parseProcessStats('7 (postgres) S 1 1 1 0 -1 0 0 0 0 0 100 0 0 0 20 0 1 0 50 0 10 0');
    const b = parseProcessStats('7 (postgres) S 1 1 1 0 -1 0 0 0 0 0 250 0 0 0 20 0 1 0 50 0 20 0');
    const reused = parseProcessStats(
      '7 (mariadbd) S 1 1 1 0 -1 0 0 0 0 0 9 0 0 0 20 0 1 0 99 0 20 0',
    );
    // 150 ticks at 100 Hz over 1 s: one and a half cores.
    expect(processUsage(a, b, 1, 100, 4096)).toEqual([
      { pid: 7, name: 'postgres', cpu_percent: 150, memory_bytes: 20 * 4096 },
    ]);
    expect(processUsage(a, reused, 1, 100, 4096)).toEqual([]);
  });
});

describe('remote host answer', () => {
  it('turns two answers into rates over whole disks and real interfaces', () => {
    const a = parseRemoteOutput(answer({ busy: 100, reads: 10, rx: 1000, pgTicks: 0 }), 0, 'db1');
    const b = parseRemoteOutput(
      answer({ busy: 600, reads: 30, rx: 5000, pgTicks: 100 }),
      2000,
      'db1',
    );
    expect([...b.disk.keys()]).toEqual(['sda']);
    const f = composeRemote(a, b);
    expect(f.values).toMatchObject({
      cpu_count: 1,
      load1: 1.5,
      load15: 0.25,
      memory_total_bytes: 2048 * 1024,
      memory_available_bytes: 1024 * 1024,
      swap_used_bytes: 60 * 1024,
      disk_read_iops: 10,
      disk_read_bytes_per_sec: (20 * 8 * 512) / 2,
      disk_read_latency_ms: 2,
      // 100 ms in flight over 2 s
      disk_utilization_percent: 5,
      // lo left out
      net_recv_bytes_per_sec: 2000,
      db_processes: 2,
      // 100 ticks at 100 Hz over 2 s
      db_processes_cpu_percent: 50,
    });
    // 500 jiffies busy and 500 idle
    expect(f.values.cpu_usage_percent).toBeCloseTo(50);
    expect(f.per_core).toEqual([50]);
    expect(f.processes[0]).toMatchObject({ pid: 311, name: 'postgres', cpu_percent: 50 });
  });

  it('says what is wrong with an empty or cut answer', () => {
    expect(() => parseRemoteOutput('', 0, 'db1')).toThrow(/did not answer the metrics command/);
    const cut = answer({ busy: 0, reads: 0, rx: 0, pgTicks: 0 }).replace('@@end', '');
    expect(() => parseRemoteOutput(cut, 0, 'db1')).toThrow(/stopped before its end/);
  });
});

function darwinBin(): string {
  const bin = join(tempDir(), 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'uname'), '#!/bin/sh\necho Darwin\n');
  chmodSync(join(bin, 'uname'), 0o755);
  return bin;
}

function stallingHeadBin(): string {
  const bin = join(tempDir(), 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'head'), '#!/bin/sh\nexec sleep 30\n');
  chmodSync(join(bin, 'head'), 0o755);
  return bin;
}

describe('the sampling loop', () => {
  it('reads this Linux machine: one command for the reader, one answer per sample', async () => {
    const shell = localShell();
    const reader = new RemoteHostReader(shell, 'localhost');
    try {
      expect(await reader.sample()).toBeNull();
      const f = await reader.sample();
      await reader.sample();
      expect(shell.spawned).toBe(1);
      expect(reader.counts).toEqual({ opened: 1, requests: 3 });
      expect(f?.values.memory_total_bytes).toBeGreaterThan(0);
      expect(f?.values.cpu_count).toBeGreaterThan(0);
      expect(f?.values.load1).toBeGreaterThanOrEqual(0);
      expect(SAMPLE_COMMAND).not.toMatch(/'.*'.*'/);
    } finally {
      reader.close();
    }
  });

  it('answers with only the lines and fields the parsers read, which read as the whole files do', () => {
    const output = execFileSync('sh', ['-c', SAMPLE_SCRIPT], { input: '\n', encoding: 'latin1' });
    const reading = parseRemoteOutput(output, 0, 'localhost');
    const s = splitSections(output);
    // Nine meminfo lines, the cpu lines and the interrupt total: not the whole files.
    expect(s.get('meminfo')?.trim().split('\n')).toHaveLength(9);
    expect(s.get('stat')).not.toMatch(/^(softirq|ctxt|btime)/m);
    expect(s.get('stat')).toMatch(/^intr \d+$/m);
    const meminfo = parseMeminfo(readFileSync('/proc/meminfo', 'latin1'));
    expect(Object.keys(reading.meminfo).sort()).toEqual(Object.keys(meminfo).sort());
    expect(reading.meminfo.MemTotal).toBe(meminfo.MemTotal);
    expect(reading.meminfo.SwapTotal).toBe(meminfo.SwapTotal);
    // Read a moment later, the whole file's counters are the same or a little further.
    const stat = parseStat(readFileSync('/proc/stat', 'latin1'));
    expect(reading.stat.cores).toHaveLength(stat.cores.length);
    expect(reading.stat.total.user).toBeGreaterThan(0);
    expect(stat.total.user - reading.stat.total.user).toBeGreaterThanOrEqual(0);
    expect(stat.total.user - reading.stat.total.user).toBeLessThan(1000);
    expect(reading.stat.interrupts).toBeGreaterThan(0);
    expect(stat.interrupts).toBeGreaterThanOrEqual(reading.stat.interrupts);
    // The database processes of this machine (the loopback servers the tests use), each line a
    // fraction of the kernel's, parsed to the same process as its whole stat line.
    expect(reading.processes.length).toBeGreaterThan(0);
    for (const line of (s.get('procs') ?? '').trim().split('\n'))
      expect(line.length).toBeLessThan(120);
    for (const p of reading.processes) {
      let whole: string;
      try {
        whole = readFileSync(`/proc/${p.pid}/stat`, 'latin1');
      } catch {
        continue; // ended since (a PostgreSQL backend)
      }
      const [full] = parseProcessStats(whole);
      expect(full).toMatchObject({ pid: p.pid, name: p.name, started: p.started });
      expect(full!.ticks).toBeGreaterThanOrEqual(p.ticks);
      expect(p.rssPages).toBeGreaterThan(0);
    }
  });

  it("names the /proc sections by head's headers", () => {
    const s = splitSections('@@conf\n100\n==> /proc/stat <==\ncpu 1\n\n==> /proc/net/dev <==\nx\n');
    expect(s.get('stat')).toBe('cpu 1\n\n');
    expect(s.get('net/dev')).toBe('x\n');
  });

  it('starts a new loop after the last one died, and the next sample works', async () => {
    const shell = localShell();
    const reader = new RemoteHostReader(shell, 'localhost');
    try {
      await reader.read();
      const dead = new Promise((resolve) => shell.last?.once('close', resolve));
      shell.last?.kill('SIGKILL');
      await dead;
      const r = await reader.read();
      expect(r.meminfo.MemTotal).toBeGreaterThan(0);
      expect(reader.counts).toEqual({ opened: 2, requests: 2 });
    } finally {
      reader.close();
    }
  });

  it('gives up on a loop that stalls, and restarts it', async () => {
    const shell = localShell(stallingHeadBin());
    const reader = new RemoteHostReader(shell, 'stuck-host', undefined, 300);
    try {
      await expect(reader.read()).rejects.toMatchObject({
        code: 'TIMEOUT',
        message: expect.stringMatching(/stuck-host did not answer within 0.3 s/) as string,
      });
      await expect(reader.read()).rejects.toMatchObject({ code: 'TIMEOUT' });
      expect(shell.spawned).toBe(2);
    } finally {
      reader.close();
    }
  });

  it('says so when the host runs no command at all', async () => {
    const reader = new RemoteHostReader(
      { spawn: (command) => localShell().spawn(command.replace(/^sh -c/, 'true ||')) },
      'restricted',
    );
    await expect(reader.read()).rejects.toMatchObject({
      message: expect.stringMatching(/restricted did not answer the metrics command/) as string,
    });
    reader.close();
  });

  it('refuses a host that is not Linux, naming what it runs', async () => {
    const reader = new RemoteHostReader(localShell(darwinBin()), 'mac-mini.local');
    await expect(reader.read()).rejects.toMatchObject({
      code: 'REFUSED',
      message: expect.stringMatching(/mac-mini\.local runs Darwin, not Linux/) as string,
    });
    reader.close();
  });

  it('answers live with that error once a sample failed', async () => {
    const dir = tempDir();
    const shell = localShell(darwinBin());
    const svc = new HostMetricsService({
      db: openDatabase(join(dir, 'benchphant.sqlite')),
      events: createEventBus(),
      logger: silentLogger,
      sshHost: () => 'mac-mini.local',
      revision: () => '1',
      shell: async () => shell,
    });
    try {
      expect(svc.live('c1')).toBeNull();
      await expect.poll(() => shell.spawned).toBeGreaterThan(0);
      await expect
        .poll(() => {
          try {
            svc.live('c1');
            return '';
          } catch (err) {
            return (err as Error).message;
          }
        })
        .toMatch(/runs Darwin, not Linux/);
    } finally {
      await svc.close();
    }
  });
});
