// Runs in the main process, server and CLI. `log_analysis`: snapshots the statement statistics of
// the task's connection, stores them, and reports the window since the previous snapshot.
import { logAnalysisTaskParamsSchema } from '../../../../shared/contract/scheduler';
import { delta, report } from '../statements/analysis';
import {
  isSnapshotQuery,
  StatementStatsUnavailable,
  type StatementCounters,
} from '../statements/statement-stats';
import type { TaskRunner } from './task-runner';

/** A stored snapshot: the counters, and each statement's mean in the window that ended with it. */
export interface StoredSnapshot {
  counters: StatementCounters[];
  window_means: Record<string, number>;
}

export interface LogAnalysisPorts {
  read(connectionId: string): Promise<StatementCounters[]>;
  lastSnapshot(taskId: string): { taken_at: string; data: StoredSnapshot } | null;
  saveSnapshot(taskId: string, takenAt: string, data: StoredSnapshot): void;
  now(): Date;
}

export const logAnalysisRunner = (ports: LogAnalysisPorts): TaskRunner => ({
  validate: (params) => void logAnalysisTaskParamsSchema.parse(params),
  async run(task) {
    const params = logAnalysisTaskParamsSchema.parse(task.params);
    let counters: StatementCounters[];
    try {
      // The task's own reads of the statistics are not the database's workload.
      counters = (await ports.read(task.connection_id)).filter((c) => !isSnapshotQuery(c.text));
    } catch (err) {
      if (err instanceof StatementStatsUnavailable)
        return { status: 'failed', summary: err.message, output: { unavailable: true } };
      throw err;
    }
    const takenAt = ports.now().toISOString();
    const prev = ports.lastSnapshot(task.id);
    const deltas = delta(
      prev?.data.counters ?? [],
      counters,
      new Map(Object.entries(prev?.data.window_means ?? {})),
    );
    ports.saveSnapshot(task.id, takenAt, {
      counters,
      window_means: Object.fromEntries(deltas.map((d) => [d.key, d.mean_ms])),
    });
    if (!prev) {
      return {
        status: 'succeeded',
        summary: `First snapshot: ${counters.length} statement(s) recorded; the next run reports what changed.`,
        output: { since: null, taken_at: takenAt, report: null },
      };
    }
    const r = report(prev.data.counters, deltas, {
      top: params.top,
      slowerPercent: params.slower_percent,
    });
    const parts = [
      `${r.statements} statement(s) ran since ${prev.taken_at}, ${r.total_ms.toFixed(1)} ms in all`,
      `${r.new_statements.length} new`,
      `${r.slower.length} slower by more than ${params.slower_percent}%`,
    ];
    return {
      status: 'succeeded',
      summary: `${parts.join(', ')}.`,
      output: { since: prev.taken_at, taken_at: takenAt, report: r },
    };
  },
});
