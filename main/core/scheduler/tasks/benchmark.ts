// Runs in the main process, server and CLI. `benchmark`: runs a saved profile (or written-out
// settings) against the task's connection and holds it to a baseline with `--fail-on` thresholds.
import type { RunStart, RunSummary } from '../../../../shared/contract/benchmarks';
import type { ProfileConfig } from '../../../../shared/contract/profiles';
import type { Comparison } from '../../../../shared/contract/results';
import { benchmarkTaskParamsSchema } from '../../../../shared/contract/scheduler';
import { checkGate, parseFailOn } from '../../results/gate';
import type { TaskRunner } from './task-runner';

export interface BenchmarkPorts {
  profile(name: string): ProfileConfig;
  start(input: RunStart): Promise<{ id: string }>;
  waitFor(id: string): Promise<RunSummary>;
  /** The run going on now, if any: the engine runs one at a time. */
  activeRun(): string | null;
  compare(req: { run_ids: string[]; baseline_id: string }): Comparison;
  /** The run of the task's last successful execution, if it still exists. */
  previousRun(taskId: string): string | null;
  runExists(id: string): boolean;
  /** How long to wait for another run to end before skipping (ms), unless the task says. */
  busyWaitMs: number;
  sleep(ms: number): Promise<void>;
}

export const benchmarkRunner = (ports: BenchmarkPorts): TaskRunner => ({
  validate(raw) {
    const params = benchmarkTaskParamsSchema.parse(raw);
    parseFailOn(params.fail_on);
    if (params.profile !== undefined) ports.profile(params.profile);
  },
  async run(task) {
    const params = benchmarkTaskParamsSchema.parse(task.params);
    const thresholds = parseFailOn(params.fail_on);
    const config = params.run ?? ports.profile(params.profile!);

    const waitMs = params.busy_wait_s !== undefined ? params.busy_wait_s * 1000 : ports.busyWaitMs;
    if (!(await waitUntilIdle(ports, waitMs))) {
      return {
        status: 'skipped',
        summary: `skipped: busy — another benchmark was still running after ${Math.round(waitMs / 1000)} s.`,
        output: { reason: 'busy' },
      };
    }
    const { id } = await ports.start({
      ...config,
      connection_id: task.connection_id,
      allow_production: params.allow_production,
    });
    const run = await ports.waitFor(id);
    if (run.status !== 'completed') {
      return {
        status: 'failed',
        summary: `The benchmark ended ${run.status}${run.message ? `: ${run.message}` : '.'}`,
        output: { run_id: id },
      };
    }

    const baseline = params.baseline === 'previous' ? ports.previousRun(task.id) : params.baseline;
    if (!baseline || !ports.runExists(baseline)) {
      const why =
        params.baseline === 'previous'
          ? 'first successful run: it becomes the baseline of the next'
          : `the pinned baseline ${params.baseline} no longer exists`;
      return {
        status: params.baseline === 'previous' ? 'succeeded' : 'failed',
        summary: `${fmt(run)} (${why}).`,
        output: { run_id: id, baseline_id: null },
      };
    }
    const comparison = ports.compare({ run_ids: [baseline, id], baseline_id: baseline });
    const violations = checkGate(comparison, thresholds);
    const output = {
      run_id: id,
      baseline_id: baseline,
      fail_on: params.fail_on,
      violations: violations.map((v) => v.message),
    };
    if (violations.length > 0) {
      return {
        status: 'regressed',
        summary: `Regressed: ${violations.map((v) => v.message).join('; ')}.`,
        output,
      };
    }
    return { status: 'succeeded', summary: `${fmt(run)}; within "${params.fail_on}".`, output };
  },
});

/** Waits for a running benchmark to end, up to the bound; false when it is still running. */
async function waitUntilIdle(ports: BenchmarkPorts, waitMs: number): Promise<boolean> {
  const deadline = Date.now() + waitMs;
  for (let active = ports.activeRun(); active !== null; active = ports.activeRun()) {
    const left = deadline - Date.now();
    if (left <= 0) return false;
    await Promise.race([ports.waitFor(active).catch(() => undefined), ports.sleep(left)]);
  }
  return true;
}

const fmt = (r: RunSummary): string =>
  `${Math.round(r.qps ?? 0).toLocaleString('en')} queries/s, p99 ${(r.p99 ?? 0).toFixed(2)} ms`;
