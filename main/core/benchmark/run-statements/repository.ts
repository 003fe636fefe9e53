// Runs in the main process, server and CLI. A run's query analytics in SQLite, one JSON row per
// run (written once, at the end of its measured window, or from an imported bundle).
import type { RunQueryAnalytics } from '../../../../shared/contract/run-statements';
import type { Db } from '../../store/database';

export class RunStatementsRepository {
  constructor(private readonly db: Db) {}

  save(runId: string, analytics: RunQueryAnalytics): void {
    this.db
      .prepare('INSERT OR REPLACE INTO run_statements (run_id, data) VALUES (?, ?)')
      .run(runId, JSON.stringify(analytics));
  }

  get(runId: string): RunQueryAnalytics | null {
    const r = this.db.prepare('SELECT data FROM run_statements WHERE run_id = ?').get(runId) as
      { data: string } | undefined;
    return r ? (JSON.parse(r.data) as RunQueryAnalytics) : null;
  }
}
