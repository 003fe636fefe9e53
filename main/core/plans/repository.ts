// Runs in the main process, server and CLI. Run plans in the local SQLite store: the plan's row and
// the runs it started (plan → run ids), read back with each run's status and figures from bench_runs.
import {
  ACTIVE_STATUSES,
  type RunDetail,
  type RunMetrics,
  type RunStatus,
} from '../../../shared/contract/benchmarks';
import type { PlanStatus, PlanSummary, PlanView } from '../../../shared/contract/plans';
import type { Db } from '../store/database';

export type StoredPlanConfig = PlanView['config'];

interface PlanRow {
  id: string;
  kind: PlanSummary['kind'];
  status: PlanStatus;
  config: string;
  runs_total: number;
  message: string | null;
  created_at: string;
  end_time: string | null;
  runs_done: number;
}

export interface StoredPlanRun {
  run_id: string;
  seq: number;
  point: number;
  value: number | null;
  status: RunStatus;
  /** Measured seconds the run was asked for. */
  duration: number;
  metrics: RunMetrics | null;
  detail: RunDetail | null;
}

export interface StoredPlan {
  summary: PlanSummary;
  config: StoredPlanConfig;
}

const SELECT_PLAN = `
  SELECT p.*, (SELECT count(*) FROM bench_plan_runs pr JOIN bench_runs r ON r.id = pr.run_id
               WHERE pr.plan_id = p.id AND r.status NOT IN (${ACTIVE_STATUSES.map((s) => `'${s}'`).join(', ')})) AS runs_done
  FROM bench_plans p`;

export class PlanRepository {
  constructor(private readonly db: Db) {}

  insert(plan: {
    id: string;
    config: StoredPlanConfig;
    runsTotal: number;
    createdAt: string;
  }): void {
    this.db
      .prepare(
        `INSERT INTO bench_plans (id, kind, status, config, runs_total, created_at)
         VALUES (?, ?, 'running', ?, ?, ?)`,
      )
      .run(plan.id, plan.config.kind, JSON.stringify(plan.config), plan.runsTotal, plan.createdAt);
  }

  addRun(planId: string, run: { seq: number; runId: string; point: number; value: number | null }) {
    this.db
      .prepare(
        'INSERT INTO bench_plan_runs (plan_id, seq, run_id, point, value) VALUES (?, ?, ?, ?, ?)',
      )
      .run(planId, run.seq, run.runId, run.point, run.value);
  }

  /** A capacity search that refines its answer holds more runs than its ladder had. */
  setTotal(id: string, runsTotal: number): void {
    this.db.prepare('UPDATE bench_plans SET runs_total = ? WHERE id = ?').run(runsTotal, id);
  }

  finish(id: string, status: PlanStatus, message: string | null, endTime: string): void {
    // A search that stopped early holds fewer runs than planned: the total becomes what it ran.
    this.db
      .prepare(
        `UPDATE bench_plans SET status = ?, message = ?, end_time = ?,
           runs_total = (SELECT count(*) FROM bench_plan_runs WHERE plan_id = ?)
         WHERE id = ?`,
      )
      .run(status, message, endTime, id, id);
  }

  /** Plans left running by a process that exited are shown as interrupted, with the runs they finished. */
  markInterrupted(endTime: string): number {
    return this.db
      .prepare(
        `UPDATE bench_plans SET status = 'interrupted', end_time = ?,
           message = 'Benchphant stopped during this plan; the runs it finished are kept.'
         WHERE status = 'running'`,
      )
      .run(endTime).changes;
  }

  get(id: string): StoredPlan | null {
    const row = this.db.prepare(`${SELECT_PLAN} WHERE p.id = ?`).get(id) as PlanRow | undefined;
    return row ? toStored(row) : null;
  }

  list(): PlanSummary[] {
    return (
      this.db.prepare(`${SELECT_PLAN} ORDER BY p.created_at DESC, p.rowid DESC`).all() as PlanRow[]
    ).map((r) => toStored(r).summary);
  }

  runs(planId: string): StoredPlanRun[] {
    const rows = this.db
      .prepare(
        `SELECT pr.run_id, pr.seq, pr.point, pr.value, r.status, r.duration, r.metrics, r.detail
         FROM bench_plan_runs pr JOIN bench_runs r ON r.id = pr.run_id
         WHERE pr.plan_id = ? ORDER BY pr.seq`,
      )
      .all(planId) as (Omit<StoredPlanRun, 'metrics' | 'detail'> & {
      metrics: string | null;
      detail: string | null;
    })[];
    return rows.map((r) => ({
      ...r,
      metrics: r.metrics === null ? null : (JSON.parse(r.metrics) as RunMetrics),
      detail: r.detail === null ? null : (JSON.parse(r.detail) as RunDetail),
    }));
  }

  /**
   * The runs measured with the same settings as this one inside its plan (its repetitions): the
   * plan's id for a repeat, `plan:point` for a sweep value; null for a run of no plan.
   */
  repetitionGroup(runId: string): string | null {
    const row = this.db
      .prepare(
        `SELECT pr.plan_id, pr.point, p.kind FROM bench_plan_runs pr
         JOIN bench_plans p ON p.id = pr.plan_id WHERE pr.run_id = ?`,
      )
      .get(runId) as { plan_id: string; point: number; kind: string } | undefined;
    if (!row) return null;
    return row.kind === 'repeat' ? row.plan_id : `${row.plan_id}:${row.point}`;
  }
}

function toStored(r: PlanRow): StoredPlan {
  const config = JSON.parse(r.config) as StoredPlanConfig;
  return {
    config,
    summary: {
      id: r.id,
      kind: r.kind,
      status: r.status,
      connection_id: config.base.connection_id,
      type: config.base.type,
      runs_done: r.runs_done,
      runs_total: r.runs_total,
      created_at: r.created_at,
      end_time: r.end_time,
      message: r.message,
    },
  };
}
