// The per-interval probe is taken as its interval ends and never holds a report back: a slow
// answer is missing at first and joins its interval when it comes; counter changes never span
// more than one interval.
import { describe, expect, it } from 'vitest';
import { IntervalProbe, type ProbeReading } from '../../../main/core/benchmark/probe';

function deferred() {
  let resolve: (r: ProbeReading) => void = () => {};
  const promise = new Promise<ProbeReading>((r) => (resolve = r));
  return { promise, resolve };
}

describe('interval probe', () => {
  it('hands back a reading that answers within the grace', async () => {
    const probe = new IntervalProbe(async () => ({ rttMs: 0.2, counters: { a: 5 } }), 1000);
    const late: ProbeReading[] = [];
    expect(await probe.read(0, (r) => late.push(r))).toEqual({ rttMs: 0.2, counters: { a: 5 } });
    expect(late).toEqual([]);
  });

  it('lets the report go with the reading missing, then hands the late one over', async () => {
    const slow = deferred();
    let taken = 0;
    const probe = new IntervalProbe(() => {
      taken++;
      return slow.promise;
    }, 20);
    const late: ProbeReading[] = [];
    const started = performance.now();
    expect(await probe.read(0, (r) => late.push(r))).toBeNull();
    expect(performance.now() - started).toBeLessThan(1000);
    // While it is out, the next interval does not queue another one behind it.
    expect(await probe.read(1, () => late.push({ rttMs: -1, counters: null }))).toBeNull();
    expect(taken).toBe(1);
    slow.resolve({ rttMs: 3, counters: { a: 9 } });
    await new Promise((r) => setImmediate(r));
    expect(late).toEqual([{ rttMs: 3, counters: { a: 9 } }]);
    // Once it answered, the next interval probes again.
    const again = probe.read(2, () => undefined);
    expect(taken).toBe(2);
    slow.resolve({ rttMs: 1, counters: null });
    await again;
  });

  it("takes each reading at its interval's end, not when the interval is read", async () => {
    const takenAt: number[] = [];
    const probe = new IntervalProbe(async () => {
      takenAt.push(performance.timeOrigin + performance.now());
      return { rttMs: null, counters: { n: takenAt.length } };
    }, 1000);
    const startAt = performance.timeOrigin + performance.now() + 30;
    probe.schedule(startAt, 40, 3);
    // Nobody reads yet: the readings are taken by the timers, each at (not before) its boundary.
    const until = performance.now() + 5000;
    while (takenAt.length < 3 && performance.now() < until)
      await new Promise((r) => setTimeout(r, 10));
    expect(takenAt).toHaveLength(3);
    takenAt.forEach((at, i) => expect(at).toBeGreaterThanOrEqual(startAt + (i + 1) * 40 - 1));
    for (const index of [0, 1, 2])
      expect((await probe.read(index, () => undefined))?.counters).toEqual({ n: index + 1 });
    // No timer took a fourth: reading it starts one now.
    expect((await probe.read(3, () => undefined))?.counters).toEqual({ n: 4 });
  });

  it('skips a boundary while the previous reading is still out, and stops', async () => {
    const slow = deferred();
    let taken = 0;
    const probe = new IntervalProbe(() => {
      taken++;
      return slow.promise;
    }, 10);
    const startAt = performance.timeOrigin + performance.now();
    probe.schedule(startAt, 20, 10);
    await new Promise((r) => setTimeout(r, 70));
    probe.stop();
    // One reading went out at the first boundary; the next two found it still out.
    expect(taken).toBe(1);
    expect(await probe.read(1, () => undefined)).toBeNull();
    slow.resolve({ rttMs: 1, counters: null });
    await new Promise((r) => setTimeout(r, 100));
    expect(taken).toBe(1);
  });

  it('takes no second reading when its interval was read before the timer came', async () => {
    let taken = 0;
    const probe = new IntervalProbe(async () => ({ rttMs: null, counters: { n: ++taken } }), 1000);
    probe.schedule(performance.timeOrigin + performance.now() + 30, 30, 1);
    // JavaScript got to the interval before its boundary's timer: the reading is taken now.
    expect((await probe.read(0, () => undefined))?.counters).toEqual({ n: 1 });
    await new Promise((r) => setTimeout(r, 120));
    expect(taken).toBe(1);
  });

  it('gives counter changes only between consecutive intervals', () => {
    const probe = new IntervalProbe(async () => ({ rttMs: null, counters: null }), 10);
    probe.baseline({ commits: 100, Threads_running: 1 });
    expect(probe.delta(0, { commits: 130, Threads_running: 4 })).toEqual({
      commits: 30,
      Threads_running: 4,
    });
    expect(probe.delta(1, null)).toEqual({});
    // Interval 1's reading is missing: interval 2's change would span two intervals.
    expect(probe.delta(2, { commits: 200, Threads_running: 2 })).toEqual({});
    expect(probe.delta(3, { commits: 210, Threads_running: 2 })).toEqual({
      commits: 10,
      Threads_running: 2,
    });
  });
});
