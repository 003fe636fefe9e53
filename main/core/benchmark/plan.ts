// Runs in the main process (to build it) and in benchmark workers (to follow it). A run's load
// over time: one stage by default, or the request's stages (threads and rate changing in steps).
import type { RunStart } from '../../../shared/contract/benchmarks';

export interface StagePlan {
  /** Start, in ms after the first interval (stage 0 also covers the warm-up). */
  startMs: number;
  /** Connections in use during the stage. */
  threads: number;
  /** Open loop: transactions per second per pipelined loop; null for closed loop. */
  ratePerLoop: number | null;
}

export interface StageView {
  index: number;
  threads: number;
  ratePerLoop: number | null;
  /** Epoch ms when this stage began, and when the next one begins (Infinity for the last). */
  startsAt: number;
  endsAt: number;
}

/** The stages of a run, with start offsets that include the warm-up before the first one. */
export function buildPlan(input: RunStart, warmupMs: number): StagePlan[] {
  const perLoop = (rate: number | undefined, threads: number) =>
    rate === undefined ? null : rate / (threads * input.pipeline);
  if (!input.stages) {
    return [
      { startMs: 0, threads: input.threads, ratePerLoop: perLoop(input.rate, input.threads) },
    ];
  }
  let at = warmupMs;
  return input.stages.map((s, i) => {
    const threads = s.threads ?? input.threads;
    const plan = { startMs: i === 0 ? 0 : at, threads, ratePerLoop: perLoop(s.rate, threads) };
    at += s.duration * 1000;
    return plan;
  });
}

/** The stage in force at epoch ms `t`, for a run whose first interval began at `t0`. */
export function stageAt(plan: readonly StagePlan[], t0: number, t: number): StageView {
  let i = 0;
  while (i + 1 < plan.length && t >= t0 + plan[i + 1]!.startMs) i++;
  const s = plan[i]!;
  const next = plan[i + 1];
  return {
    index: i,
    threads: s.threads,
    ratePerLoop: s.ratePerLoop,
    startsAt: t0 + s.startMs,
    endsAt: next ? t0 + next.startMs : Infinity,
  };
}

/** Checks a request's stages; returns a sentence for the user, or null when they are usable. */
export function stagesProblem(input: RunStart): string | null {
  const stages = input.stages;
  if (!stages) return null;
  const total = stages.reduce((a, s) => a + s.duration, 0);
  if (total !== input.duration)
    return `the stages last ${total} s in all but duration is ${input.duration} s; make them equal`;
  const open = stages.filter((s) => s.rate !== undefined).length;
  if (open !== 0 && open !== stages.length)
    return 'give every stage a rate (open loop) or none (closed loop)';
  if (input.rate !== undefined)
    return 'with stages, give the rate per stage rather than for the run';
  if (stages.some((s) => (s.threads ?? input.threads) > input.threads)) {
    return 'a stage cannot use more threads than the run opens (threads)';
  }
  if (stages.some((s) => (s.duration * 1000) % input.report_interval_ms !== 0)) {
    return 'each stage must last a whole number of report intervals';
  }
  return null;
}
