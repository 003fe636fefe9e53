// Distributed runs with the local launcher against the real PostgreSQL: three `benchphant agent`
// processes, merged exactly; the open-loop rate split over them; an agent killed mid-run; a wrong
// agent token refused. Every run works in a schema of this file's own.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunStart } from '../../../shared/contract/benchmarks';
import { mergeEncoded } from '../../../main/core/benchmark/aggregate';
import { decodeHistogram } from '../../../main/core/benchmark/histogram';
import { agentCommand } from '../../../main/cli/commands/agent';
import { listenForAgents } from '../../../main/core/agents/listener';
import { runInProcess } from '../../support/in-process-cli';
import { createHarness, type Harness, PG, PG_ID, until, withClient } from './harness';

/** Agents are processes that start workers: on a loaded two-core machine that takes a while. */
const SLOW = 150_000;

const SCHEMA = `bp_agents_${randomBytes(4).toString('hex')}`;
const SMALL = { tables: 2, table_size: 2000 };
const AGENTS = { launcher: 'local', count: 3 } as const;

let h: Harness;
beforeAll(() => {
  h = createHarness();
});
afterAll(async () => {
  await h.close();
  await withClient(PG, (c) => c.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`));
});

type Extra = Omit<Partial<RunStart>, 'connection_id' | 'agents'> & {
  agents?: Partial<NonNullable<RunStart['agents']>>;
};

async function start(extra: Extra): Promise<string> {
  return h.start({
    connection_id: PG_ID,
    type: 'oltp_point_select',
    schema: SCHEMA,
    parameters: SMALL,
    threads: 6,
    warmup: 1,
    duration: 3,
    ...extra,
    agents: { ...AGENTS, ...extra.agents } as RunStart['agents'],
  });
}

describe('a distributed run on three local agents', { timeout: SLOW }, () => {
  it('merges the shards exactly: the histogram is their union and the QPS their sum', async () => {
    const id = await start({});
    const summary = await h.engine.waitFor(id);
    expect(summary.status, summary.message ?? '').toBe('completed');
    const run = h.engine.get(id);
    const topo = h.engine.agents(id)!;
    expect(topo.launcher).toBe('local');
    expect(topo.agents.map((a) => [a.shard, a.clients, a.state])).toEqual([
      [0, 2, 'done'],
      [1, 2, 'done'],
      [2, 2, 'done'],
    ]);
    for (const a of topo.agents) {
      expect(a.pid).toBeGreaterThan(0);
      expect(Math.abs(a.clock_offset_ms!)).toBeLessThan(50);
      expect(a.clock_error_ms!).toBeLessThan(50);
    }

    // The run's measured histogram holds exactly the values the three agents recorded.
    const warm = 1;
    const shards = h.engine.agentHistograms(id, warm).filter((s) => s.index < warm + 3);
    expect(new Set(shards.map((s) => s.shard))).toEqual(new Set([0, 1, 2]));
    const union = mergeEncoded(shards.map((s) => s.hist));
    const merged = decodeHistogram(h.engine.histogram(id)!);
    expect(merged.totalCount).toBe(union.totalCount);
    expect(merged.totalCount).toBe(run.detail.transactions);
    for (let p = 0; p <= 100; p += 0.5)
      expect(merged.getValueAtPercentile(p)).toBe(union.getValueAtPercentile(p));
    expect(merged.maxValue).toBe(union.maxValue);
    expect(merged.minNonZeroValue).toBe(union.minNonZeroValue);

    // Queries add up over agents, overall and interval by interval.
    // Agents may report one interval past the measured ones before they hear the stop.
    const measured = (a: (typeof topo.agents)[number]) =>
      a.intervals.filter((i) => i.index >= warm && i.index < warm + 3);
    const queries = topo.agents.reduce(
      (s, a) => s + measured(a).reduce((t, i) => t + i.queries, 0),
      0,
    );
    expect(queries).toBe(run.detail.queries);
    const intervals = h.engine.intervals(id).filter((i) => !i.warmup);
    expect(intervals.length).toBe(3);
    intervals.forEach((iv, k) => {
      const sum = topo.agents.reduce((s, a) => s + measured(a)[k]!.qps, 0);
      expect(iv.qps).toBeGreaterThan(0);
      expect(Math.abs(iv.qps - sum) / sum).toBeLessThan(0.03);
    });
    for (const a of topo.agents) expect(measured(a).every((i) => i.queries > 0)).toBe(true);
  });

  it('splits the open-loop rate over the agents and holds the target', async () => {
    const id = await start({ rate: 300 });
    const summary = await h.engine.waitFor(id);
    expect(summary.status, summary.message ?? '').toBe('completed');
    const run = h.engine.get(id);
    expect(run.detail.target_rate).toBe(300);
    expect(run.metrics.tps).toBeGreaterThan(300 * 0.85);
    expect(run.metrics.tps).toBeLessThan(300 * 1.15);
    const topo = h.engine.agents(id)!;
    for (const a of topo.agents) {
      const m = a.intervals.filter((i) => i.index >= 1 && i.index < 4);
      const tps = m.reduce((s, i) => s + i.tps, 0) / m.length;
      // Each agent carries its share: two of six clients, a third of the rate.
      expect(tps).toBeGreaterThan(100 * 0.7);
      expect(tps).toBeLessThan(100 * 1.3);
    }
  });

  it('marks a killed agent lost from that interval and goes on with the others', async () => {
    const id = await start({ duration: 5 });
    await until(() => h.engine.intervals(id).filter((i) => !i.warmup).length >= 1, SLOW);
    const victim = h.engine.agents(id)!.agents[1]!;
    process.kill(victim.pid!, 'SIGKILL');
    const summary = await h.engine.waitFor(id);
    expect(summary.status, summary.message ?? '').toBe('completed');
    const topo = h.engine.agents(id)!;
    const lost = topo.agents[1]!;
    expect(lost.state).toBe('lost');
    expect(lost.lost_from_interval).not.toBeNull();
    expect(Math.max(...lost.intervals.map((i) => i.index))).toBe(lost.lost_from_interval! - 1);
    expect(topo.agents[0]!.state).toBe('done');
    expect(topo.agents[2]!.state).toBe('done');
    // The run kept measuring on the other two after the loss.
    const after = h.engine
      .intervals(id)
      .filter((_, index) => index >= lost.lost_from_interval! && index < 6);
    expect(after.length).toBeGreaterThan(0);
    for (const iv of after) expect(iv.qps).toBeGreaterThan(0);
  });

  it('fails the run when on_agent_loss is fail', async () => {
    const id = await start({ duration: 5, agents: { on_agent_loss: 'fail' } });
    await until(() => h.engine.intervals(id).filter((i) => !i.warmup).length >= 1, SLOW);
    process.kill(h.engine.agents(id)!.agents[0]!.pid!, 'SIGKILL');
    const summary = await h.engine.waitFor(id);
    expect(summary.status).toBe('failed');
    expect(summary.message).toMatch(/agent 0/);
  });
});

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

describe('a distributed run cancelled while its agents start', { timeout: SLOW }, () => {
  it('ends as cancelled and leaves no agent process behind', async () => {
    const id = await start({});
    await until(() => h.engine.agents(id) !== null, SLOW);
    await h.engine.cancel(id);
    const summary = await h.engine.waitFor(id);
    expect(summary.status).toBe('cancelled');
    const states = h.engine.agents(id)!.agents.map((a) => a.state);
    expect(states.every((s) => s !== 'running' && s !== 'done')).toBe(true);
    expect(agentProcesses(id)).toEqual([]);
  });
});

describe('the coordinator', () => {
  it('refuses an agent with a wrong token before it learns anything of the run', async () => {
    let accepted = 0;
    const listener = await listenForAgents({
      host: '127.0.0.1',
      port: 0,
      runId: 'run-1',
      token: 'the-right-token',
      count: 2,
      open: () => true,
      accept: () => {
        accepted++;
        return true;
      },
    });
    try {
      const args = ['agent', '--coordinator', listener.url, '--run', 'run-1', '--shard', '0/2'];
      const wrong = await runInProcess(agentCommand, args, { BENCHPHANT_AGENT_TOKEN: 'guess' });
      expect(wrong.code).toBe(1);
      expect(wrong.err).toMatch(/refused this agent \(HTTP 401\): missing or wrong agent token/);
      const none = await runInProcess(agentCommand, args, {});
      expect(none.code).toBe(2);
      const otherRun = await runInProcess(
        agentCommand,
        ['agent', '--coordinator', listener.url, '--run', 'run-2', '--shard', '0/2'],
        { BENCHPHANT_AGENT_TOKEN: 'the-right-token' },
      );
      expect(otherRun.err).toMatch(/HTTP 404/);
      expect(accepted).toBe(0);
    } finally {
      await listener.close();
    }
  });
});
