// The benchmark task's busy policy: it waits (bounded) for a run going on, then records
// `skipped: busy` instead of queueing behind it forever; and it starts once the engine is free.
import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../../shared/contract/benchmarks';
import type { TaskRow } from '../../../main/core/scheduler/repository';
import { benchmarkRunner, type BenchmarkPorts } from '../../../main/core/scheduler/tasks/benchmark';

const task: TaskRow = {
  id: 't1',
  name: 'nightly',
  task_type: 'benchmark',
  connection_id: 'c1',
  cron_schedule: '0 2 * * *',
  timezone: 'UTC',
  is_active: true,
  inactive_reason: null,
  params: { profile: 'nightly' },
  has_webhook: false,
  catch_up_hours: 12,
  created_at: '2026-12-01T00:00:00.000Z',
  updated_at: '2026-12-01T00:00:00.000Z',
  last_slot: null,
};

function ports(over: Partial<BenchmarkPorts>): BenchmarkPorts & { started: number } {
  const p = {
    started: 0,
    profile: () => ({
      type: 'select_only' as const,
      duration: 1,
      threads: 1,
      parameters: {},
      protocol: 'prepared' as const,
      pipeline: 1,
      max_tries: 1,
      schema: 'benchphant_bench',
      cleanup: false,
      report_interval_ms: 1000,
    }),
    start: () => {
      p.started += 1;
      return Promise.resolve({ id: 'run-new' });
    },
    waitFor: () => Promise.resolve({ status: 'completed', qps: 10, p99: 1 } as RunSummary),
    activeRun: () => null,
    compare: () => {
      throw new Error('no baseline expected');
    },
    previousRun: () => null,
    runExists: () => false,
    busyWaitMs: 60,
    sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
    ...over,
  };
  return p;
}

describe('benchmark task runner', () => {
  it('records skipped: busy when another run outlasts the wait', async () => {
    const p = ports({ activeRun: () => 'other-run', waitFor: () => new Promise(() => undefined) });
    const outcome = await benchmarkRunner(p).run(task);
    expect(outcome).toMatchObject({ status: 'skipped', output: { reason: 'busy' } });
    expect(outcome.summary).toMatch(/^skipped: busy/);
    expect(p.started).toBe(0);
  });

  it('starts once the run it waited for has ended', async () => {
    let active: string | null = 'other-run';
    const p = ports({
      activeRun: () => active,
      waitFor: (id) => {
        if (id === 'other-run') active = null;
        return Promise.resolve({ status: 'completed', qps: 10, p99: 1 } as RunSummary);
      },
    });
    const outcome = await benchmarkRunner(p).run(task);
    expect(outcome.status).toBe('succeeded');
    expect(p.started).toBe(1);
  });

  it('refuses params that name neither a profile nor settings, or a bad threshold', () => {
    const r = benchmarkRunner(ports({}));
    expect(() => r.validate({})).toThrow(/either profile/);
    expect(() => r.validate({ profile: 'nightly', fail_on: 'p99>>1' })).toThrow(/cannot read/);
  });
});
