import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { slicedParse } from '../../../renderer/src/api/sliced-parse';

const point = z.object({ t: z.number(), qps: z.number() });
const answer = z.object({
  id: z.string(),
  note: z.string().default('none'),
  points: z.array(point),
  series: z.array(z.object({ name: z.string(), points: z.array(point) })),
});

const points = (n: number) => Array.from({ length: n }, (_, i) => ({ t: i, qps: i * 2, extra: 1 }));

describe('slicedParse', () => {
  it('gives what safeParse gives for a large valid answer (defaults, stripped keys)', async () => {
    const value = {
      id: 'a',
      points: points(20_000),
      series: [{ name: 's', points: points(5_000), junk: true }],
      unknown: 1,
    };
    const sliced = await slicedParse(answer, value);
    expect(sliced).toEqual({ success: true, data: answer.parse(value) });
  });

  it('rejects a bad item deep in a large array, and a missing array', async () => {
    const bad = points(20_000) as { t: unknown; qps: number }[];
    bad[19_999]!.t = 'late';
    expect((await slicedParse(answer, { id: 'a', points: bad, series: [] })).success).toBe(false);
    const nested = { id: 'a', points: [], series: [{ name: 's', points: bad }] };
    expect((await slicedParse(answer, nested)).success).toBe(false);
    expect((await slicedParse(answer, { id: 'a', series: [] })).success).toBe(false);
    expect((await slicedParse(z.array(point), { length: 1 })).success).toBe(false);
  });

  it('keeps refinements of arrays and objects (checked whole)', async () => {
    const atLeastTwo = z.array(point).min(2);
    expect((await slicedParse(atLeastTwo, points(1))).success).toBe(false);
    const refined = z.object({ xs: z.array(z.number()) }).refine((v) => v.xs.length > 0, 'empty');
    expect((await slicedParse(refined, { xs: [] })).success).toBe(false);
    expect((await slicedParse(refined, { xs: [1] })).success).toBe(true);
  });

  it('yields between large items checked whole (a run as columns), not only every few', async () => {
    let ticks = 0;
    const seen: number[] = [];
    const run = z
      .object({ xs: z.array(z.number()) })
      .refine((v) => seen.push(ticks) > 0 && v.xs.length > 0);
    const timer = setInterval(() => (ticks += 1), 0);
    const xs = Array.from({ length: 300_000 }, (_, i) => i);
    const r = await slicedParse(z.array(run), [{ xs }, { xs }, { xs }]);
    clearInterval(timer);
    expect(r.success).toBe(true);
    expect(seen).toHaveLength(3);
    expect(new Set(seen).size).toBeGreaterThan(1);
  });

  it('yields to the event loop while checking a large answer', async () => {
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 0);
    const value = {
      id: 'a',
      points: points(60_000),
      series: [0, 1, 2].map((i) => ({ name: String(i), points: points(60_000) })),
    };
    const r = await slicedParse(answer, value);
    clearInterval(timer);
    expect(r.success).toBe(true);
    expect(ticks).toBeGreaterThan(0);
  });
});
