// Open-loop arrivals shared by an event loop's clients, as pgbench -R hands them out.
import { describe, expect, it } from 'vitest';
import { ArrivalStream } from '../../../main/core/benchmark/arrivals';
import type { StageView } from '../../../main/core/benchmark/plan';
import { Rng } from '../../../main/core/benchmark/workloads/rng';

const stage = (index: number, threads: number, startsAt: number): StageView => ({
  index,
  threads,
  ratePerLoop: 250,
  startsAt,
  endsAt: Infinity,
});

describe('open-loop arrivals', () => {
  it('come at the rate of the loop’s active clients together, one after another', () => {
    // Six clients on connections 0-5; a stage of 4 connections leaves two idle: 4 × 250/s.
    const stream = new ArrivalStream(new Rng(1, 0, 1), [0, 1, 2, 3, 4, 5]);
    const s = stage(0, 4, 1_000);
    const claims = Array.from({ length: 20_000 }, () => stream.claim(s, 250));
    expect(claims[0]).toBeGreaterThan(1_000);
    for (let i = 1; i < claims.length; i++) expect(claims[i]).toBeGreaterThan(claims[i - 1]!);
    // 20,000 arrivals at 1,000/s take 20 s, give or take 0.7 % (one sigma).
    expect((claims.at(-1)! - 1_000) / 1000).toBeCloseTo(20, 0);
    expect(Math.abs((claims.at(-1)! - 1_000) / 1000 - 20)).toBeLessThan(0.6);
  });

  it('start each stage’s stream no earlier than the stage, and keep arrivals already ahead of it', () => {
    const stream = new Rng(2, 0, 1);
    const arrivals = new ArrivalStream(stream, [0, 1]);
    const first = arrivals.claim(stage(0, 2, 0), 250);
    expect(first).toBeGreaterThan(0);
    // A later stage after an idle spell starts from its own start, not from the old schedule.
    expect(arrivals.claim(stage(1, 2, 60_000), 250)).toBeGreaterThan(60_000);
    // Arrivals already handed out beyond the next stage's start stay where they are.
    let last = 0;
    for (let i = 0; i < 1000; i++) last = arrivals.claim(stage(1, 2, 60_000), 250);
    expect(arrivals.claim(stage(2, 2, 60_001), 250)).toBeGreaterThan(last);
  });
});
