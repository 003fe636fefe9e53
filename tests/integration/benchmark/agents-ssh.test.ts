// Distributed runs with the ssh launcher against a real OpenSSH server on this machine (a real SSH
// session; the "remote" host is this one) and the real PostgreSQL: three agents on two host
// connections, merged exactly; the bundle copied once and found in the cache the next time; the
// agents dial back through the SSH session; a host without Node 24 refused with a clear message;
// an agent's own output attached to the run when it fails; nothing left running after a cancel.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Input, Method, Output } from '../../../shared/contract';
import type { RunStart } from '../../../shared/contract/benchmarks';
import type { RunBundle } from '../../../shared/contract/results';
import { mergeEncoded } from '../../../main/core/benchmark/aggregate';
import { decodeHistogram } from '../../../main/core/benchmark/histogram';
import { dispatch } from '../../../main/rpc/dispatch';
import {
  knownHostsLine,
  type KeyPair,
  makeKeyPair,
  startSshd,
  type Sshd,
} from '../../support/sshd';
import { makeTempDir, type TempDir } from '../../support/temp-dir';
import { makeTestCore, type TestCore } from '../../support/test-core';
import { PG, until, withClient } from './harness';

/** Agents start over SSH and load their workers: on a loaded two-core machine that takes a while. */
const SLOW = 240_000;

const SCHEMA = `bp_agents_ssh_${randomBytes(4).toString('hex')}`;
const SMALL = { tables: 2, table_size: 2000 };

let home: TempDir;
let core: TestCore;
let sshd: Sshd;
let key: KeyPair;
let cache: string;
let dbId: string;
let hostA: string;
let hostB: string;
const savedHome = process.env.HOME;

async function call<M extends Method>(method: M, input: Input<M>): Promise<Output<M>> {
  const r = await dispatch(core.handlers, method, input);
  if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
  return r.value as Output<M>;
}

const connection = { ...PG, environment: 'test' } as const;

/** A connection whose monitoring SSH settings reach the load host (this machine's sshd). */
async function loadHost(name: string): Promise<string> {
  const c = await call('connections.create', {
    ...connection,
    name,
    monitor_ssh: {
      host: '127.0.0.1',
      port: sshd.port,
      user: 'root',
      auth: 'key',
      key_file: key.privateFile,
      jumps: [],
    },
  });
  return c.id;
}

beforeAll(async () => {
  home = makeTempDir('benchphant-agents-ssh-');
  mkdirSync(join(home.path, '.ssh'), { mode: 0o700 });
  key = await makeKeyPair(home.path, 'id_agents');
  sshd = await startSshd({ authorizedKeys: [key.publicLine] });
  process.env.HOME = home.path;
  writeFileSync(join(home.path, '.ssh', 'known_hosts'), `${knownHostsLine(sshd)}\n`);
  cache = join(home.path, 'remote-cache');
  core = makeTestCore();
  dbId = (await call('connections.create', { ...connection, name: 'target' })).id;
  hostA = await loadHost('load-a');
  hostB = await loadHost('load-b');
}, SLOW);

afterAll(async () => {
  await core?.dispose();
  await sshd?.stop();
  process.env.HOME = savedHome;
  home?.remove();
  await withClient(PG, (c) => c.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`));
}, SLOW);

type Ssh = Partial<NonNullable<NonNullable<RunStart['agents']>['ssh']>>;

type Extra = Omit<Partial<RunStart>, 'agents'> & {
  ssh?: Ssh;
  agents?: Partial<NonNullable<RunStart['agents']>>;
};

function runInput(extra: Extra = {}): Input<'runs.start'> {
  const { ssh, agents, ...rest } = extra;
  return {
    connection_id: dbId,
    type: 'oltp_point_select',
    schema: SCHEMA,
    parameters: SMALL,
    threads: 6,
    warmup: 1,
    duration: 3,
    ...rest,
    agents: {
      launcher: 'ssh',
      count: 3,
      connect_timeout_s: 120,
      ...agents,
      ssh: { hosts: [hostA, hostB], node: process.execPath, cache_dir: cache, ...ssh },
    },
  };
}

const start = async (extra: Extra = {}) => (await call('runs.start', runInput(extra))).id;

const log = () => readFileSync(core.paths.log, 'utf8');
const count = (text: string, re: RegExp) => text.match(new RegExp(re, 'g'))?.length ?? 0;

/** Processes on this machine whose command line names the run (its agents). */
function agentProcesses(runId: string): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(runId);
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Whether an ancestor of `pid` is an sshd (the per-session process): it came in over SSH. */
function sessionProcess(pid: number): boolean {
  for (let p = pid; p > 1;) {
    const status = readFileSync(`/proc/${p}/status`, 'utf8');
    if (/^Name:\s*sshd/m.test(status)) return true;
    p = Number(/^PPid:\s*(\d+)/m.exec(status)?.[1] ?? 0);
  }
  return false;
}

describe('a distributed run on three agents over SSH', { timeout: SLOW }, () => {
  it('copies the bundle once, runs the agents over SSH and merges them exactly', async () => {
    const id = await start();
    const summary = await core.benchmarks.waitFor(id);
    expect(summary.status, summary.message ?? '').toBe('completed');
    const run = core.benchmarks.get(id);
    const topo = core.benchmarks.agents(id)!;
    expect(topo.launcher).toBe('ssh');
    expect(topo.agents.map((a) => [a.shard, a.clients, a.state])).toEqual([
      [0, 2, 'done'],
      [1, 2, 'done'],
      [2, 2, 'done'],
    ]);
    for (const a of topo.agents) expect(a.pid).toBeGreaterThan(0);

    // The merged histogram holds exactly what the three agents recorded; queries add up.
    const warm = 1;
    const shards = core.benchmarks.agentHistograms(id, warm).filter((s) => s.index < warm + 3);
    expect(new Set(shards.map((s) => s.shard))).toEqual(new Set([0, 1, 2]));
    const union = mergeEncoded(shards.map((s) => s.hist));
    const merged = decodeHistogram(core.benchmarks.histogram(id)!);
    expect(merged.totalCount).toBe(union.totalCount);
    expect(merged.totalCount).toBe(run.detail.transactions);
    for (let p = 0; p <= 100; p += 0.5)
      expect(merged.getValueAtPercentile(p)).toBe(union.getValueAtPercentile(p));
    const measured = (a: (typeof topo.agents)[number]) =>
      a.intervals.filter((i) => i.index >= warm && i.index < warm + 3);
    const queries = topo.agents.reduce(
      (s, a) => s + measured(a).reduce((t, i) => t + i.queries, 0),
      0,
    );
    expect(queries).toBe(run.detail.queries);
    const intervals = core.benchmarks.intervals(id).filter((i) => !i.warmup);
    intervals.forEach((iv, k) => {
      const sum = topo.agents.reduce((s, a) => s + measured(a)[k]!.qps, 0);
      expect(iv.qps).toBeGreaterThan(0);
      expect(Math.abs(iv.qps - sum) / sum).toBeLessThan(0.03);
    });

    // The bundle sits in the remote cache under its hash, complete, with no half-copy beside it.
    const dirs = readdirSync(cache);
    const bundles = dirs.filter((d) => /^agent-[0-9a-f]{16}$/.test(d));
    expect(bundles).toHaveLength(1);
    expect(dirs.filter((d) => d.startsWith('.agent-'))).toEqual([]);
    expect(existsSync(join(cache, bundles[0]!, 'agent.mjs'))).toBe(true);
    expect(count(log(), /agent bundle [0-9a-f]{16} copied to/)).toBeGreaterThanOrEqual(1);
    // Pid files go with the agents; no agent process outlives the run.
    expect(dirs.filter((d) => d.endsWith('.pid'))).toEqual([]);
    expect(agentProcesses(id)).toEqual([]);
  });

  it('finds the bundle in the cache on the next run and copies nothing', async () => {
    const bundle = readdirSync(cache).find((d) => d.startsWith('agent-'))!;
    const file = join(cache, bundle, 'agent.mjs');
    const before = statSync(file).mtimeMs;
    const copiedBefore = count(log(), /agent bundle [0-9a-f]{16} copied to/);
    const cachedBefore = count(log(), /agent bundle [0-9a-f]{16} already cached on/);
    const id = await start({ rate: 300 });
    const summary = await core.benchmarks.waitFor(id);
    expect(summary.status, summary.message ?? '').toBe('completed');
    expect(count(log(), /agent bundle [0-9a-f]{16} copied to/)).toBe(copiedBefore);
    // One check per host connection, both hits.
    expect(count(log(), /agent bundle [0-9a-f]{16} already cached on/)).toBe(cachedBefore + 2);
    expect(statSync(file).mtimeMs).toBe(before);
    // The open-loop rate split over the agents is held.
    const run = core.benchmarks.get(id);
    expect(run.metrics.tps).toBeGreaterThan(300 * 0.85);
    expect(run.metrics.tps).toBeLessThan(300 * 1.15);
  });

  it('runs a plan of distributed runs; compare, export and the report carry their agents', async () => {
    const plan = await call('plans.start', {
      base: runInput({ duration: 2, agents: { count: 2 } }),
      kind: 'repeat',
      repeat: 2,
    });
    await until(async () => (await call('plans.get', { id: plan.id })).status !== 'running', SLOW);
    const done = await call('plans.get', { id: plan.id });
    expect(done.status).toBe('completed');
    const ids = done.runs.map((r) => r.run_id);
    expect(ids).toHaveLength(2);

    for (const id of ids) {
      const topo = core.benchmarks.agents(id)!;
      expect(topo.launcher).toBe('ssh');
      expect(topo.agents.map((a) => a.state)).toEqual(['done', 'done']);
      // The JSON bundle carries the topology with every agent's per-interval figures.
      const json = await call('results.export', { id, format: 'json' });
      const bundle = JSON.parse(json.content) as RunBundle;
      expect(bundle.agents).toEqual(topo);
      // The CSV has one `agent` row per agent and interval, with its own throughput.
      const csv = (await call('results.export', { id, format: 'csv' })).content.trim().split('\n');
      const header = csv[0]!.split(',');
      const col = (name: string) => header.indexOf(name);
      const agentRows = csv.filter((l) => l.startsWith('agent,')).map((l) => l.split(','));
      expect(agentRows).toHaveLength(topo.agents.reduce((s, a) => s + a.intervals.length, 0));
      for (const a of topo.agents)
        for (const i of a.intervals) {
          const row = agentRows.find(
            (r) => r[col('agent')] === String(a.shard) && Number(r[col('qps')]) === i.qps,
          );
          expect(row, `shard ${a.shard} interval ${i.index}`).toBeDefined();
          expect(row![col('agent_state')]).toBe('done');
          expect(Number(row![col('threads')])).toBe(a.clients);
        }
      // An imported copy keeps them, and exports them again.
      const imported = await call('results.import', { bundle });
      const again = JSON.parse(
        (await call('results.export', { id: imported.id, format: 'json' })).content,
      ) as RunBundle;
      expect(again.agents).toEqual(topo);
    }

    // Compared, each run names its agents and their share of the measured load.
    const comparison = await call('results.compare', { run_ids: ids });
    for (const r of comparison.runs) {
      const run = core.benchmarks.get(r.id);
      expect(r.agents?.launcher).toBe('ssh');
      expect(r.agents?.agents).toHaveLength(2);
      const queries = r.agents!.agents.reduce((s, a) => s + a.queries, 0);
      expect(queries).toBe(run.detail.queries);
      const qps = r.agents!.agents.reduce((s, a) => s + a.qps, 0);
      expect(Math.abs(qps - run.metrics.qps) / run.metrics.qps).toBeLessThan(0.05);
    }
    const report = await call('results.report', { run_ids: ids });
    expect(report.html).toContain('<h2>Load agents</h2>');
    expect(count(report.html, /<table class="agents">/)).toBe(2);
    expect(report.html).toMatch(/2 agents \(ssh\)/);
  });

  it('refuses a host whose Node is older than 24, saying so', async () => {
    // The sshd's default PATH finds this machine's system Node, version 20. Both hosts are checked
    // at once: the first to answer names itself.
    const id = await start({ ssh: { node: 'node' } });
    const summary = await core.benchmarks.waitFor(id);
    expect(summary.status).toBe('failed');
    expect(summary.message).toMatch(
      /root@127\.0\.0\.1:\d+ \('load-[ab]'\) has Node\.js v20\.[\d.]+; the load agent needs Node\.js 24 or later/,
    );
    expect(summary.message).toMatch(/set agents\.ssh\.node to its path/);
  });

  it('refuses a host without Node at all, saying so', async () => {
    const id = await start({ ssh: { node: 'node-not-installed-here' } });
    const summary = await core.benchmarks.waitFor(id);
    expect(summary.status).toBe('failed');
    expect(summary.message).toMatch(/Node\.js is not installed on root@127\.0\.0\.1:\d+/);
  });

  it("attaches a failing agent's own output to the run", async () => {
    // Without the tunnel back, the agents dial an address where nothing listens.
    const id = await start({
      ssh: { reverse_tunnel: false },
      agents: { coordinator_url: 'ws://127.0.0.1:9/agents', connect_timeout_s: 60 },
    });
    const summary = await core.benchmarks.waitFor(id);
    expect(summary.status).toBe('failed');
    expect(summary.message).toMatch(
      /agent \d on root@127\.0\.0\.1:\d+ \('load-[ab]'\) exited with code 1: /,
    );
    expect(summary.message).toMatch(/127\.0\.0\.1:9/);
  });

  it('stops the agents when the run is cancelled', async () => {
    const id = await start({ duration: 30 });
    await until(() => core.benchmarks.intervals(id).filter((i) => !i.warmup).length >= 1, SLOW);
    const pids = agentProcesses(id);
    expect(pids.length).toBe(3);
    for (const pid of pids) {
      // Each runs the copied bundle, started by the SSH server, with the token in its environment only.
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      expect(cmdline[1]).toMatch(new RegExp(`^${cache}/agent-[0-9a-f]{16}/agent\\.mjs$`));
      expect(cmdline.join(' ')).not.toMatch(/token/i);
      expect(readFileSync(`/proc/${pid}/environ`, 'utf8')).toMatch(
        /\0BENCHPHANT_AGENT_TOKEN=\S{20,}/,
      );
      expect(sessionProcess(pid)).toBe(true);
    }
    await core.benchmarks.cancel(id);
    const summary = await core.benchmarks.waitFor(id);
    expect(summary.status).toBe('cancelled');
    await until(() => agentProcesses(id).length === 0, 10_000);
    expect(readdirSync(cache).filter((d) => d.endsWith('.pid'))).toEqual([]);
  });
});
