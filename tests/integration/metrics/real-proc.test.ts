import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../main/core/metrics/clock';
import { HostReader, type Reading } from '../../../main/core/metrics/host-reader';
import type { CpuTimes } from '../../../main/core/metrics/proc';
import {
  createPerfSource,
  defaultProbeEnv,
  probePerf,
} from '../../../main/core/metrics/perf-counters';
import { silentLogger } from '../../../main/core/logging/logger';

const reader = () =>
  new HostReader({
    clock: systemClock,
    perf: createPerfSource(probePerf(defaultProbeEnv()), silentLogger),
  });

const jiffies = (t: CpuTimes): number =>
  t.user + t.nice + t.system + t.idle + t.iowait + t.irq + t.softirq + t.steal;

/** The next reading in which the kernel's CPU time counters moved, so shares have a denominator. */
async function nextReading(r: HostReader, after: Reading): Promise<Reading> {
  for (;;) {
    await new Promise((res) => setTimeout(res, 20));
    const cur = r.snapshot();
    if (jiffies(cur.stat.total) - jiffies(after.stat.total) >= 10) return cur;
  }
}

describe('sampler on the real /proc and /sys', () => {
  it('tells the database servers and Benchphant itself apart, with the load average', async () => {
    const r = reader();
    // Busy in this process between the readings, so its own CPU share is above zero.
    const a = r.snapshot();
    const until = performance.now() + 60;
    let spin = 0;
    while (performance.now() < until) spin += 1;
    expect(spin).toBeGreaterThan(0);
    const d = r.compose(a, await nextReading(r, a));
    const names = new Set(d.processes?.map((p) => p.name));
    expect(names.has('postgres')).toBe(true);
    expect(names.has('mariadbd') || names.has('mysqld')).toBe(true);
    expect(d.own_pid).toBe(process.pid);
    const own = d.processes?.find((p) => p.pid === process.pid);
    expect(own?.cpu_percent).toBeGreaterThan(0);
    // This process's resident memory, as the kernel counts it in /proc/self/status.
    const rss = Number(
      /^VmRSS:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'latin1'))?.[1],
    );
    expect(own?.memory_bytes).toBeGreaterThan(rss * 1024 * 0.5);
    expect(own?.memory_bytes).toBeLessThan(rss * 1024 * 2);
    for (const p of d.processes ?? []) expect(p.cpu_percent).toBeGreaterThanOrEqual(0);
    const load = readFileSync('/proc/loadavg', 'latin1').split(' ').map(Number);
    expect(Math.abs((d.cpu.load_average?.load15 ?? -1) - (load[2] ?? 0))).toBeLessThan(1);
    for (const dev of Object.values(d.disk.devices)) {
      expect(dev.utilization_percent).toBeGreaterThanOrEqual(0);
      expect(dev.utilization_percent).toBeLessThanOrEqual(100);
    }
  });

  it('reports values in range, one per-core figure per CPU', async () => {
    const r = reader();
    const a = r.snapshot();
    const d = r.compose(a, await nextReading(r, a));
    const nproc = Number(execFileSync('nproc', { encoding: 'utf8' }).trim());
    expect(d.cpu.per_core).toHaveLength(nproc);
    expect(d.cpu.per_core).toHaveLength(availableParallelism());
    for (const v of [
      d.cpu.usage_percent,
      d.cpu.user,
      d.cpu.system,
      d.cpu.idle,
      d.cpu.iowait,
      ...d.cpu.per_core,
    ]) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(100 + 1e-9);
    }
    expect(d.cpu.user + d.cpu.system + d.cpu.idle + d.cpu.iowait).toBeLessThanOrEqual(100 + 1e-9);
    expect(d.cpu.interrupts).toBeGreaterThan(0);
    expect(d.memory.total_bytes).toBeGreaterThan(100 * 1024 * 1024);
    expect(d.memory.used_bytes + d.memory.available_bytes).toBe(d.memory.total_bytes);
    expect(d.memory.usage_percent).toBeGreaterThan(0);
    expect(d.memory.usage_percent).toBeLessThan(100);
    expect(Object.keys(d.network.interfaces)).toContain('lo');
    expect(d.network.connections.listen).toBeGreaterThan(0);
    expect(d.disk.partitions['/']?.usage_percent).toBeGreaterThan(0);
    expect(Object.keys(d.disk.devices).every((n) => !n.startsWith('loop'))).toBe(true);
    expect(d.perf).toMatchObject({ available: false, ipc: null });
    expect(d.perf.reason).toBeTruthy();
  });

  it('measures loopback traffic as a rate over the elapsed time', async () => {
    const payload = Buffer.alloc(4 * 1024 * 1024, 1);
    let received = 0;
    let allReceived: () => void = () => {};
    const done = new Promise<void>((res) => {
      allReceived = res;
    });
    const server = createServer((s) =>
      s.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received >= payload.length) allReceived();
      }),
    );
    await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
    const port = (server.address() as { port: number }).port;
    const r = reader();
    const a = r.snapshot();
    const socket = connect(port, '127.0.0.1');
    socket.write(payload);
    await done;
    socket.end();
    const b = r.snapshot();
    const seconds = (b.at - a.at) / 1000;
    const d = r.compose(a, b);
    server.close();
    const lo = d.network.interfaces.lo;
    expect(lo?.bytes_recv_per_sec).toBeGreaterThanOrEqual(payload.length / seconds);
    // Other tests share the machine, so only a loose upper bound: not more than 20× the payload.
    expect(lo?.bytes_recv_per_sec).toBeLessThan((20 * payload.length) / seconds);
  });
});
