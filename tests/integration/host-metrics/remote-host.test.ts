// The server host's metrics over SSH against a real OpenSSH server on this machine: the remote
// reading matches /proc read locally (it is the same machine), each sample is one round trip of
// one long-lived command over the shared session, a dropped session gets a new loop, the
// database's processes are named, and a watched connection stores samples.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { Input, Method, Output } from '../../../shared/contract';
import type { HostSample } from '../../../shared/contract/host-metrics';
import { RemoteHostReader } from '../../../main/core/host-metrics/remote-reader';
import { parseLoadavg, parseMeminfo, parseStat } from '../../../main/core/metrics/proc';
import { silentLogger } from '../../../main/core/logging/logger';
import { dispatch } from '../../../main/rpc/dispatch';
import { startServer, type RunningServer } from '../../../main/server/server';
import {
  knownHostsLine,
  type KeyPair,
  makeKeyPair,
  startSshd,
  type Sshd,
} from '../../support/sshd';
import { makeTempDir, type TempDir } from '../../support/temp-dir';
import { makeTestCore, type TestCore } from '../../support/test-core';

let home: TempDir;
let core: TestCore;
let sshd: Sshd;
let key: KeyPair;
const savedHome = process.env.HOME;

async function call<M extends Method>(method: M, input: Input<M>): Promise<Output<M>> {
  const r = await dispatch(core.handlers, method, input);
  if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
  return r.value as Output<M>;
}

const PG = {
  type: 'postgresql',
  host: '127.0.0.1',
  port: 5432,
  database: 'test',
  username: 'postgres',
  tls: { mode: 'disable' },
  environment: 'test',
} as const;

const viaSsh = (name: string) =>
  call('connections.create', {
    ...PG,
    name,
    ssh: {
      host: '127.0.0.1',
      port: sshd.port,
      user: 'root',
      auth: 'key',
      key_file: key.privateFile,
      jumps: [],
    },
  });

const local = (file: string) => readFileSync(`/proc/${file}`, 'latin1');

beforeAll(async () => {
  home = makeTempDir('benchphant-hostm-home-');
  mkdirSync(join(home.path, '.ssh'), { mode: 0o700 });
  key = await makeKeyPair(home.path, 'id_hostm');
  sshd = await startSshd({ authorizedKeys: [key.publicLine] });
  process.env.HOME = home.path;
  writeFileSync(join(home.path, '.ssh', 'known_hosts'), `${knownHostsLine(sshd)}\n`);
  core = makeTestCore();
});

afterAll(async () => {
  await core?.dispose();
  await sshd?.stop();
  process.env.HOME = savedHome;
  home?.remove();
});

/** Resolves with the first host sample of the connection that satisfies `ok`. */
function hostSampleWhere(id: string, ok: (s: HostSample) => boolean, timeoutMs = 20_000) {
  return new Promise<HostSample>((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`no matching host sample of ${id} within ${timeoutMs} ms`));
    }, timeoutMs);
    const stop = core.events.subscribe((e) => {
      if (e.event !== 'hostmetrics.sampled' || e.payload.connection_id !== id) return;
      if (!ok(e.payload)) return;
      clearTimeout(timer);
      stop();
      resolve(e.payload);
    });
  });
}

describe('server host metrics over SSH', () => {
  it('reads the same /proc as a local read of this machine, one round trip per sample', async () => {
    const { id } = await viaSsh('bp_hostm reader');
    const tunnel = await core.connections.sshTunnel(id);
    if (!tunnel) throw new Error('the connection has no tunnel');
    const reader = new RemoteHostReader(tunnel, '127.0.0.1');
    onTestFinished(() => reader.close());
    const before = tunnel.execs;
    const remote = await reader.read();
    const mem = parseMeminfo(local('meminfo'));
    const stat = parseStat(local('stat'));
    const load = parseLoadavg(local('loadavg'));
    expect(remote.meminfo.MemTotal).toBe(mem.MemTotal);
    expect(remote.meminfo.SwapTotal).toBe(mem.SwapTotal);
    expect(remote.stat.cores.length).toBe(stat.cores.length);
    expect(remote.stat.cores.length).toBeGreaterThan(0);
    // Moments apart on one machine: the one-minute load average barely moves.
    expect(Math.abs(remote.load.load1 - load.load1)).toBeLessThan(Math.max(1, load.load1 * 0.3));
    expect(remote.load.load15).toBeGreaterThan(0);
    // Counters only grow, and the local read came after the remote one.
    expect(remote.stat.total.user).toBeLessThanOrEqual(stat.total.user);
    expect(remote.stat.total.user).toBeGreaterThan(stat.total.user * 0.99);
    expect([...remote.net.keys()].sort()).toEqual(
      [
        ...new Set(
          local('net/dev')
            .match(/^\s*[^:\s|]+(?=:)/gm)
            ?.map((s) => s.trim()),
        ),
      ].sort(),
    );
    // The database's processes of this machine, by name.
    const names = new Set(remote.processes.map((p) => p.name));
    expect(names.has('postgres')).toBe(true);
    expect(names.has('mariadbd') || names.has('mysqld')).toBe(true);
    expect(remote.clockTicks).toBeGreaterThan(0);

    const first = await reader.sample();
    const second = await reader.sample();
    expect(first).toBeNull();
    expect(second?.values.memory_total_bytes).toBe(mem.MemTotal);
    expect(second?.values.cpu_count).toBe(stat.cores.length);
    expect(second?.per_core).toHaveLength(stat.cores.length);
    expect(second?.values.cpu_usage_percent).toBeGreaterThanOrEqual(0);
    expect(second?.values.cpu_usage_percent).toBeLessThanOrEqual(100);
    // One read, then two samples: three answers of ONE command over the session.
    expect(tunnel.execs - before).toBe(1);
    expect(reader.counts).toEqual({ opened: 1, requests: 3 });
  });

  it('starts a new sampling loop after the SSH session dropped', async () => {
    const { id } = await viaSsh('bp_hostm drop');
    const tunnel = await core.connections.sshTunnel(id);
    if (!tunnel) throw new Error('the connection has no tunnel');
    const reader = new RemoteHostReader(tunnel, '127.0.0.1');
    onTestFinished(() => reader.close());
    await reader.read();
    await sshd.dropSessions();
    // The loop's channel died with its session: that sample fails (or the session is redialled
    // first), and the next one runs a new loop over a new session.
    await reader.read().catch(() => null);
    const again = await reader.read();
    expect(again.meminfo.MemTotal).toBe(parseMeminfo(local('meminfo')).MemTotal);
    expect(reader.counts.opened).toBe(2);
    expect(tunnel.sessionsOpened).toBe(2);
  });

  it('samples a watched connection every second and keeps history', async () => {
    const { id } = await viaSsh('bp_hostm watched');
    // The same shared tunnel the sampler uses; its exec counter read as each sample arrives.
    const tunnel = await core.connections.sshTunnel(id);
    if (!tunnel) throw new Error('the connection has no tunnel');
    const execsBefore = tunnel.execs;
    let samples = 0;
    const execsAt: number[] = [];
    const stop = core.events.subscribe((e) => {
      if (e.event !== 'hostmetrics.sampled' || e.payload.connection_id !== id) return;
      samples += 1;
      execsAt.push(tunnel.execs - execsBefore);
    });
    const began = new Date();
    try {
      // A dashboard's watch of the connection covers its server host too.
      await call('dbmetrics.watch', { id, seconds: 30 });
      const s = await hostSampleWhere(id, () => samples >= 2);
      expect(s.values.memory_total_bytes).toBe(parseMeminfo(local('meminfo')).MemTotal);
      expect(s.processes.some((p) => p.name === 'postgres')).toBe(true);
      // One sampling loop for the watcher's life: samples add round trips, not commands.
      expect(execsAt).toEqual(execsAt.map(() => 1));

      const live = await call('hostmetrics.live', { id });
      expect(live?.connection_id).toBe(id);
      const history = await call('hostmetrics.history', {
        id,
        metric: 'memory_total_bytes',
        start_time: began.toISOString(),
        end_time: new Date(Date.now() + 1000).toISOString(),
      });
      expect(history.interval).toBe('1s');
      expect(history.points.length).toBeGreaterThanOrEqual(2);
      expect(history.points[0]?.avg).toBe(s.values.memory_total_bytes);
      const minutes = await call('hostmetrics.history', {
        id,
        metric: 'cpu_usage_percent',
        start_time: new Date(began.getTime() - 120_000).toISOString(),
        end_time: new Date(Date.now() + 60_000).toISOString(),
        interval: '1m',
      });
      expect(minutes.points.length).toBeGreaterThanOrEqual(1);
      const p = minutes.points.at(-1);
      expect(p?.min).toBeLessThanOrEqual(p?.max ?? -1);
    } finally {
      stop();
    }
  });

  it('answers on the REST routes: live, history, 400 without SSH and 404 for an unknown id', async () => {
    const { id } = await viaSsh('bp_hostm rest');
    const { id: direct } = await call('connections.create', {
      ...PG,
      name: 'bp_hostm rest direct',
    });
    const token = 'host-metrics-token';
    const server: RunningServer = await startServer({ core, port: 0, token, logger: silentLogger });
    const get = (path: string) =>
      fetch(`http://127.0.0.1:${server.port}${path}`, {
        headers: { Authorization: `Bearer ${token}` },
      });
    try {
      // Asking for live starts sampling; the answer is null until the first sample.
      expect((await get(`/api/v1/connections/${id}/host/live`)).status).toBe(200);
      await hostSampleWhere(id, () => true);
      const live = (await (await get(`/api/v1/connections/${id}/host/live`)).json()) as HostSample;
      expect(live.connection_id).toBe(id);
      expect(live.values.memory_total_bytes).toBe(parseMeminfo(local('meminfo')).MemTotal);
      const q = new URLSearchParams({
        metric: 'load1',
        start_time: new Date(Date.now() - 60_000).toISOString(),
        end_time: new Date(Date.now() + 1000).toISOString(),
      });
      const history = await get(`/api/v1/connections/${id}/host/history?${q.toString()}`);
      expect(history.status).toBe(200);
      expect(((await history.json()) as { points: unknown[] }).points.length).toBeGreaterThan(0);
      const noSsh = await get(`/api/v1/connections/${direct}/host/live`);
      expect(noSsh.status).toBe(400);
      expect(((await noSsh.json()) as { error: string }).error).toMatch(/does not go through SSH/);
      expect((await get(`/api/v1/connections/${crypto.randomUUID()}/host/live`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('reads the host of a direct connection through SSH set for monitoring only', async () => {
    const { id, monitor_ssh } = await call('connections.create', {
      ...PG,
      name: 'bp_hostm monitor only',
      monitor_ssh: {
        host: '127.0.0.1',
        port: sshd.port,
        user: 'root',
        auth: 'key',
        key_file: key.privateFile,
        jumps: [],
      },
    });
    expect(monitor_ssh?.host).toBe('127.0.0.1');
    // The database connection itself stays direct: no tunnel.
    expect(await core.connections.sshTunnel(id)).toBeNull();
    expect((await core.connections.resolveParams(id)).port).toBe(PG.port);
    const sessionsBefore = sshd.sessions();
    expect(await call('hostmetrics.live', { id })).toBeNull();
    const s = await hostSampleWhere(id, () => true);
    expect(s.values.memory_total_bytes).toBe(parseMeminfo(local('meminfo')).MemTotal);
    expect(sshd.sessions()).toBeGreaterThan(sessionsBefore);
    // Removing it: nothing left to read.
    await call('connections.update', { id, monitor_ssh: null });
    await expect(call('hostmetrics.live', { id })).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });

  it('says so for a connection without SSH', async () => {
    const { id } = await call('connections.create', { ...PG, name: 'bp_hostm direct' });
    await expect(call('hostmetrics.live', { id })).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringMatching(/does not go through SSH/) as string,
    });
  });
});
