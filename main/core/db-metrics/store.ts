// Runs in the main process and the headless server. Database samples in SQLite: raw seconds for a
// day, minute rollups for a month, hour rollups for a year, each rollup with min/avg/max per metric.
import type { DbSample } from '../../../shared/contract/db-metrics';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../store/database';

export type RollupLevel = '1m' | '1h';
export const LEVEL_MS: Record<RollupLevel, number> = { '1m': 60_000, '1h': 3_600_000 };
/** How long each level is kept. */
export const KEEP_MS = { raw: 86_400_000, '1m': 30 * 86_400_000, '1h': 365 * 86_400_000 };

/** Per metric: [min, sum, max, count] over the samples that had a value. */
export type Accumulated = Record<string, [number, number, number, number]>;

export interface Point {
  ts: number;
  avg: number | null;
  min: number | null;
  max: number | null;
}

export function accumulate(
  acc: Accumulated,
  values: Record<string, number | null | undefined>,
): void {
  for (const k in values) {
    const v = values[k];
    if (v === null || v === undefined) continue;
    const a = acc[k];
    if (!a) acc[k] = [v, v, v, 1];
    else {
      a[0] = Math.min(a[0], v);
      a[1] += v;
      a[2] = Math.max(a[2], v);
      a[3] += 1;
    }
  }
}

/**
 * Figures kept to 5 significant digits: a chart cannot show more, and full doubles
 * (17 digits each) would make a connection-month of seconds several times larger.
 */
export function compactJson(data: object): string {
  return JSON.stringify(data, (_key, v: unknown) =>
    typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(5)) : v,
  );
}

/**
 * Samples wait in memory until this many seconds of them have gathered, then go to disk in one
 * transaction: a commit per sample cost the client about a fifth of its CPU per sample. Every read
 * writes them first, so nothing in the process sees the difference; a crash loses at most these
 * seconds, as it loses the open minute and hour of the rollups.
 */
export const WRITE_EVERY_MS = 10_000;

interface PendingRow {
  connectionId: string;
  ts: number;
  runId: string | null;
  brk: boolean;
  data: object;
}

/** The two tables of one kind of per-connection series (database figures, server host figures). */
export interface SeriesTables {
  samples: string;
  rollups: string;
}

/**
 * Samples as JSON (`{v: figures, …}`) keyed by connection and time, plus minute/hour rollups,
 * stored as SQLite's binary JSONB: json_extract reads one figure without parsing the whole text.
 * Table names come from the code, never from input.
 */
export class SeriesStore {
  /** Prepared once: a sample a second should not compile its SQL every time. */
  private readonly statements = new Map<string, Statement<unknown[]>>();
  private pending: PendingRow[] = [];

  constructor(
    protected readonly db: Db,
    protected readonly tables: SeriesTables,
  ) {}

  private prepare(sql: string): Statement<unknown[]> {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  /** Queues a sample; the queue goes to disk once it holds WRITE_EVERY_MS of samples. */
  insertRow(
    connectionId: string,
    ts: number,
    runId: string | null,
    brk: boolean,
    data: object,
  ): void {
    this.pending.push({ connectionId, ts, runId, brk, data });
    const first = this.pending[0]!;
    if (ts - first.ts >= WRITE_EVERY_MS || ts < first.ts) this.writePending();
  }

  /** Writes the queued samples in one transaction (every read does this first). */
  writePending(): void {
    if (this.pending.length === 0) return;
    const rows = this.pending;
    this.pending = [];
    const insert = this.prepare(
      `INSERT OR REPLACE INTO ${this.tables.samples} (connection_id, ts, run_id, brk, data) VALUES (?, ?, ?, ?, jsonb(?))`,
    );
    this.db.transaction(() => {
      for (const r of rows)
        insert.run(r.connectionId, r.ts, r.runId, r.brk ? 1 : 0, compactJson(r.data));
    })();
  }

  /** The newest sample's row, its JSON already parsed (as `T`: what insertRow was given). */
  latestRow<T>(
    connectionId: string,
  ): { ts: number; run_id: string | null; brk: boolean; data: T } | null {
    // A dashboard asks every second: answer from the queue rather than write it each time.
    for (let i = this.pending.length - 1; i >= 0; i -= 1) {
      const p = this.pending[i]!;
      if (p.connectionId !== connectionId) continue;
      // Through the stored form, so the answer is the same before and after the write.
      const data = JSON.parse(compactJson(p.data)) as T;
      return { ts: p.ts, run_id: p.runId, brk: p.brk, data };
    }
    const r = this.prepare(
      `SELECT ts, run_id, brk, json(data) AS data FROM ${this.tables.samples} WHERE connection_id = ? ORDER BY ts DESC LIMIT 1`,
    ).get(connectionId) as
      { ts: number; run_id: string | null; brk: number; data: string } | undefined;
    return r ? { ...r, brk: r.brk === 1, data: JSON.parse(r.data) as T } : null;
  }

  writeRollup(connectionId: string, level: RollupLevel, ts: number, acc: Accumulated): void {
    this.prepare(
      `INSERT OR REPLACE INTO ${this.tables.rollups} (connection_id, level, ts, data) VALUES (?, ?, ?, jsonb(?))`,
    ).run(connectionId, level, ts, compactJson(acc));
  }

  raw(connectionId: string, metric: string, from: number, to: number): Point[] {
    this.writePending();
    const rows = this.prepare(
      `SELECT ts, json_extract(data, '$.v.' || ?) AS v FROM ${this.tables.samples}
         WHERE connection_id = ? AND ts >= ? AND ts <= ? ORDER BY ts`,
    ).all(metric, connectionId, from, to) as { ts: number; v: number | null }[];
    return rows.map((r) => ({ ts: r.ts, avg: r.v, min: r.v, max: r.v }));
  }

  /** Every raw sample's figures in (from, to], oldest first. */
  samplesBetween(
    connectionId: string,
    from: number,
    to: number,
  ): { ts: number; values: Record<string, number | null> }[] {
    this.writePending();
    const rows = this.prepare(
      `SELECT ts, json(data -> '$.v') AS v FROM ${this.tables.samples}
         WHERE connection_id = ? AND ts > ? AND ts <= ? ORDER BY ts`,
    ).all(connectionId, from, to) as { ts: number; v: string | null }[];
    return rows.map((r) => ({
      ts: r.ts,
      values: r.v === null ? {} : (JSON.parse(r.v) as Record<string, number | null>),
    }));
  }

  rollup(
    connectionId: string,
    level: RollupLevel,
    metric: string,
    from: number,
    to: number,
  ): Point[] {
    // One lookup in the binary JSON per row, its small [min, sum, max, count] array parsed here:
    // four json_extract calls per row cost five times as much on a day of minutes.
    const rows = this.prepare(
      `SELECT ts, data -> ? AS a FROM ${this.tables.rollups}
         WHERE connection_id = ? AND level = ? AND ts >= ? AND ts <= ? ORDER BY ts`,
    ).all(`$.${metric}`, connectionId, level, from, to) as { ts: number; a: string | null }[];
    return rows.map((r) => {
      const [mn = null, total = 0, mx = null, n = 0] = r.a
        ? (JSON.parse(r.a) as [number | null, number, number | null, number])
        : [];
      return n
        ? { ts: r.ts, min: mn, avg: total / n, max: mx }
        : { ts: r.ts, min: null, avg: null, max: null };
    });
  }

  /** Drops what is past each level's keep time. */
  prune(now: number): void {
    this.writePending();
    this.prepare(`DELETE FROM ${this.tables.samples} WHERE ts < ?`).run(now - KEEP_MS.raw);
    for (const level of ['1m', '1h'] as const)
      this.prepare(`DELETE FROM ${this.tables.rollups} WHERE level = ? AND ts < ?`).run(
        level,
        now - KEEP_MS[level],
      );
  }
}

/** The open minute and hour of one connection's series, written out as each one ends. */
export class Rollups {
  private readonly acc: Record<RollupLevel, { ts: number; data: Accumulated } | null> = {
    '1m': null,
    '1h': null,
  };

  constructor(
    private readonly store: SeriesStore,
    private readonly connectionId: string,
  ) {}

  /** Adds the sample to the open minute and hour; a finished one is written first. */
  add(at: number, values: Record<string, number | null | undefined>): void {
    for (const level of ['1m', '1h'] as const) {
      const ts = at - (at % LEVEL_MS[level]);
      const open = this.acc[level];
      if (open && open.ts !== ts) {
        this.store.writeRollup(this.connectionId, level, open.ts, open.data);
        if (level === '1h') this.store.prune(at);
        this.acc[level] = null;
      }
      const cur = (this.acc[level] ??= { ts, data: {} });
      accumulate(cur.data, values);
    }
  }

  /** Writes the open rollups (their partial minute and hour) so history has them. */
  flush(): void {
    for (const level of ['1m', '1h'] as const) {
      const open = this.acc[level];
      if (open) this.store.writeRollup(this.connectionId, level, open.ts, open.data);
    }
  }
}

export class DbMetricsStore extends SeriesStore {
  constructor(db: Db) {
    super(db, { samples: 'db_metric_samples', rollups: 'db_metric_rollups' });
  }

  /** `ts`: the sample's time in ms when the caller has it (saves parsing the timestamp back). */
  insert(s: DbSample, ts = Date.parse(s.timestamp)): void {
    this.insertRow(s.connection_id, ts, s.run_id, s.break, {
      v: s.values,
      w: s.waits,
    });
  }

  latest(connectionId: string): DbSample | null {
    const r = this.latestRow<{ v: DbSample['values']; w: DbSample['waits'] }>(connectionId);
    if (!r) return null;
    return {
      connection_id: connectionId,
      timestamp: new Date(r.ts).toISOString(),
      values: r.data.v,
      waits: r.data.w,
      break: r.brk,
      run_id: r.run_id,
    };
  }
}
