// Runs in the main process, server and CLI. Benchmark runs in the local SQLite store, written as
// the run goes so that a crash leaves everything up to the last interval. Never holds a password.
import {
  type RunDetail,
  type RunInterval,
  type RunListFilter,
  type RunMetrics,
  type RunStatus,
  type RunStatusView,
  type RunSummary,
  type RunTarget,
  type RunWarning,
  ACTIVE_STATUSES,
} from '../../../shared/contract/benchmarks';
import type { Db } from '../store/database';

export type Phase = RunStatusView['phase'];
export type StoredConfig = RunStatusView['config'];

export interface ServerInfo {
  version: string;
  settings: Record<string, string>;
}

interface Row {
  id: string;
  connection_id: string;
  type: RunSummary['type'];
  status: RunStatus;
  phase: Phase;
  progress: number;
  threads: number;
  duration: number;
  config: string;
  server: string | null;
  client: string | null;
  metrics: string | null;
  detail: string | null;
  histogram: string | null;
  message: string | null;
  start_time: string;
  end_time: string | null;
  tags: string;
  notes: string;
  imported_from: string | null;
  warnings: string;
  target: string | null;
  /** 1 while the run's connection still exists (computed by ROW_SELECT). */
  connection_exists: number;
  engine: RunSummary['engine'];
}

/** Every column of a run plus whether its connection still exists. */
const ROW_SELECT = `SELECT r.*, EXISTS (SELECT 1 FROM connections c WHERE c.id = r.connection_id) AS connection_exists
  FROM bench_runs r`;

export type ClientInfo = Record<string, string | number>;

/** A slice of a run's intervals in order: `limit` of them after the first `offset` (default all). */
export interface IntervalPage {
  offset?: number;
  limit?: number;
}

export interface NewRun {
  id: string;
  config: StoredConfig;
  client: ClientInfo;
  startTime: string;
}

const json = <T>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T));

export class RunRepository {
  constructor(private readonly db: Db) {}

  insert(run: NewRun): void {
    this.db
      .prepare(
        `INSERT INTO bench_runs (id, connection_id, type, status, phase, threads, duration, config, client, start_time)
         VALUES (@id, @connection_id, @type, 'preparing', 'prepare', @threads, @duration, @config, @client, @start_time)`,
      )
      .run({
        id: run.id,
        connection_id: run.config.connection_id,
        type: run.config.type,
        threads: run.config.threads,
        duration: run.config.duration,
        config: JSON.stringify(run.config),
        client: JSON.stringify(run.client),
        start_time: run.startTime,
      });
  }

  /** A finished run (end_time set) keeps its ending: a late report never makes it active again. */
  setPhase(id: string, status: RunStatus, phase: Phase, progress: number): void {
    this.db
      .prepare(
        'UPDATE bench_runs SET status = ?, phase = ?, progress = ? WHERE id = ? AND end_time IS NULL',
      )
      .run(status, phase, progress, id);
  }

  /** What the run measured, as it was at the start; kept when the connection changes or goes. */
  setTarget(id: string, target: RunTarget): void {
    this.db
      .prepare('UPDATE bench_runs SET target = ? WHERE id = ?')
      .run(JSON.stringify(target), id);
  }

  setWarnings(id: string, warnings: RunWarning[]): void {
    this.db
      .prepare('UPDATE bench_runs SET warnings = ? WHERE id = ?')
      .run(JSON.stringify(warnings), id);
  }

  setEngine(id: string, engine: NonNullable<RunSummary['engine']>): void {
    this.db.prepare('UPDATE bench_runs SET engine = ? WHERE id = ?').run(engine, id);
  }

  setServer(id: string, server: ServerInfo): void {
    this.db
      .prepare('UPDATE bench_runs SET server = ? WHERE id = ?')
      .run(JSON.stringify(server), id);
  }

  /** One interval (`at`: when its report arrived) and the run's totals so far, in one transaction. */
  readonly addInterval = (
    id: string,
    seq: number,
    interval: RunInterval,
    totals: {
      metrics: RunMetrics;
      detail: RunDetail;
      histogram: string;
      progress: number;
      at: string;
    },
  ): void => {
    this.db.transaction(() => {
      this.db
        .prepare('INSERT INTO bench_intervals (run_id, seq, data, at) VALUES (?, ?, ?, ?)')
        .run(id, seq, JSON.stringify(interval), totals.at);
      this.db
        .prepare(
          'UPDATE bench_runs SET metrics = ?, detail = ?, histogram = ?, progress = ? WHERE id = ?',
        )
        .run(
          JSON.stringify(totals.metrics),
          JSON.stringify(totals.detail),
          totals.histogram,
          totals.progress,
          id,
        );
    })();
  };

  /** A probe that answered after its interval went out joins it (round trip, counters). */
  joinProbe(
    id: string,
    seq: number,
    probe: Pick<RunInterval, 'network_rtt_ms' | 'server_counters'>,
  ): void {
    this.db
      .prepare(
        `UPDATE bench_intervals SET data = json_set(data, '$.network_rtt_ms', json(?), '$.server_counters', json(?))
         WHERE run_id = ? AND seq = ?`,
      )
      .run(JSON.stringify(probe.network_rtt_ms), JSON.stringify(probe.server_counters), id, seq);
  }

  finish(id: string, status: RunStatus, message: string | null, endTime: string): void {
    this.db
      .prepare(
        "UPDATE bench_runs SET status = ?, phase = 'done', message = ?, end_time = ? WHERE id = ?",
      )
      .run(status, message, endTime, id);
  }

  /**
   * Runs left active by a process that died are shown as interrupted, with what they had saved.
   * Each ends when its last interval was saved (its start when it saved none), not at the restart.
   */
  markInterrupted(): number {
    const marks = ACTIVE_STATUSES.map(() => '?').join(', ');
    return this.db
      .prepare(
        `UPDATE bench_runs SET status = 'interrupted', phase = 'done',
           end_time = coalesce((SELECT max(i.at) FROM bench_intervals i WHERE i.run_id = bench_runs.id), start_time),
           message = 'Benchphant stopped during this run; the figures are those of its last saved interval.'
         WHERE status IN (${marks})`,
      )
      .run(...ACTIVE_STATUSES).changes;
  }

  private row(id: string): Row | undefined {
    return this.db.prepare(`${ROW_SELECT} WHERE r.id = ?`).get(id) as Row | undefined;
  }

  exists(id: string): boolean {
    return this.row(id) !== undefined;
  }

  summary(id: string): RunSummary | null {
    const r = this.row(id);
    return r ? toSummary(r) : null;
  }

  list(filter: RunListFilter = {}): RunSummary[] {
    const where: string[] = [];
    const args: Record<string, string> = {};
    const add = (sql: string, name: string, value: string | undefined) => {
      if (value === undefined || value === '') return;
      where.push(sql);
      args[name] = value;
    };
    add('r.connection_id = @connection_id', 'connection_id', filter.connection_id);
    add('r.type = @type', 'type', filter.type);
    add('r.status = @status', 'status', filter.status);
    add('r.start_time >= @from', 'from', filter.from && new Date(filter.from).toISOString());
    add('r.start_time <= @to', 'to', filter.to && new Date(filter.to).toISOString());
    add('EXISTS (SELECT 1 FROM json_each(r.tags) WHERE value = @tag)', 'tag', filter.tag);
    // The connection's name lives in its own table (or, for an imported run, in its import row);
    // the run's snapshot keeps it once the connection is deleted.
    add(
      `instr(lower(r.id || ' ' || r.type || ' ' || r.tags || ' ' || r.notes || ' ' || coalesce(r.message, '') || ' ' ||
         coalesce((SELECT name FROM connections c WHERE c.id = r.connection_id), '') || ' ' ||
         coalesce(json_extract(r.target, '$.connection_name'), '') || ' ' ||
         coalesce((SELECT connection FROM run_imports i WHERE i.run_id = r.id), '')), lower(@search)) > 0`,
      'search',
      filter.search,
    );
    const sql = `${ROW_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY r.start_time DESC, r.rowid DESC`;
    return (this.db.prepare(sql).all(args) as Row[]).map(toSummary);
  }

  /** Changes only what is given; returns false for an unknown run. */
  update(id: string, patch: { tags?: string[]; notes?: string }): boolean {
    const r = this.row(id);
    if (!r) return false;
    this.db
      .prepare('UPDATE bench_runs SET tags = ?, notes = ? WHERE id = ?')
      .run(patch.tags ? JSON.stringify(patch.tags) : r.tags, patch.notes ?? r.notes, id);
    return true;
  }

  /** The stored pieces of a run; the engine fills in zeros for a run that has no interval yet. */
  get(id: string):
    | (RunSummary & {
        phase: Phase;
        progress: number;
        config: StoredConfig;
        server: ServerInfo | null;
        client: ClientInfo | null;
        metrics: RunMetrics | null;
        detail: RunDetail | null;
        histogram: string | null;
      })
    | null {
    const r = this.row(id);
    if (!r) return null;
    return {
      ...toSummary(r),
      phase: r.phase,
      progress: r.progress,
      config: JSON.parse(r.config) as StoredConfig,
      server: json<ServerInfo>(r.server),
      client: json<ClientInfo>(r.client),
      metrics: json<RunMetrics>(r.metrics),
      detail: json<RunDetail>(r.detail),
      histogram: r.histogram,
    };
  }

  intervals(id: string, page: IntervalPage = {}): RunInterval[] {
    // LIMIT -1: no limit (SQLite).
    const rows = this.db
      .prepare('SELECT data FROM bench_intervals WHERE run_id = ? ORDER BY seq LIMIT ? OFFSET ?')
      .all(id, page.limit ?? -1, page.offset ?? 0) as { data: string }[];
    return rows.map((r) => JSON.parse(r.data) as RunInterval);
  }

  delete(id: string): void {
    this.db.prepare('DELETE FROM bench_runs WHERE id = ?').run(id);
  }
}

function toSummary(r: Row): RunSummary {
  return {
    id: r.id,
    connection_id: r.connection_id,
    type: r.type,
    status: r.status,
    threads: r.threads,
    duration: r.duration,
    start_time: r.start_time,
    end_time: r.end_time,
    message: r.message,
    tags: JSON.parse(r.tags) as string[],
    notes: r.notes,
    imported_from: r.imported_from,
    warnings: JSON.parse(r.warnings) as RunWarning[],
    target: json<RunTarget>(r.target),
    // An imported run's connection was never here: it is not a deleted one.
    connection_deleted: r.connection_exists === 0 && r.imported_from === null,
    ...headline(json<RunMetrics>(r.metrics)),
    engine: r.engine ?? null,
  };
}

function headline(m: RunMetrics | null): Pick<RunSummary, 'qps' | 'p95' | 'p99'> {
  return m
    ? { qps: m.qps, p95: m.latency.p95, p99: m.latency.p99 }
    : { qps: null, p95: null, p99: null };
}
