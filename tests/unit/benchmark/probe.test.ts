// The per-interval probe never holds a report back: a slow answer is missing at first and joins
// its interval when it comes; counter changes never span more than one interval.
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
    expect(await probe.read((r) => late.push(r))).toEqual({ rttMs: 0.2, counters: { a: 5 } });
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
    expect(await probe.read((r) => late.push(r))).toBeNull();
    expect(performance.now() - started).toBeLessThan(1000);
    // While it is out, the next interval does not queue another one behind it.
    expect(await probe.read(() => late.push({ rttMs: -1, counters: null }))).toBeNull();
    expect(taken).toBe(1);
    slow.resolve({ rttMs: 3, counters: { a: 9 } });
    await new Promise((r) => setImmediate(r));
    expect(late).toEqual([{ rttMs: 3, counters: { a: 9 } }]);
    // Once it answered, the next interval probes again.
    const again = probe.read(() => undefined);
    expect(taken).toBe(2);
    slow.resolve({ rttMs: 1, counters: null });
    await again;
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
