// Runs and scheduled executions on the Monitor's timeline: phases placed from the report intervals,
// the run page as the link, an execution's run marked once, and only what overlaps the range.
import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../../shared/contract/benchmarks';
import type { Execution, Task } from '../../../shared/contract/scheduler';
import {
  plannedPhases,
  runPhases,
  timelineMarks,
} from '../../../renderer/src/features/monitor/timeline-marks';
import { runInterval } from './run-fixtures';

const T0 = Date.parse('2026-12-06T10:00:00.000Z');
const S = 1000;

const run = (over: Partial<RunSummary>): RunSummary => ({
  id: 'run-aaaa1111',
  connection_id: 'c1',
  type: 'tpcb_like',
  status: 'completed',
  threads: 4,
  duration: 60,
  start_time: new Date(T0).toISOString(),
  end_time: new Date(T0 + 90 * S).toISOString(),
  message: null,
  tags: [],
  notes: '',
  imported_from: null,
  warnings: [],
  target: null,
  connection_deleted: false,
  qps: null,
  p95: null,
  p99: null,
  engine: null,
  ...over,
});

const task = { id: 't1', name: 'Nightly', task_type: 'benchmark' } as Task;
const execution = (over: Partial<Execution>): Execution => ({
  id: 'e1',
  task_id: 't1',
  status: 'succeeded',
  trigger: 'schedule',
  scheduled_for: null,
  started_at: new Date(T0 + 200 * S).toISOString(),
  finished_at: new Date(T0 + 260 * S).toISOString(),
  duration_ms: 60_000,
  summary: 'done',
  output: {},
  ...over,
});

describe('runPhases', () => {
  it('places warm-up, measure and stages from the intervals, ending with the run', () => {
    // 10 s of warm-up in 5 s intervals, then two stages of 20 s; the last interval at the end.
    const intervals = [
      runInterval({ t: -5, warmup: true }),
      runInterval({ t: 0, warmup: true }),
      runInterval({ t: 5 }),
      runInterval({ t: 10 }),
      runInterval({ t: 15 }),
      runInterval({ t: 20 }),
      runInterval({ t: 25, stage: 1, threads: 8 }),
      runInterval({ t: 30, stage: 1, threads: 8 }),
      runInterval({ t: 35, stage: 1, threads: 8 }),
      runInterval({ t: 40, stage: 1, threads: 8 }),
    ];
    const end = T0 + 60 * S;
    const phases = runPhases(T0, end, intervals);
    expect(phases.map((p) => [p.label, (p.t - T0) / S])).toEqual([
      ['start', 0],
      ['warm-up', 10],
      ['measure', 20],
      ['stage 2 (8 threads)', 40],
      ['end', 60],
    ]);
  });

  it('has only a start and an end without intervals', () => {
    expect(runPhases(T0, T0 + S, []).map((p) => p.label)).toEqual(['start', 'end']);
  });
});

describe('plannedPhases', () => {
  const place = (plan: Parameters<typeof plannedPhases>[2]) =>
    plannedPhases(T0, T0 + 60 * S, plan).map((p) => [p.label, (p.t - T0) / S]);

  it('places a completed run as its intervals would: measuring ended with the run', () => {
    // The same run as above: 10 s of warm-up, then two stages of 20 s, the second at 8 clients.
    expect(
      place({
        duration: 40,
        warmup: 10,
        threads: 4,
        stages: [{ duration: 20 }, { duration: 20, threads: 8 }],
      }),
    ).toEqual([
      ['start', 0],
      ['warm-up', 10],
      ['measure', 20],
      ['stage 2 (8 threads)', 40],
      ['end', 60],
    ]);
  });

  it('takes the engine’s default warm-up (a tenth of the duration) and none when it is 0', () => {
    expect(place({ duration: 40, threads: 4 })).toEqual([
      ['start', 0],
      ['warm-up', 16],
      ['measure', 20],
      ['end', 60],
    ]);
    expect(place({ duration: 40, warmup: 0, threads: 4 }).map(([l]) => l)).toEqual([
      'start',
      'measure',
      'end',
    ]);
  });

  it('keeps every phase inside the run when the settings ask for more than it lasted', () => {
    const phases = place({ duration: 100, warmup: 30, threads: 4 });
    expect(phases.every(([, t]) => (t as number) >= 0 && (t as number) <= 60)).toBe(true);
  });
});

describe('timelineMarks', () => {
  it('links each run to its page and keeps only the marks overlapping the range', () => {
    const marks = timelineMarks({
      runs: [
        run({}),
        run({
          id: 'old-run',
          start_time: new Date(T0 - 7200 * S).toISOString(),
          end_time: new Date(T0 - 7000 * S).toISOString(),
        }),
      ],
      phases: new Map(),
      executions: [],
      from: T0 - 60 * S,
      to: T0 + 3600 * S,
      now: T0 + 3600 * S,
    });
    expect(marks).toHaveLength(1);
    expect(marks[0]).toMatchObject({
      kind: 'run',
      from: T0,
      to: T0 + 90 * S,
      href: '#/results/runs/run-aaaa1111',
      label: 'Run run-aaaa · tpcb_like',
    });
  });

  it('ends a run under way now', () => {
    const [mark] = timelineMarks({
      runs: [run({ status: 'running', end_time: null })],
      phases: new Map(),
      executions: [],
      from: T0,
      to: T0 + 600 * S,
      now: T0 + 30 * S,
    });
    expect(mark!.to).toBe(T0 + 30 * S);
  });

  it('marks an execution that produced a run once, as the run naming its task', () => {
    const marks = timelineMarks({
      runs: [run({})],
      phases: new Map(),
      executions: [
        { task, execution: execution({ output: { run_id: 'run-aaaa1111' } }) },
        { task, execution: execution({ id: 'e2', status: 'failed', summary: 'server down' }) },
      ],
      from: T0,
      to: T0 + 600 * S,
      now: T0 + 600 * S,
    });
    expect(marks.map((m) => m.kind)).toEqual(['run', 'execution']);
    expect(marks[0]!.title).toContain('scheduled: Nightly');
    expect(marks[1]).toMatchObject({ href: '#/schedules', label: 'Scheduled · Nightly' });
    expect(marks[1]!.title).toContain('server down');
  });
});
