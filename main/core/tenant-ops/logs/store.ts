// Runs in the main process, server and CLI. The tenant query log in SQLite: written as statements
// finish, read back in pages and as aggregates. Old entries go after RETENTION_DAYS.
import {
  type QueryLog,
  type QueryMetrics,
  SINCE_MS,
  type TenantLogSettings,
  tenantLogSettingsSchema,
} from '../../../../shared/contract/tenant-ops';
import type { Db } from '../../store/database';
import { readJsonSetting, writeJsonSetting } from '../../store/json-setting';

const SETTINGS_KEY = 'tenants.query_log';
const DEFAULT_SETTINGS: TenantLogSettings = { slow_query_ms: 1000 };
const RETENTION_DAYS = 30;
/** Long statements (a migration's CREATE TABLE list) are kept in full up to this length. */
const MAX_QUERY_CHARS = 10_000;

export interface LogEntry {
  tenantId: string;
  database: string;
  at: number;
  durationMs: number;
  rows: number | null;
  error: string | null;
  query: string;
}

interface Row {
  id: number;
  database: string;
  at: number;
  duration_ms: number;
  rows: number | null;
  error: string | null;
  query: string;
}

export class QueryLogStore {
  private settings: TenantLogSettings | null = null;
  private writes = 0;

  /** `changed` hears every new value, whichever process stored it (the Settings screen shows it). */
  constructor(
    private readonly db: Db,
    private readonly changed: (settings: TenantLogSettings) => void = () => undefined,
  ) {}

  getSettings(): TenantLogSettings {
    if (this.settings) return this.settings;
    const parsed = tenantLogSettingsSchema.safeParse(readJsonSetting(this.db, SETTINGS_KEY));
    this.settings = parsed.success ? parsed.data : DEFAULT_SETTINGS;
    return this.settings;
  }

  /** Reads the settings again (another process may have changed them); reports a difference. */
  reload(): void {
    const before = this.settings;
    this.settings = null;
    const now = this.getSettings();
    // Unread before (null): nobody has been shown a value that could now be stale.
    if (before !== null && before.slow_query_ms !== now.slow_query_ms) this.changed(now);
  }

  setSettings(next: TenantLogSettings): TenantLogSettings {
    writeJsonSetting(this.db, SETTINGS_KEY, next);
    this.settings = next;
    this.changed(next);
    return next;
  }

  add(e: LogEntry): void {
    this.db
      .prepare(
        'INSERT INTO tn_query_log (tenant_id, database, at, duration_ms, rows, error, query) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        e.tenantId,
        e.database,
        e.at,
        e.durationMs,
        e.rows,
        e.error,
        e.query.slice(0, MAX_QUERY_CHARS),
      );
    // Pruning now and then keeps the table bounded without a timer.
    if (++this.writes % 1000 === 0) {
      this.db
        .prepare('DELETE FROM tn_query_log WHERE at < ?')
        .run(e.at - RETENTION_DAYS * 86_400_000);
    }
  }

  /** `slowMs`: the tenant's own threshold (its workspace's setting), else the global one. */
  page(
    tenantId: string,
    o: { type?: 'error' | 'slow'; since: keyof typeof SINCE_MS; limit: number; before?: number },
    now: number,
    slowMs: number | null = null,
  ): { logs: QueryLog[]; hasMore: boolean } {
    const slow = slowMs ?? this.getSettings().slow_query_ms;
    const where = ['tenant_id = ?', 'at >= ?'];
    const args: (string | number)[] = [tenantId, now - SINCE_MS[o.since]];
    if (o.type === 'error') where.push('error IS NOT NULL');
    if (o.type === 'slow') {
      where.push('duration_ms >= ?');
      args.push(slow);
    }
    if (o.before !== undefined) {
      where.push('id < ?');
      args.push(o.before);
    }
    const rows = this.db
      .prepare(`SELECT * FROM tn_query_log WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT ?`)
      .all(...args, o.limit + 1) as Row[];
    return {
      hasMore: rows.length > o.limit,
      logs: rows.slice(0, o.limit).map((r) => ({
        id: r.id,
        timestamp: new Date(r.at).toISOString(),
        database: r.database,
        query: r.query,
        duration_ms: r.duration_ms,
        rows: r.rows,
        error: r.error,
        slow: r.duration_ms >= slow,
      })),
    };
  }

  /** Count, errors, slow ones, mean and max latency of a tenant's statements since `from`. */
  aggregate(tenantId: string, from: number, slowMs: number | null = null) {
    const r = this.db
      .prepare(
        `SELECT count(*) AS total, count(error) AS errors,
                sum(duration_ms >= ?) AS slow, avg(duration_ms) AS avg_ms, max(duration_ms) AS max_ms
         FROM tn_query_log WHERE tenant_id = ? AND at >= ?`,
      )
      .get(slowMs ?? this.getSettings().slow_query_ms, tenantId, from) as {
      total: number;
      errors: number;
      slow: number | null;
      avg_ms: number | null;
      max_ms: number | null;
    };
    return {
      total: r.total,
      errors: r.errors,
      slow: r.slow ?? 0,
      avgMs: round(r.avg_ms ?? 0),
      maxMs: round(r.max_ms ?? 0),
    };
  }

  metrics(tenantId: string, now: number, slowMs: number | null = null): QueryMetrics {
    const day = new Date(now);
    day.setUTCHours(0, 0, 0, 0);
    const week = this.aggregate(tenantId, now - SINCE_MS['7d'], slowMs);
    return {
      queries_today: this.aggregate(tenantId, day.getTime()).total,
      queries_this_hour: this.aggregate(tenantId, now - SINCE_MS['1h']).total,
      queries_this_week: week.total,
      avg_latency_ms: week.avgMs,
      max_latency_ms: week.maxMs,
      success_rate: week.total === 0 ? 100 : round((100 * (week.total - week.errors)) / week.total),
      failed_queries: week.errors,
      slow_queries: week.slow,
    };
  }
}

const round = (v: number) => Math.round(v * 1000) / 1000;
