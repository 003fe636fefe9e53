// Runs in the main process and the headless server. Database samples in SQLite: raw seconds for a
// day, minute rollups for a month, hour rollups for a year, each rollup with min/avg/max per metric.
import type { DbMetric, DbSample } from '../../../shared/contract/db-metrics';
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

export function accumulate(acc: Accumulated, values: DbSample['values']): void {
  for (const [k, v] of Object.entries(values)) {
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

export class DbMetricsStore {
  constructor(private readonly db: Db) {}

  insert(s: DbSample): void {
    this.db
      .prepare(
        'INSERT OR REPLACE INTO db_metric_samples (connection_id, ts, run_id, brk, data) VALUES (?, ?, ?, ?, ?)',
      )
      .run(
        s.connection_id,
        Date.parse(s.timestamp),
        s.run_id,
        s.break ? 1 : 0,
        JSON.stringify({ v: s.values, w: s.waits }),
      );
  }

  writeRollup(connectionId: string, level: RollupLevel, ts: number, acc: Accumulated): void {
    this.db
      .prepare(
        'INSERT OR REPLACE INTO db_metric_rollups (connection_id, level, ts, data) VALUES (?, ?, ?, ?)',
      )
      .run(connectionId, level, ts, JSON.stringify(acc));
  }

  latest(connectionId: string): DbSample | null {
    const r = this.db
      .prepare('SELECT * FROM db_metric_samples WHERE connection_id = ? ORDER BY ts DESC LIMIT 1')
      .get(connectionId) as
      | { connection_id: string; ts: number; run_id: string | null; brk: number; data: string }
      | undefined;
    if (!r) return null;
    const data = JSON.parse(r.data) as { v: DbSample['values']; w: DbSample['waits'] };
    return {
      connection_id: r.connection_id,
      timestamp: new Date(r.ts).toISOString(),
      values: data.v,
      waits: data.w,
      break: r.brk === 1,
      run_id: r.run_id,
    };
  }

  raw(connectionId: string, metric: DbMetric, from: number, to: number): Point[] {
    const rows = this.db
      .prepare(
        `SELECT ts, json_extract(data, '$.v.' || ?) AS v FROM db_metric_samples
         WHERE connection_id = ? AND ts >= ? AND ts <= ? ORDER BY ts`,
      )
      .all(metric, connectionId, from, to) as { ts: number; v: number | null }[];
    return rows.map((r) => ({ ts: r.ts, avg: r.v, min: r.v, max: r.v }));
  }

  rollup(
    connectionId: string,
    level: RollupLevel,
    metric: DbMetric,
    from: number,
    to: number,
  ): Point[] {
    const rows = this.db
      .prepare(
        `SELECT ts, json_extract(data, '$.' || ?) AS a FROM db_metric_rollups
         WHERE connection_id = ? AND level = ? AND ts >= ? AND ts <= ? ORDER BY ts`,
      )
      .all(metric, connectionId, level, from, to) as { ts: number; a: string | null }[];
    return rows.map((r) => {
      const a = r.a === null ? null : (JSON.parse(r.a) as [number, number, number, number]);
      return a
        ? { ts: r.ts, min: a[0], avg: a[1] / a[3], max: a[2] }
        : { ts: r.ts, min: null, avg: null, max: null };
    });
  }

  /** Drops what is past each level's keep time. */
  prune(now: number): void {
    this.db.prepare('DELETE FROM db_metric_samples WHERE ts < ?').run(now - KEEP_MS.raw);
    for (const level of ['1m', '1h'] as const)
      this.db
        .prepare('DELETE FROM db_metric_rollups WHERE level = ? AND ts < ?')
        .run(level, now - KEEP_MS[level]);
  }
}
