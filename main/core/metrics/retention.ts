// Runs in the main process, server and CLI. Downsampling (raw rows past downsample_after_days give
// way to their rollup) and retention (rows past retention_days are archived, then deleted).
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { METRIC_TYPES, type MetricsConfig } from '../../../shared/contract/metrics';
import type { Db } from '../store/database';
import { decode, figuresOf } from './figures';
import type { HistoryStore } from './history-store';

const DAY = 86_400_000;

export interface RetentionResult {
  downsampled: number;
  deleted: number;
  /** The archive file written this time, if any rows were past retention and archiving is on. */
  archive: string | null;
}

type Row = Record<string, number | string | null>;

const TABLE_KIND = {
  metric_samples: 'sample',
  metric_rollup_1m: 'rollup_1m',
  metric_rollup_1h: 'rollup_1h',
} as const;

/** One self-describing JSON line per stored row, with real units (not the stored scaled integers). */
function archiveLine(table: keyof typeof TABLE_KIND, r: Row): string {
  const ts = Number(r.ts);
  if (table === 'metric_samples') {
    const data: Record<string, Record<string, number | null>> = {};
    for (const type of METRIC_TYPES) {
      data[type] = Object.fromEntries(
        figuresOf(type).map((f) => [f.name, decode(f, (r[f.column] as number | null) ?? null)]),
      );
    }
    return JSON.stringify({
      kind: 'sample',
      timestamp: new Date(ts).toISOString(),
      run_id: r.run_id ?? null,
      data,
    });
  }
  const avg: Record<string, Record<string, number | null>> = {};
  const min: Record<string, Record<string, number | null>> = {};
  const max: Record<string, Record<string, number | null>> = {};
  for (const type of METRIC_TYPES) {
    avg[type] = {};
    min[type] = {};
    max[type] = {};
    for (const f of figuresOf(type)) {
      const n = Number(f.nullable ? r[`${f.column}_n`] : r.n);
      const sum = r[`${f.column}_sum`] as number | null;
      avg[type][f.name] = sum === null || !n ? null : decode(f, sum / n);
      min[type][f.name] = decode(f, (r[`${f.column}_min`] as number | null) ?? null);
      max[type][f.name] = decode(f, (r[`${f.column}_max`] as number | null) ?? null);
    }
  }
  return JSON.stringify({
    kind: TABLE_KIND[table],
    timestamp: new Date(ts).toISOString(),
    samples: r.n,
    avg,
    min,
    max,
  });
}

export class Retention {
  constructor(
    private readonly db: Db,
    private readonly store: HistoryStore,
    private readonly archiveDir: string,
  ) {}

  apply(now: number, cfg: MetricsConfig): RetentionResult {
    const downCut = now - cfg.downsample_after_days * DAY;
    const retainCut = now - cfg.retention_days * DAY;
    let archive: string | null = null;
    let deleted = 0;
    if (cfg.archive_enabled) archive = this.archive(retainCut, now);
    this.db.transaction(() => {
      for (const table of Object.keys(TABLE_KIND) as (keyof typeof TABLE_KIND)[]) {
        deleted += this.store.deleteBefore(table, retainCut);
      }
    })();
    // Samples tagged with a benchmark run stay raw until retention, so a run's page keeps them.
    let downsampled = this.store.deleteBefore('metric_samples', downCut, true);
    if (cfg.downsample_interval === '1h')
      downsampled += this.store.deleteBefore('metric_rollup_1m', downCut);
    return { downsampled, deleted, archive };
  }

  /** gzip members appended page by page: a multi-member .gz file that gunzip reads as one. */
  private archive(before: number, now: number): string | null {
    const file = join(
      this.archiveDir,
      `metrics-${new Date(now).toISOString().replace(/[:.]/g, '-')}.jsonl.gz`,
    );
    let wrote = false;
    for (const table of Object.keys(TABLE_KIND) as (keyof typeof TABLE_KIND)[]) {
      for (const page of this.store.rowsBefore(table, before)) {
        if (!wrote) mkdirSync(this.archiveDir, { recursive: true });
        wrote = true;
        appendFileSync(file, gzipSync(`${page.map((r) => archiveLine(table, r)).join('\n')}\n`));
      }
    }
    return wrote ? file : null;
  }
}
