// The agent's clock offset estimate (NTP style, best round trip) and the shard syntax.
import { describe, expect, it } from 'vitest';
import { estimateOffset } from '../../../main/core/agents/clock';
import { parseShard } from '../../../main/core/agents/wire';

describe('estimateOffset', () => {
  it('takes the exchange with the shortest round trip and bounds the error by half of it', () => {
    // The coordinator runs 500 ms ahead; one-way delays vary.
    const trueOffset = 500;
    const sample = (t1: number, up: number, down: number) => ({
      t1,
      t2: t1 + up + trueOffset,
      t3: t1 + up + down,
    });
    const est = estimateOffset([sample(0, 30, 10), sample(100, 2, 3), sample(200, 9, 1)]);
    expect(est.errorMs).toBe(2.5);
    expect(Math.abs(est.offsetMs - trueOffset)).toBeLessThanOrEqual(est.errorMs);
    expect(est.offsetMs).toBe(499.5);
  });

  it('needs at least one sample', () => {
    expect(() => estimateOffset([])).toThrow();
  });
});

describe('parseShard', () => {
  it('reads i/N with 0 ≤ i < N', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    expect(parseShard('3/3')).toBeNull();
    expect(parseShard('0/0')).toBeNull();
    expect(parseShard('/3')).toBeNull();
    expect(parseShard('1/3x')).toBeNull();
  });
});
