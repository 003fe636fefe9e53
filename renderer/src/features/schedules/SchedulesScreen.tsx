// Runs in the renderer. The Schedules screen: tasks with their schedule in words, next run, last
// status and Run now / Pause / Delete; the open task's executions with what each produced (its
// benchmark runs, its query report); and the New task form.
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { Execution, Task } from '../../../../shared/contract/scheduler';
import { PlayIcon, PlusIcon } from '../../app/icons';
import { ScreenHeader } from '../../app/ScreenHeader';
import { useConnections, useSchedulerStore } from '../../app/stores-context';
import { ConfirmDeleteDialog } from '../../components/ConfirmDeleteDialog';
import { RetryNotice } from '../../components/RetryNotice';
import { type Report, StatementReport } from './StatementReport';
import { compareHref } from '../results/run-route';
import { statementHistory } from './statement-history';
import { formatDuration, formatWhen, STATUS_LABELS, TASK_TYPE_LABELS } from './schedule-format';
import { TaskFormDialog } from './TaskFormDialog';
import './schedules.css';

export function SchedulesScreen() {
  const store = useSchedulerStore();
  const tasks = useStore(store, (s) => s.tasks);
  const status = useStore(store, (s) => s.loadStatus);
  const error = useStore(store, (s) => s.error);
  const actionError = useStore(store, (s) => s.actionError);
  const openId = useStore(store, (s) => s.openId);
  const { load, open, runNow, setActive, remove } = store.getState();
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<Task | null>(null);
  useEffect(() => void load(), [load]);
  const current = tasks.find((t) => t.id === openId) ?? null;

  return (
    <>
      <ScreenHeader
        title="Schedules"
        subtitle="Nightly benchmarks held to thresholds, query analytics and backups, on a schedule."
        actions={
          <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
            <PlusIcon /> New task
          </button>
        }
      />
      {status === 'loading' && (
        <p className="loading" role="status">
          <span className="spinner" aria-hidden="true" /> Loading tasks…
        </p>
      )}
      {status === 'error' && <RetryNotice error={error} onRetry={() => void load()} />}
      {actionError && (
        <div className="notice notice-error" role="alert">
          {actionError}
        </div>
      )}
      {status === 'ready' && tasks.length === 0 && (
        <div className="sched-empty">
          <p>
            No scheduled task yet. Run a saved benchmark every night and be told when it regresses,
            watch which queries got slower, or back tenants up.
          </p>
          <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
            <PlusIcon /> New task
          </button>
        </div>
      )}
      {tasks.length > 0 && (
        <div className="sched-layout">
          <section className="sched-card" aria-labelledby="sched-tasks-title">
            <h2 id="sched-tasks-title">Tasks</h2>
            <div className="sched-table-wrap">
              <table className="sched-table" aria-label="Scheduled tasks">
                <thead>
                  <tr>
                    <th>Name</th>
                    <th>What</th>
                    <th>When</th>
                    <th>Next run</th>
                    <th>Last run</th>
                    <th>
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {tasks.map((t) => (
                    <TaskRow
                      key={t.id}
                      task={t}
                      current={t.id === openId}
                      onOpen={() => void open(t.id)}
                      onRun={() => void runNow(t.id)}
                      onToggle={() => void setActive(t.id, !t.is_active)}
                      onDelete={() => setDeleting(t)}
                    />
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          {current && <Executions task={current} />}
        </div>
      )}
      {creating && <TaskFormDialog onClose={() => setCreating(false)} />}
      {deleting && (
        <ConfirmDeleteDialog
          title={`Delete task '${deleting.name}'?`}
          description="Its schedule and its history of executions go; the runs and backups it made stay."
          confirmLabel="Delete task"
          onConfirm={() => remove(deleting.id)}
          onClose={() => setDeleting(null)}
        />
      )}
    </>
  );
}

function TaskRow({
  task: t,
  current,
  onOpen,
  onRun,
  onToggle,
  onDelete,
}: {
  task: Task;
  current: boolean;
  onOpen: () => void;
  onRun: () => void;
  onToggle: () => void;
  onDelete: () => void;
}) {
  const connection = useConnections((s) => s.items.find((c) => c.id === t.connection_id));
  const running = t.last_run?.status === 'running';
  return (
    <tr aria-current={current || undefined}>
      <td>
        <button type="button" className="sched-open" onClick={onOpen}>
          {t.name}
        </button>
        <div className="sched-meta">{connection?.name ?? 'deleted connection'}</div>
      </td>
      <td>{TASK_TYPE_LABELS[t.task_type]}</td>
      <td>
        {t.schedule_text}
        <div className="sched-meta">{t.timezone}</div>
      </td>
      <td>
        {t.is_active ? (
          formatWhen(t.next_run_at, t.timezone)
        ) : (
          <span className="sched-meta">
            Paused{t.inactive_reason ? `: ${t.inactive_reason}` : ''}
          </span>
        )}
      </td>
      <td>
        {t.last_run ? (
          <span className={`sched-status sched-status-${t.last_run.status}`}>
            {STATUS_LABELS[t.last_run.status]}
          </span>
        ) : (
          <span className="sched-meta">Never</span>
        )}
      </td>
      <td className="sched-actions">
        <button
          type="button"
          className="btn btn-sm"
          onClick={onRun}
          disabled={running || !connection}
          aria-label={`Run ${t.name} now`}
        >
          <PlayIcon /> Run now
        </button>
        <button type="button" className="btn btn-sm" onClick={onToggle}>
          {t.is_active ? 'Pause' : 'Resume'}
        </button>
        <button type="button" className="btn btn-sm btn-ghost" onClick={onDelete}>
          Delete
        </button>
      </td>
    </tr>
  );
}

function Executions({ task }: { task: Task }) {
  const store = useSchedulerStore();
  const executions = useStore(store, (s) => s.executions);
  return (
    <section className="sched-card" aria-labelledby="sched-executions-title">
      <h2 id="sched-executions-title">{task.name}: executions</h2>
      {executions.length === 0 ? (
        <p className="sched-meta">
          No execution yet: press Run now, or wait for {formatWhen(task.next_run_at, task.timezone)}
          .
        </p>
      ) : (
        <ul className="sched-executions">
          {executions.map((e) => (
            <ExecutionItem key={e.id} execution={e} executions={executions} />
          ))}
        </ul>
      )}
    </section>
  );
}

function ExecutionItem({
  execution: e,
  executions,
}: {
  execution: Execution;
  executions: readonly Execution[];
}) {
  const report = e.output.report as Report | null | undefined;
  const runId = typeof e.output.run_id === 'string' ? e.output.run_id : null;
  const baselineId = typeof e.output.baseline_id === 'string' ? e.output.baseline_id : null;
  const webhook = e.output.webhook as { delivered: boolean; error: string | null } | undefined;
  return (
    <li className="sched-execution" data-status={e.status}>
      <div className="sched-execution-head">
        <span className={`sched-status sched-status-${e.status}`}>{STATUS_LABELS[e.status]}</span>
        <span>{formatWhen(e.started_at)}</span>
        <span className="sched-meta">
          {e.trigger === 'manual'
            ? 'run by hand'
            : e.trigger === 'catch_up'
              ? 'caught up after a miss'
              : 'on schedule'}{' '}
          · {formatDuration(e.duration_ms)}
        </span>
      </div>
      <p className="sched-summary">{e.summary}</p>
      {(runId || baselineId) && (
        <p className="sched-links">
          {runId && <a href={`#/results/runs/${encodeURIComponent(runId)}`}>Open this run</a>}
          {baselineId && (
            <a href={`#/results/runs/${encodeURIComponent(baselineId)}`}>Open the baseline run</a>
          )}
          {runId && baselineId && (
            <a href={compareHref([baselineId, runId])}>Open the comparison</a>
          )}
        </p>
      )}
      {webhook && (
        <p className="sched-meta">
          Webhook:{' '}
          {webhook.delivered ? 'delivered' : `not delivered (${webhook.error ?? 'unknown'})`}
        </p>
      )}
      {report && <StatementReport report={report} history={statementHistory(executions, e.id)} />}
    </li>
  );
}
