// Runs in every process. Database metrics of a saved connection (what the server is doing, not
// this machine): sampled every second while something watches, kept with rollups like host metrics.
import { z } from 'zod';
import { idSchema } from '../model/connection';
import { event, operation } from './define';

/** Figures every engine reports where it can (null where it cannot); rates are per second. */
export const DB_METRICS = [
  'transactions_per_sec',
  'commits_per_sec',
  'rollbacks_per_sec',
  'queries_per_sec',
  'cache_hit_percent',
  'rows_read_per_sec',
  'rows_inserted_per_sec',
  'rows_updated_per_sec',
  'rows_deleted_per_sec',
  'temp_bytes_per_sec',
  'tmp_disk_tables_per_sec',
  'deadlocks_per_sec',
  'lock_waits_per_sec',
  'wal_bytes_per_sec',
  'checkpoints_per_sec',
  'sessions_total',
  'sessions_active',
  'sessions_idle',
  'sessions_idle_in_transaction',
  'sessions_waiting_lock',
  'longest_transaction_s',
  'longest_query_s',
  'replication_lag_s',
] as const;
export type DbMetric = (typeof DB_METRICS)[number];

export const dbSampleSchema = z.object({
  connection_id: idSchema,
  timestamp: z.iso.datetime(),
  values: z.partialRecord(z.enum(DB_METRICS), z.number().nullable()),
  /** Sessions waiting, by wait event type (PostgreSQL) or thread state (MySQL). */
  waits: z.record(z.string(), z.number()),
  /**
   * The counters went backwards or the server restarted since the previous sample: this sample
   * starts a new series and carries no rates (drawn as a gap, never a negative rate).
   */
  break: z.boolean(),
  /** The benchmark run under way on this connection when the sample was taken. */
  run_id: z.string().nullable(),
});
export type DbSample = z.infer<typeof dbSampleSchema>;

export const DB_HISTORY_INTERVALS = ['1s', '1m', '1h'] as const;

const connectionId = z.object({ id: idSchema });
/** A watcher's own name for its lease (a dashboard picks a random one). */
const leaseName = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

/**
 * Input and output of a per-connection series' history query (database figures, server host
 * figures): one figure over a time range, raw seconds or minute/hour rollups with min/avg/max.
 */
export function seriesHistory<const M extends readonly [string, ...string[]]>(metrics: M) {
  return {
    input: connectionId.extend({
      metric: z.enum(metrics, { error: `metric must be one of: ${metrics.join(', ')}` }),
      start_time: z.iso.datetime({ offset: true }),
      end_time: z.iso.datetime({ offset: true }),
      /** Default: the finest that gives at most 2 000 points. */
      interval: z.enum(DB_HISTORY_INTERVALS).optional(),
    }),
    output: z.object({
      connection_id: idSchema,
      metric: z.enum(metrics),
      interval: z.enum(DB_HISTORY_INTERVALS),
      points: z.array(
        z.object({
          timestamp: z.iso.datetime(),
          avg: z.number().nullable(),
          min: z.number().nullable(),
          max: z.number().nullable(),
        }),
      ),
    }),
  };
}

export const dbMetricsOperations = {
  /** The latest sample; asking starts watching the connection for a minute if nothing did. */
  'dbmetrics.live': operation({
    doc: 'Latest database metrics of a connection.',
    input: connectionId,
    output: dbSampleSchema.nullable(),
    rest: { method: 'GET', path: '/api/v1/connections/{id}/metrics/live' },
  }),
  /**
   * Keep sampling the connection for `seconds` more (a dashboard renews this while it is open).
   * A named `lease` can be ended early with `dbmetrics.unwatch`.
   */
  'dbmetrics.watch': operation({
    doc: 'Sample a connection for a while.',
    input: connectionId.extend({
      seconds: z.number().int().min(1).max(3600).default(60),
      lease: leaseName.optional(),
    }),
    output: z.object({ until: z.iso.datetime() }),
    rest: { method: 'POST', path: '/api/v1/connections/{id}/metrics/watch' },
  }),
  /** End a named lease now: sampling stops at once unless something else still watches. */
  'dbmetrics.unwatch': operation({
    doc: 'Stop sampling a connection for this watcher.',
    input: connectionId.extend({ lease: leaseName }),
    output: z.object({ watching: z.boolean() }),
    rest: { method: 'DELETE', path: '/api/v1/connections/{id}/metrics/watch' },
  }),
  /** One metric over time: raw seconds, or minute/hour rollups with min, avg and max. */
  'dbmetrics.history': operation({
    doc: 'Database metrics history of a connection.',
    ...seriesHistory(DB_METRICS),
    rest: { method: 'GET', path: '/api/v1/connections/{id}/metrics/history' },
  }),
};

export const dbMetricsEvents = {
  /** A database sample was taken (one per second per watched connection). */
  'dbmetrics.sampled': event({
    doc: 'A database metrics sample was taken.',
    payload: dbSampleSchema,
  }),
};
