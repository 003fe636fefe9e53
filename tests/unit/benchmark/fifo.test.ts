// The wire paths' queue of answers awaited: oldest first through growth and wrap-around.
import { describe, expect, it } from 'vitest';
import { Fifo } from '../../../main/core/benchmark/fifo';

describe('Fifo', () => {
  it('hands items back oldest first while it wraps around and grows', () => {
    const q = new Fifo<number>();
    const expected: number[] = [];
    let next = 0;
    // Interleave pushes and shifts so that the ring wraps at every size it grows through.
    for (let round = 1; round <= 20; round++) {
      for (let i = 0; i < round; i++) {
        q.push(next);
        expected.push(next++);
      }
      for (let i = 0; i < Math.floor(round / 2); i++) expect(q.shift()).toBe(expected.shift());
      expect(q.length).toBe(expected.length);
      expect(q.peek()).toBe(expected[0]);
    }
    expect(q.drain()).toEqual(expected);
    expect(q.length).toBe(0);
    expect(q.shift()).toBeUndefined();
    expect(q.peek()).toBeUndefined();
  });
});
