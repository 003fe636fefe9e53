// Runs in the coordinator (app, server or CLI). The topology of distributed runs in the store
// (migration 50): one row per agent with its clock and health, one per agent and interval with its
// figures and histogram. Only the agent pool writes it; it never touches the run's own rows.
import type {
  AgentsSpec,
  RunAgent,
  RunTopology,
  TopologySummary,
} from '../../../shared/contract/agents';
import type { Db } from '../store/database';
import type { Migration } from '../store/migrations';
import { encodeHistogram, latencyOf } from '../benchmark/histogram';
import { mergeEncoded } from '../benchmark/aggregate';
import type { IntervalStats } from '../benchmark/protocol';

export const agentsMigration: Migration = {
  version: 50,
  name: 'distributed run agents',
  sql: `
    CREATE TABLE run_agents (
      run_id          TEXT NOT NULL REFERENCES bench_runs (id) ON DELETE CASCADE,
      shard           INTEGER NOT NULL,
      launcher        TEXT NOT NULL,
      count           INTEGER NOT NULL,
      on_agent_loss   TEXT NOT NULL,
      state           TEXT NOT NULL,
      host            TEXT,
      pid             INTEGER,
      clock_offset_ms REAL,
      clock_error_ms  REAL,
      clients         INTEGER NOT NULL,
      lost_from       INTEGER,
      message         TEXT,
      PRIMARY KEY (run_id, shard)
    );
    CREATE TABLE run_agent_intervals (
      run_id   TEXT NOT NULL REFERENCES bench_runs (id) ON DELETE CASCADE,
      shard    INTEGER NOT NULL,
      idx      INTEGER NOT NULL,
      seconds  REAL NOT NULL,
      txns     INTEGER NOT NULL,
      queries  INTEGER NOT NULL,
      errors   INTEGER NOT NULL,
      sum_us   REAL NOT NULL,
      max_us   REAL NOT NULL,
      hist     TEXT NOT NULL,
      PRIMARY KEY (run_id, shard, idx)
    );
  `,
};

export type AgentState = RunAgent['state'];

/** One shard's figures for one interval: what its agent's workers reported, merged. */
export interface ShardInterval {
  seconds: number;
  txns: number;
  queries: number;
  errors: number;
  sumUs: number;
  maxUs: number;
  hist: string;
}

/** Merges the parts one agent sent for one interval (its own workers). */
export function shardFigures(parts: readonly IntervalStats[]): ShardInterval {
  const start = Math.min(...parts.map((p) => p.startMs));
  const end = Math.max(...parts.map((p) => p.endMs));
  const sum = (f: (p: IntervalStats) => number) => parts.reduce((a, p) => a + f(p), 0);
  return {
    seconds: Math.max(end - start, 1) / 1000,
    txns: sum((p) => p.txns),
    queries: sum((p) => p.queries),
    errors: sum((p) => p.failed),
    sumUs: sum((p) => p.sumUs),
    maxUs: Math.max(0, ...parts.map((p) => p.maxUs)),
    hist: encodeHistogram(mergeEncoded(parts.map((p) => p.hist))),
  };
}

interface AgentRow {
  shard: number;
  launcher: RunTopology['launcher'];
  count: number;
  on_agent_loss: RunTopology['on_agent_loss'];
  state: AgentState;
  host: string | null;
  pid: number | null;
  clock_offset_ms: number | null;
  clock_error_ms: number | null;
  clients: number;
  lost_from: number | null;
  message: string | null;
}

interface IntervalRow {
  shard: number;
  idx: number;
  seconds: number;
  txns: number;
  queries: number;
  errors: number;
  sum_us: number;
  max_us: number;
  hist: string;
}

export class TopologyRepository {
  constructor(private readonly db: Db) {}

  begin(runId: string, spec: AgentsSpec, clients: readonly number[]): void {
    const insert = this.db.prepare(
      `INSERT OR REPLACE INTO run_agents (run_id, shard, launcher, count, on_agent_loss, state, clients)
       VALUES (?, ?, ?, ?, ?, 'launching', ?)`,
    );
    this.db.transaction(() => {
      clients.forEach((n, shard) =>
        insert.run(runId, shard, spec.launcher, spec.count, spec.on_agent_loss, n),
      );
    })();
  }

  hello(
    runId: string,
    shard: number,
    h: { host: string; pid: number; offsetMs: number; errorMs: number },
  ): void {
    this.db
      .prepare(
        `UPDATE run_agents SET state = 'connected', host = ?, pid = ?, clock_offset_ms = ?,
         clock_error_ms = ? WHERE run_id = ? AND shard = ?`,
      )
      .run(h.host, h.pid, h.offsetMs, h.errorMs, runId, shard);
  }

  setState(runId: string, shard: number, state: AgentState, message: string | null = null): void {
    this.db
      .prepare(
        'UPDATE run_agents SET state = ?, message = COALESCE(?, message) WHERE run_id = ? AND shard = ?',
      )
      .run(state, message, runId, shard);
  }

  lost(runId: string, shard: number, fromInterval: number, message: string): void {
    this.db
      .prepare(
        `UPDATE run_agents SET state = 'lost', lost_from = ?, message = ? WHERE run_id = ? AND shard = ?`,
      )
      .run(fromInterval, message, runId, shard);
  }

  interval(runId: string, shard: number, index: number, f: ShardInterval): void {
    this.db
      .prepare(
        `INSERT OR REPLACE INTO run_agent_intervals
         (run_id, shard, idx, seconds, txns, queries, errors, sum_us, max_us, hist)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(runId, shard, index, f.seconds, f.txns, f.queries, f.errors, f.sumUs, f.maxUs, f.hist);
  }

  /** Each shard's encoded histogram per interval, from `fromIndex` on (the measured ones). */
  histograms(runId: string, fromIndex = 0): { shard: number; index: number; hist: string }[] {
    const rows = this.db
      .prepare(
        'SELECT shard, idx, hist FROM run_agent_intervals WHERE run_id = ? AND idx >= ? ORDER BY shard, idx',
      )
      .all(runId, fromIndex) as { shard: number; idx: number; hist: string }[];
    return rows.map((r) => ({ shard: r.shard, index: r.idx, hist: r.hist }));
  }

  get(runId: string): RunTopology | null {
    const agents = this.db
      .prepare('SELECT * FROM run_agents WHERE run_id = ? ORDER BY shard')
      .all(runId) as AgentRow[];
    const first = agents[0];
    if (!first) return null;
    const intervals = this.db
      .prepare('SELECT * FROM run_agent_intervals WHERE run_id = ? ORDER BY shard, idx')
      .all(runId) as IntervalRow[];
    return {
      launcher: first.launcher,
      count: first.count,
      on_agent_loss: first.on_agent_loss,
      agents: agents.map((a) => {
        const mine = intervals.filter((i) => i.shard === a.shard);
        return {
          shard: a.shard,
          state: a.state,
          host: a.host,
          pid: a.pid,
          clock_offset_ms: a.clock_offset_ms,
          clock_error_ms: a.clock_error_ms,
          clients: a.clients,
          lost_from_interval: a.lost_from,
          message: a.message,
          transactions: mine.reduce((s, i) => s + i.txns, 0),
          queries: mine.reduce((s, i) => s + i.queries, 0),
          errors: mine.reduce((s, i) => s + i.errors, 0),
          intervals: mine.map((i) => {
            const lat = latencyOf(mergeEncoded([i.hist]), i.sum_us, i.max_us);
            return {
              index: i.idx,
              transactions: i.txns,
              queries: i.queries,
              qps: i.queries / i.seconds,
              tps: i.txns / i.seconds,
              errors: i.errors,
              p99: lat.p99,
            };
          }),
        };
      }),
    };
  }
}

/** Each agent's health and its share of the measured intervals (`measured(index)`), for compare. */
export function summarizeTopology(
  t: RunTopology,
  measured: (index: number) => boolean,
): TopologySummary {
  return {
    launcher: t.launcher,
    count: t.count,
    on_agent_loss: t.on_agent_loss,
    agents: t.agents.map((a) => {
      const m = a.intervals.filter((i) => measured(i.index));
      return {
        shard: a.shard,
        host: a.host,
        state: a.state,
        clients: a.clients,
        lost_from_interval: a.lost_from_interval,
        qps: m.length > 0 ? m.reduce((s, i) => s + i.qps, 0) / m.length : 0,
        queries: m.reduce((s, i) => s + i.queries, 0),
        errors: m.reduce((s, i) => s + i.errors, 0),
      };
    }),
  };
}
