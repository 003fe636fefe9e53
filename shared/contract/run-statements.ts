// Runs in every process. Query analytics of a benchmark run: what the server's statement statistics
// (pg_stat_statements, performance_schema digests) counted during the run's measured window.
import { z } from 'zod';

/** One normalised statement's share of the window. */
export const runStatementSchema = z.object({
  /** The server's id for the normalised statement (queryid, digest). */
  key: z.string(),
  /** The normalised text, as the server keeps it. */
  text: z.string(),
  calls: z.number(),
  total_ms: z.number(),
  mean_ms: z.number(),
  rows: z.number(),
  /** Shared buffer hits and reads (PostgreSQL); null where the engine does not count them. */
  blks_hit: z.number().nullable(),
  blks_read: z.number().nullable(),
});
export type RunStatement = z.infer<typeof runStatementSchema>;

export const runQueryAnalyticsSchema = z.object({
  /** False when the server kept no statement statistics, or they could not be read in time. */
  available: z.boolean(),
  /** Why they are unavailable, and what to enable; null when available. */
  reason: z.string().nullable(),
  /** What the statistics leave out of this run (e.g. prepared statements on MariaDB), if anything. */
  note: z.string().nullable().default(null),
  /** `pg_stat_statements` or `performance_schema`. */
  source: z.string(),
  window_start: z.iso.datetime().nullable(),
  window_end: z.iso.datetime().nullable(),
  /** Distinct statements that ran in the window, and their calls and time in all. */
  statements: z.number().int(),
  calls: z.number(),
  total_ms: z.number(),
  /** The window's statements by total time, the heaviest first (at most 20). */
  top: z.array(runStatementSchema),
});
export type RunQueryAnalytics = z.infer<typeof runQueryAnalyticsSchema>;

/** A statement found in the baseline and in other compared runs (matched by normalised text). */
export const comparedStatementSchema = z.object({
  text: z.string(),
  /** One entry per compared run, in the order of `runs`; null where the run did not count it. */
  values: z.array(
    z.object({ calls: z.number(), total_ms: z.number(), mean_ms: z.number() }).nullable(),
  ),
  /** Mean time per call against the baseline's, in percent; null for the baseline or where absent. */
  mean_change_percent: z.array(z.number().nullable()),
});
export type ComparedStatement = z.infer<typeof comparedStatementSchema>;

export const statementComparisonSchema = z.object({
  /** Per compared run, in the order of `runs`: whether it had statement statistics, and why not. */
  runs: z.array(
    z.object({ run_id: z.string(), available: z.boolean(), reason: z.string().nullable() }),
  ),
  /** With one run, its top statements; with more, those the baseline shares with another run. */
  rows: z.array(comparedStatementSchema),
});
export type StatementComparison = z.infer<typeof statementComparisonSchema>;
