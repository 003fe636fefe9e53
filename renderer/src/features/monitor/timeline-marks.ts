// Runs in the renderer (pure). Benchmark runs and scheduled executions as marks on a metrics
// timeline: a span from start to end, its phases (prepare, warm-up, measure, stages) placed from
// the run's report intervals, and the page a click opens.
import {
  ACTIVE_STATUSES,
  type RunInterval,
  type RunStart,
  type RunSummary,
} from '../../../../shared/contract/benchmarks';
import type { Execution, Task } from '../../../../shared/contract/scheduler';
import { runPageHref } from '../results/run-route';
import { timeOfDay as clock } from '../../components/figure-format';

export interface TimelinePhase {
  t: number;
  label: string;
}

export interface TimelineMark {
  id: string;
  kind: 'run' | 'execution';
  from: number;
  to: number;
  /** Short text on the mark, e.g. "Run ab12cd · tpcb". */
  label: string;
  /** What a hover says: the phases and their times. */
  title: string;
  href: string;
  phases: TimelinePhase[];
}

const short = (id: string) => id.slice(0, 8);

/**
 * Phase starts from the intervals: `t` is seconds since measuring began at each interval's end
 * (negative in warm-up), and the last interval arrived shortly before the run ended.
 */
export function runPhases(
  startMs: number,
  endMs: number,
  intervals: readonly RunInterval[],
): TimelinePhase[] {
  const phases: TimelinePhase[] = [{ t: startMs, label: 'start' }];
  const last = intervals.at(-1);
  const first = intervals[0];
  if (last && first) {
    const step = intervals.length > 1 ? intervals[1]!.t - first.t : Math.max(last.t, 1);
    const measureStart = Math.max(startMs, endMs - last.t * 1000);
    const at = (t: number) => Math.min(endMs, Math.max(startMs, measureStart + t * 1000));
    if (first.warmup) phases.push({ t: at(first.t - step), label: 'warm-up' });
    phases.push({ t: at(0), label: 'measure' });
    let stage = first.stage;
    for (const i of intervals) {
      if (i.stage === stage) continue;
      stage = i.stage;
      phases.push({ t: at(i.t - step), label: `stage ${stage + 1} (${i.threads} threads)` });
    }
  }
  phases.push({ t: endMs, label: 'end' });
  return phases;
}

/** What a completed run's phases can be placed from without its intervals. */
export type RunPlan = Pick<RunStart, 'duration' | 'warmup' | 'stages' | 'threads'>;

/**
 * Phase starts of a run that completed, from its settings: it measured all it was asked to and
 * ended then, so measuring began that long before its end and warm-up before that. A one-hour
 * run's 3 600 intervals are a few megabytes to read for these few lines.
 */
export function plannedPhases(startMs: number, endMs: number, plan: RunPlan): TimelinePhase[] {
  const stages = plan.stages ?? [];
  const measuredS = stages.length > 0 ? stages.reduce((s, g) => s + g.duration, 0) : plan.duration;
  // The engine's own default warm-up: a tenth of the measured duration.
  const warmupS = plan.warmup ?? plan.duration * 0.1;
  const measureStart = Math.max(startMs, endMs - measuredS * 1000);
  const at = (ms: number) => Math.min(endMs, Math.max(startMs, ms));
  const phases: TimelinePhase[] = [{ t: startMs, label: 'start' }];
  if (warmupS > 0) phases.push({ t: at(measureStart - warmupS * 1000), label: 'warm-up' });
  phases.push({ t: measureStart, label: 'measure' });
  let t = measureStart;
  stages.forEach((stage, i) => {
    if (i > 0)
      phases.push({ t: at(t), label: `stage ${i + 1} (${stage.threads ?? plan.threads} threads)` });
    t += stage.duration * 1000;
  });
  phases.push({ t: endMs, label: 'end' });
  return phases;
}

/** Where a run's phases come from: its settings (completed runs) or its report intervals. */
export type PhaseSource = { plan: RunPlan } | { intervals: readonly RunInterval[] };

/** Completed runs are placed from their settings; others (stopped, failed, running) from intervals. */
export const placedFromPlan = (run: RunSummary): boolean => run.status === 'completed';

export function runMark(
  run: RunSummary,
  source: PhaseSource | null,
  now: number,
  scheduledBy?: string,
): TimelineMark {
  const from = Date.parse(run.start_time);
  const to =
    run.end_time && !ACTIVE_STATUSES.includes(run.status)
      ? Math.max(from, Date.parse(run.end_time))
      : now;
  const phases =
    source && 'plan' in source
      ? plannedPhases(from, to, source.plan)
      : runPhases(from, to, source?.intervals ?? []);
  const by = scheduledBy ? ` (scheduled: ${scheduledBy})` : '';
  return {
    id: run.id,
    kind: 'run',
    from,
    to,
    label: `Run ${short(run.id)} · ${run.type}`,
    title: `Run ${run.id}, ${run.type}, ${run.status}${by}: ${phases
      .map((p) => `${p.label} ${clock(p.t)}`)
      .join(', ')}. Click to open its page.`,
    href: runPageHref(run.id),
    phases,
  };
}

/** The run a scheduled execution produced, if it did. */
export const executionRunId = (e: Execution): string | null =>
  typeof e.output.run_id === 'string' ? e.output.run_id : null;

export function executionMark(task: Task, e: Execution, now: number): TimelineMark {
  const from = Date.parse(e.started_at);
  const to = e.finished_at ? Math.max(from, Date.parse(e.finished_at)) : now;
  const runId = executionRunId(e);
  return {
    id: e.id,
    kind: 'execution',
    from,
    to,
    label: `Scheduled · ${task.name}`,
    title: `Scheduled task "${task.name}" (${task.task_type}), ${e.status}: ${clock(from)} to ${clock(to)}. ${e.summary}`,
    href: runId ? runPageHref(runId) : '#/schedules',
    phases: [
      { t: from, label: 'start' },
      { t: to, label: 'end' },
    ],
  };
}

/**
 * Every mark overlapping [from, to], oldest first: runs with their phases, and executions that
 * did not produce one of those runs (an execution's run is marked once, as a run, naming its task).
 */
export function timelineMarks(input: {
  runs: readonly RunSummary[];
  phases: ReadonlyMap<string, PhaseSource>;
  executions: readonly { task: Task; execution: Execution }[];
  from: number;
  to: number;
  now: number;
}): TimelineMark[] {
  const { from, to, now } = input;
  const byRun = new Map<string, string>();
  for (const { task, execution } of input.executions) {
    const runId = executionRunId(execution);
    if (runId) byRun.set(runId, task.name);
  }
  const runIds = new Set(input.runs.map((r) => r.id));
  const marks = [
    ...input.runs.map((r) => runMark(r, input.phases.get(r.id) ?? null, now, byRun.get(r.id))),
    ...input.executions
      .filter(({ execution }) => !runIds.has(executionRunId(execution) ?? ''))
      .map(({ task, execution }) => executionMark(task, execution, now)),
  ];
  return marks.filter((m) => m.to >= from && m.from <= to).sort((a, b) => a.from - b.from);
}
