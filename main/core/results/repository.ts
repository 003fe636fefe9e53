// Runs in the main process, server and CLI. What results keep beside a run in the store: an
// imported run's rows (written whole, in one transaction) and what its bundle brought along.
import { runTopologySchema } from '../../../shared/contract/agents';
import type { RunBundle } from '../../../shared/contract/results';
import type { Db } from '../store/database';
import type { Migration } from '../store/migrations';

/** An imported distributed run keeps the topology its bundle brought (its agents' figures). */
export const importedAgentsMigration: Migration = {
  version: 56,
  name: 'imported run agents',
  sql: `ALTER TABLE run_imports ADD COLUMN agents TEXT;`,
};

export interface ImportRow {
  connection: RunBundle['run']['connection'];
  host_metrics: RunBundle['host_metrics'];
  /** The bundle's snapshot of the server (without its address), null from older bundles. */
  target: RunBundle['run']['target'];
  agents: RunBundle['agents'];
}

export class ResultsRepository {
  constructor(private readonly db: Db) {}

  /** The bundle's run under a new id; figures, intervals and histogram are stored verbatim. */
  insertImported(id: string, bundle: RunBundle, importedAt: string): void {
    const r = bundle.run;
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO bench_runs (id, connection_id, type, status, phase, progress, threads, duration, config,
             server, client, metrics, detail, histogram, message, start_time, end_time, tags, notes, imported_from,
             warnings, target)
           VALUES (@id, @connection_id, @type, @status, 'done', 1, @threads, @duration, @config,
             @server, @client, @metrics, @detail, @histogram, @message, @start_time, @end_time, @tags, @notes, @imported_from,
             @warnings, @target)`,
        )
        .run({
          id,
          connection_id: r.connection_id,
          type: r.type,
          status: r.status,
          threads: r.threads,
          duration: r.duration,
          config: JSON.stringify(r.config),
          server: r.server && JSON.stringify(r.server),
          client: r.client && JSON.stringify(r.client),
          metrics: r.metrics && JSON.stringify(r.metrics),
          detail: r.detail && JSON.stringify(r.detail),
          histogram: r.histogram,
          message: r.message,
          start_time: r.start_time,
          end_time: r.end_time,
          tags: JSON.stringify(r.tags),
          notes: r.notes,
          // A re-exported import keeps pointing at where the run was measured.
          imported_from: r.imported_from ?? r.id,
          warnings: JSON.stringify(r.warnings),
          // A bundle carries no address, so the run has no full snapshot; the import row keeps
          // what the bundle had.
          target: null,
        });
      const insert = this.db.prepare(
        'INSERT INTO bench_intervals (run_id, seq, data) VALUES (?, ?, ?)',
      );
      bundle.intervals.forEach((interval, seq) => insert.run(id, seq, JSON.stringify(interval)));
      this.db
        .prepare(
          'INSERT INTO run_imports (run_id, imported_at, connection, host_metrics, target, agents) VALUES (?, ?, ?, ?, ?, ?)',
        )
        .run(
          id,
          importedAt,
          r.connection && JSON.stringify(r.connection),
          JSON.stringify(bundle.host_metrics),
          r.target && JSON.stringify(r.target),
          bundle.agents && JSON.stringify(bundle.agents),
        );
      if (bundle.query_analytics)
        this.db
          .prepare('INSERT INTO run_statements (run_id, data) VALUES (?, ?)')
          .run(id, JSON.stringify(bundle.query_analytics));
      // An imported run has no raw samples here: its server figures are the bundle's.
      const server = bundle.server_metrics;
      if (server.database.length > 0 || server.host.length > 0)
        this.db
          .prepare('INSERT INTO run_server_metrics (run_id, data) VALUES (?, ?)')
          .run(id, JSON.stringify(server));
    })();
  }

  /** The local run that is `originalId` itself or an import of it, if any. */
  copyOf(originalId: string): string | null {
    const row = this.db
      .prepare('SELECT id FROM bench_runs WHERE id = ? OR imported_from = ? LIMIT 1')
      .get(originalId, originalId) as { id: string } | undefined;
    return row?.id ?? null;
  }

  imported(id: string): ImportRow | null {
    const row = this.db
      .prepare('SELECT connection, host_metrics, target, agents FROM run_imports WHERE run_id = ?')
      .get(id) as
      | {
          connection: string | null;
          host_metrics: string;
          target: string | null;
          agents: string | null;
        }
      | undefined;
    if (!row) return null;
    return {
      agents: row.agents === null ? null : runTopologySchema.parse(JSON.parse(row.agents)),
      target: row.target === null ? null : (JSON.parse(row.target) as ImportRow['target']),
      connection:
        row.connection === null ? null : (JSON.parse(row.connection) as ImportRow['connection']),
      host_metrics: JSON.parse(row.host_metrics) as ImportRow['host_metrics'],
    };
  }
}
