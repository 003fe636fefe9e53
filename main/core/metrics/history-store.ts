// Runs in the main process, server and CLI. The metrics tables: raw samples and the 1 m / 1 h
// rollups, kept up to date in the same transaction as each insert. Only this file writes SQL for them.
import type { Statement } from 'better-sqlite3';
import type { DataPoint, MetricsData, MetricType } from '../../../shared/contract/metrics';
import type { Db } from '../store/database';
import { decode, encode, FIGURES, figuresOf, type Figure } from './figures';

export type RollupTable = '1m' | '1h';
export const ROLLUP_MS: Record<RollupTable, number> = { '1m': 60_000, '1h': 3_600_000 };
export const TABLES = ['metric_samples', 'metric_rollup_1m', 'metric_rollup_1h'] as const;
const rollupTable = (t: RollupTable) => `metric_rollup_${t}` as const;

/** Encoded values in FIGURES order. */
export type EncodedRow = (number | null)[];

export const encodeSample = (d: MetricsData): EncodedRow =>
  FIGURES.map((f) => encode(f, f.extract(d)));

type Row = Record<string, number | null>;

function upsertSql(table: string): string {
  const cols = FIGURES.flatMap((f) => [
    `${f.column}_min`,
    `${f.column}_max`,
    `${f.column}_sum`,
    ...(f.nullable ? [`${f.column}_n`] : []),
  ]);
  const vals = FIGURES.flatMap((f) => [
    `@${f.column}`,
    `@${f.column}`,
    `@${f.column}`,
    ...(f.nullable ? [`@${f.column}_n`] : []),
  ]);
  // SQLite's two-argument min()/max() return NULL if either side is NULL, hence the coalesce pairs.
  const sets = FIGURES.flatMap((f) => {
    const c = f.column;
    return [
      `${c}_min = min(coalesce(${c}_min, excluded.${c}_min), coalesce(excluded.${c}_min, ${c}_min))`,
      `${c}_max = max(coalesce(${c}_max, excluded.${c}_max), coalesce(excluded.${c}_max, ${c}_max))`,
      `${c}_sum = CASE WHEN excluded.${c}_sum IS NULL THEN ${c}_sum ELSE coalesce(${c}_sum, 0) + excluded.${c}_sum END`,
      ...(f.nullable ? [`${c}_n = ${c}_n + excluded.${c}_n`] : []),
    ];
  });
  return `INSERT INTO ${table} (ts, n, ${cols.join(', ')}) VALUES (@bucket, 1, ${vals.join(', ')})
    ON CONFLICT(ts) DO UPDATE SET n = n + 1, ${sets.join(', ')}`;
}

export interface StoredSample {
  ts: number;
  runId: string | null;
  values: EncodedRow;
}

export class HistoryStore {
  private readonly insertRaw: Statement;
  private readonly upserts: Record<RollupTable, Statement>;
  private readonly insertTx: (ts: number, runId: string | null, values: EncodedRow) => boolean;
  private readonly queries = new Map<string, Statement>();

  constructor(private readonly db: Db) {
    const cols = FIGURES.map((f) => f.column);
    this.insertRaw = db.prepare(
      `INSERT INTO metric_samples (ts, run_id, ${cols.join(', ')}) VALUES (@ts, @run_id, ${cols.map((c) => `@${c}`).join(', ')})
       ON CONFLICT(ts) DO NOTHING`,
    );
    this.upserts = {
      '1m': db.prepare(upsertSql(rollupTable('1m'))),
      '1h': db.prepare(upsertSql(rollupTable('1h'))),
    };
    this.insertTx = db.transaction((ts: number, runId: string | null, values: EncodedRow) => {
      const params: Record<string, number | string | null> = { ts, run_id: runId };
      FIGURES.forEach((f, i) => {
        const v = values[i] ?? null;
        params[f.column] = v;
        if (f.nullable) params[`${f.column}_n`] = v === null ? 0 : 1;
      });
      // A duplicate timestamp is ignored, so it must not be counted twice in the rollups either.
      if (this.insertRaw.run(params).changes === 0) return false;
      for (const t of ['1m', '1h'] as const) {
        this.upserts[t].run({ ...params, bucket: ts - (ts % ROLLUP_MS[t]) });
      }
      return true;
    });
  }

  insert(ts: number, runId: string | null, data: MetricsData): boolean {
    return this.insertTx(ts, runId, encodeSample(data));
  }

  insertEncoded(ts: number, runId: string | null, values: EncodedRow): boolean {
    return this.insertTx(ts, runId, values);
  }

  /** Many samples in one transaction (imports, benchmarks, tests). */
  insertMany(rows: Iterable<StoredSample>): void {
    this.db.transaction(() => {
      for (const r of rows) this.insertTx(r.ts, r.runId, r.values);
    })();
  }

  private statement(key: string, sql: () => string): Statement {
    let s = this.queries.get(key);
    if (!s) {
      s = this.db.prepare(sql());
      this.queries.set(key, s);
    }
    return s;
  }

  /** Raw samples averaged into buckets of `bucketMs`. */
  queryRaw(
    type: MetricType,
    from: number,
    to: number,
    bucketMs: number,
    limit: number,
  ): DataPoint[] {
    const figures = figuresOf(type);
    const stmt = this.statement(`raw:${type}`, () => {
      const aggs = figures.flatMap((f) => [
        `avg(${f.column}) AS ${f.column}_avg`,
        `min(${f.column}) AS ${f.column}_min`,
        `max(${f.column}) AS ${f.column}_max`,
      ]);
      return `SELECT ts - ts % @b AS bucket, count(*) AS n, ${aggs.join(', ')} FROM metric_samples
        WHERE ts >= @from AND ts < @to GROUP BY bucket ORDER BY bucket LIMIT @limit`;
    });
    // Arrays rather than objects: [bucket, n, then avg, min, max per figure].
    return (stmt.raw(true).all({ b: bucketMs, from, to, limit }) as Cells[]).map((r) =>
      toPoint(figures, r, (i) => [
        r[2 + i * 3] ?? null,
        r[3 + i * 3] ?? null,
        r[4 + i * 3] ?? null,
      ]),
    );
  }

  /** Rollup rows merged into buckets of `bucketMs` (a multiple of the table's resolution). */
  queryRollup(
    table: RollupTable,
    type: MetricType,
    from: number,
    to: number,
    bucketMs: number,
    limit: number,
  ): DataPoint[] {
    const figures = figuresOf(type);
    // At the table's own resolution the rows are the buckets: no GROUP BY to pay for.
    const direct = bucketMs === ROLLUP_MS[table];
    const stmt = this.statement(`rollup:${table}:${type}:${direct}`, () => {
      const cols = figures.map((f) => {
        const c = f.column;
        return direct
          ? `${c}_min, ${c}_max, ${c}_sum, ${f.nullable ? `${c}_n` : 'n'} AS ${c}_n`
          : `min(${c}_min) AS ${c}_min, max(${c}_max) AS ${c}_max, sum(${c}_sum) AS ${c}_sum, ${f.nullable ? `sum(${c}_n)` : 'sum(n)'} AS ${c}_n`;
      });
      return direct
        ? `SELECT ts AS bucket, n, ${cols.join(', ')} FROM ${rollupTable(table)}
            WHERE ts >= @from AND ts < @to ORDER BY ts LIMIT @limit`
        : `SELECT ts - ts % @b AS bucket, sum(n) AS n, ${cols.join(', ')} FROM ${rollupTable(table)}
            WHERE ts >= @from AND ts < @to GROUP BY bucket ORDER BY bucket LIMIT @limit`;
    });
    const start = from - (from % ROLLUP_MS[table]);
    const params = direct ? { from: start, to, limit } : { b: bucketMs, from: start, to, limit };
    // Arrays rather than objects: [bucket, n, then min, max, sum, count per figure].
    return (stmt.raw(true).all(params) as Cells[]).map((r) =>
      toPoint(figures, r, (i) => [
        averageOf(r[4 + i * 4] ?? null, r[5 + i * 4] ?? null),
        r[2 + i * 4] ?? null,
        r[3 + i * 4] ?? null,
      ]),
    );
  }

  /** The average of one figure over a range, weighted by samples (not by points). */
  average(source: 'raw' | RollupTable, figure: Figure, from: number, to: number): number | null {
    const c = figure.column;
    const stmt =
      source === 'raw'
        ? this.statement(
            `avg:raw:${c}`,
            () => `SELECT avg(${c}) AS v FROM metric_samples WHERE ts >= @from AND ts < @to`,
          )
        : this.statement(
            `avg:${source}:${c}`,
            () =>
              `SELECT CAST(sum(${c}_sum) AS REAL) / nullif(${figure.nullable ? `sum(${c}_n)` : 'sum(n)'}, 0) AS v
               FROM ${rollupTable(source)} WHERE ts >= @from AND ts < @to`,
          );
    const start = source === 'raw' ? from : from - (from % ROLLUP_MS[source]);
    const v = (stmt.get({ from: start, to }) as { v: number | null }).v;
    return decode(figure, v);
  }

  samplesOfRun(runId: string): StoredSample[] {
    const cols = FIGURES.map((f) => f.column);
    const rows = this.statement(
      'run',
      () => `SELECT ts, ${cols.join(', ')} FROM metric_samples WHERE run_id = ? ORDER BY ts`,
    ).all(runId) as Row[];
    return rows.map((r) => ({ ts: r.ts ?? 0, runId, values: cols.map((c) => r[c] ?? null) }));
  }

  /** Oldest and newest stored time; a rollup counts only where raw samples no longer reach. */
  span(): { oldest: number | null; newest: number | null } {
    const r = this.statement(
      'span',
      () => `SELECT (SELECT min(ts) FROM metric_samples) AS raw, (SELECT min(ts) FROM metric_rollup_1m) AS m,
        (SELECT min(ts) FROM metric_rollup_1h) AS h, (SELECT max(ts) FROM metric_samples) AS newest,
        (SELECT max(ts) FROM metric_rollup_1m) AS newest_m, (SELECT max(ts) FROM metric_rollup_1h) AS newest_h`,
    ).get() as Record<'raw' | 'm' | 'h' | 'newest' | 'newest_m' | 'newest_h', number | null>;
    let oldest = r.raw;
    if (r.m !== null && (oldest === null || r.m + ROLLUP_MS['1m'] <= oldest)) oldest = r.m;
    if (r.h !== null && (oldest === null || r.h + ROLLUP_MS['1h'] <= oldest)) oldest = r.h;
    return { oldest, newest: r.newest ?? r.newest_m ?? r.newest_h };
  }

  /** Bytes the metrics tables and their index occupy in the database file. */
  sizeBytes(): number {
    const r = this.statement(
      'size',
      () => `SELECT coalesce(sum(pgsize), 0) AS bytes FROM dbstat
        WHERE name IN ('metric_samples', 'metric_samples_run', 'metric_rollup_1m', 'metric_rollup_1h')`,
    ).get() as { bytes: number };
    return r.bytes;
  }

  /** Rows of one table older than `before`, oldest first, in pages (archiving walks them). */
  *rowsBefore(table: (typeof TABLES)[number], before: number, page = 5_000): Generator<Row[]> {
    const stmt = this.db.prepare(
      `SELECT * FROM ${table} WHERE ts < @before AND ts > @after ORDER BY ts LIMIT @page`,
    );
    let after = Number.MIN_SAFE_INTEGER;
    for (;;) {
      const rows = stmt.all({ before, after, page }) as Row[];
      if (rows.length === 0) return;
      yield rows;
      after = rows.at(-1)?.ts ?? before;
    }
  }

  deleteBefore(table: (typeof TABLES)[number], before: number, keepRunSamples = false): number {
    const extra = keepRunSamples ? ' AND run_id IS NULL' : '';
    return this.db.prepare(`DELETE FROM ${table} WHERE ts < ?${extra}`).run(before).changes;
  }
}

function averageOf(sum: number | null, n: number | null): number | null {
  return sum === null || !n ? null : sum / n;
}

type Cells = (number | null)[];

/** Stored (scaled) avg, min and max of the figure at index i. */
function toPoint(
  figures: readonly Figure[],
  r: Cells,
  cell: (i: number) => [number | null, number | null, number | null],
): DataPoint {
  const data: Record<string, number | null> = {};
  const min: Record<string, number | null> = {};
  const max: Record<string, number | null> = {};
  figures.forEach((f, i) => {
    const [a, lo, hi] = cell(i);
    data[f.name] = decode(f, a);
    min[f.name] = decode(f, lo);
    max[f.name] = decode(f, hi);
  });
  return { timestamp: new Date(r[0] ?? 0).toISOString(), data, min, max, samples: r[1] ?? 0 };
}
