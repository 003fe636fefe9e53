import { describe, expect, it } from 'vitest';
import { RingBuffer } from '../../../renderer/src/charts/ring-buffer';

describe('RingBuffer', () => {
  it('keeps every item, oldest first, until it is full', () => {
    const ring = new RingBuffer<number>(4);
    [1, 2, 3].forEach((n) => ring.push(n));
    expect(ring.length).toBe(3);
    expect(ring.toArray()).toEqual([1, 2, 3]);
    expect(ring.at(0)).toBe(1);
    expect(ring.at(3)).toBeUndefined();
  });

  it('drops the oldest once full, keeping the newest `capacity` in order', () => {
    const ring = new RingBuffer<number>(3);
    for (let i = 1; i <= 10; i += 1) ring.push(i);
    expect(ring.length).toBe(3);
    expect(ring.toArray()).toEqual([8, 9, 10]);
    expect(ring.at(0)).toBe(8);
    expect(ring.at(2)).toBe(10);
  });

  it('resets to the newest items of a list longer than it holds', () => {
    const ring = new RingBuffer<number>(3);
    ring.push(99);
    ring.reset([1, 2, 3, 4, 5]);
    expect(ring.toArray()).toEqual([3, 4, 5]);
    ring.reset([7]);
    expect(ring.toArray()).toEqual([7]);
  });

  it('costs the same per push with a full hour of intervals as with an empty buffer', () => {
    const ring = new RingBuffer<number>(3600);
    const time = (pushes: number) => {
      const t0 = performance.now();
      for (let i = 0; i < pushes; i += 1) ring.push(i);
      return performance.now() - t0;
    };
    time(3600); // fill (and warm up)
    const full = time(200_000);
    expect(ring.length).toBe(3600);
    expect(ring.at(3599)).toBe(199_999);
    // An array shifted on each push would copy 3 600 items 200 000 times (seconds); the ring
    // writes one slot each time.
    expect(full).toBeLessThan(500);
  });

  it('counts what it received and its resets, so a follower takes only what is new', () => {
    const ring = new RingBuffer<number>(3);
    ring.reset([1, 2, 3, 4]);
    expect([ring.received, ring.generation]).toEqual([4, 1]);
    ring.push(5);
    ring.push(6);
    // Two new since the follower saw 4: the newest two held.
    const fresh = ring.received - 4;
    expect([ring.at(ring.length - fresh), ring.at(ring.length - 1)]).toEqual([5, 6]);
    ring.reset([]);
    expect([ring.received, ring.generation, ring.length]).toEqual([0, 2, 0]);
  });

  it('refuses a capacity below one', () => {
    expect(() => new RingBuffer<number>(0)).toThrow(RangeError);
  });
});
