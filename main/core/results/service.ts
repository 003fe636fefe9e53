// Runs in the main process, server and CLI. The service behind `results.*`: builds a run's
// bundle from the store, compares runs, exports and imports bundles, renders the HTML report.
import { randomUUID } from 'node:crypto';
import { ACTIVE_STATUSES, type RunTarget } from '../../../shared/contract/benchmarks';
import { AppError } from '../../../shared/errors';
import {
  RUN_BUNDLE_FORMAT,
  RUN_BUNDLE_VERSION,
  type Comparison,
  type RunBundle,
  type RunServerMetrics,
} from '../../../shared/contract/results';
import type { RunTopology } from '../../../shared/contract/agents';
import type { Output } from '../../../shared/contract';
import { RunRepository } from '../benchmark/repository';
import { RunStatementsRepository } from '../benchmark/run-statements/repository';
import type { Db } from '../store/database';
import { compareRuns, hostSeries, measuredSeries } from './compare';
import type { SqlType } from '../../../shared/model/connection';
import { runCsv } from './csv';
import { renderReport } from './report/html';
import { ResultsRepository } from './repository';

export interface ResultsDeps {
  db: Db;
  /** Host samples the local sampler took during a run. */
  hostMetrics(runId: string): RunBundle['host_metrics'];
  /** The database's and its server host's figures over a run, per interval. */
  serverMetrics?(runId: string): RunServerMetrics;
  /** A saved connection (name and engine are used); throws NOT_FOUND once it was deleted. */
  connection(id: string): { name: string; type: SqlType };
  /** A distributed run's topology (its agents and their figures); null for one machine. */
  agents?(runId: string): RunTopology | null;
  /** The plan a run was part of, if any: runs of one plan are repetitions of each other. */
  planOf?(runId: string): string | null;
  version: string;
  now?: () => Date;
}

export interface CompareRequest {
  run_ids: string[];
  baseline_id?: string;
  groups?: string[][];
  /** false: the comparison's `series` and `host` come empty (read per run with runSeries). */
  series?: boolean;
}

export interface ExportFile {
  filename: string;
  media_type: string;
  content: string;
}

export class ResultsService {
  private readonly runs: RunRepository;
  private readonly repo: ResultsRepository;
  private readonly statements: RunStatementsRepository;
  private readonly now: () => Date;

  constructor(private readonly deps: ResultsDeps) {
    this.runs = new RunRepository(deps.db);
    this.repo = new ResultsRepository(deps.db);
    this.statements = new RunStatementsRepository(deps.db);
    this.now = deps.now ?? (() => new Date());
  }

  /** Everything about one run, as exported; never a password or a connection URL. */
  bundle(id: string): RunBundle {
    const r = this.runs.get(id);
    if (!r) throw new AppError('NOT_FOUND', `No benchmark run with id ${id}.`);
    const imported = this.repo.imported(id);
    return {
      format: RUN_BUNDLE_FORMAT,
      version: RUN_BUNDLE_VERSION,
      exported_at: this.now().toISOString(),
      exported_by: `Benchphant ${this.deps.version}`,
      run: {
        id: r.id,
        connection_id: r.connection_id,
        connection: imported
          ? imported.connection
          : this.connectionFacts(r.connection_id, r.target),
        type: r.type,
        status: r.status,
        threads: r.threads,
        duration: r.duration,
        start_time: r.start_time,
        end_time: r.end_time,
        message: r.message,
        tags: r.tags,
        notes: r.notes,
        imported_from: r.imported_from,
        config: r.config,
        server: r.server,
        client: r.client,
        metrics: r.metrics,
        detail: r.detail,
        histogram: r.histogram,
        warnings: r.warnings,
        target: imported
          ? imported.target
          : r.target && {
              connection_name: r.target.connection_name,
              engine: r.target.engine,
              database: r.target.database,
              server_version: r.target.server_version,
            },
      },
      intervals: this.runs.intervals(id),
      host_metrics: imported ? imported.host_metrics : this.deps.hostMetrics(id),
      query_analytics: this.statements.get(id),
      server_metrics: this.deps.serverMetrics?.(id) ?? { database: [], host: [] },
      agents: imported ? imported.agents : (this.deps.agents?.(id) ?? null),
    };
  }

  /** The run's database and server host figures per interval; NOT_FOUND for an unknown run. */
  serverMetrics(id: string): RunServerMetrics {
    if (!this.runs.get(id)) throw new AppError('NOT_FOUND', `No benchmark run with id ${id}.`);
    return this.deps.serverMetrics?.(id) ?? { database: [], host: [] };
  }

  /** Only the name and the engine travel (a deleted connection's from the run's snapshot). */
  private connectionFacts(id: string, target: RunTarget | null): RunBundle['run']['connection'] {
    try {
      const { name, type } = this.deps.connection(id);
      return { name, type };
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'NOT_FOUND')) throw err;
      return target ? { name: target.connection_name, type: target.engine, deleted: true } : null;
    }
  }

  compare(req: CompareRequest): Comparison {
    const bundles = req.run_ids.map((id) => this.bundle(id));
    // The contract checked that the baseline and the groups name compared runs.
    const baselineId = req.baseline_id ?? req.run_ids[0];
    const groups = req.groups
      ? req.groups.map((run_ids, i) => ({ id: `group-${i + 1}`, run_ids }))
      : this.planGroups(req.run_ids);
    return compareRuns(bundles, { baselineId, groups, series: req.series });
  }

  /** One run's comparison series and host samples. */
  runSeries(id: string): Output<'results.runSeries'> {
    const b = this.bundle(id);
    return { series: measuredSeries(b), host: hostSeries(b) };
  }

  /** Runs of one plan are repetitions of each other. */
  private planGroups(ids: readonly string[]): { id: string; run_ids: string[] }[] | undefined {
    if (!this.deps.planOf) return undefined;
    const byPlan = new Map<string, string[]>();
    for (const id of ids) {
      const plan = this.deps.planOf(id);
      if (plan) byPlan.set(plan, [...(byPlan.get(plan) ?? []), id]);
    }
    return [...byPlan].map(([id, run_ids]) => ({ id, run_ids }));
  }

  export(id: string, format: 'json' | 'csv'): ExportFile {
    const bundle = this.bundle(id);
    const base = `benchphant-run-${id.slice(0, 8)}-${bundle.run.type}`;
    if (format === 'csv')
      return { filename: `${base}.csv`, media_type: 'text/csv', content: runCsv(bundle) };
    return {
      filename: `${base}.json`,
      media_type: 'application/json',
      // Compact: a long run's intervals and host samples add up, and the file is for machines.
      content: `${JSON.stringify(bundle)}\n`,
    };
  }

  import(bundle: RunBundle): { id: string; imported_from: string; message: string } {
    const from = bundle.run.imported_from ?? bundle.run.id;
    if (ACTIVE_STATUSES.includes(bundle.run.status))
      throw new AppError(
        'BAD_INPUT',
        `Run ${from} was still ${bundle.run.status.replace('_', ' ')} when it was exported; export it again once it has ended.`,
      );
    // A second copy is allowed (it compares as identical) but said, as it is usually a slip.
    const here = this.repo.copyOf(from);
    const id = randomUUID();
    this.repo.insertImported(id, bundle, this.now().toISOString());
    const note = here
      ? ` It was already here as ${here}; delete one copy if you did not mean two.`
      : '';
    return { id, imported_from: from, message: `Run ${from} imported as ${id}.${note}` };
  }

  report(req: CompareRequest & { title?: string }): {
    filename: string;
    media_type: string;
    html: string;
  } {
    const comparison = this.compare(req);
    const html = renderReport(
      comparison,
      {
        title: req.title ?? 'Benchphant comparison',
        generatedAt: this.now().toISOString(),
        generator: `Benchphant ${this.deps.version}`,
      },
      comparison.runs.map((r) => this.deps.serverMetrics?.(r.id) ?? { database: [], host: [] }),
    );
    return {
      filename: `benchphant-report-${this.now().toISOString().slice(0, 10)}.html`,
      media_type: 'text/html',
      html,
    };
  }
}
