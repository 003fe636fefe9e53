// Runs in the renderer (pure). A fixed-capacity ring: a live run's intervals arrive one per
// second for as long as it lasts, and each push costs the same whatever the history holds (the
// oldest is overwritten, never shifted out of an array). Its counters let a follower (a live chart)
// take only what is new since it last looked.

export class RingBuffer<T> {
  private readonly items: (T | undefined)[];
  private start = 0;
  private size = 0;
  private added = 0;
  private resets = 0;

  constructor(readonly capacity: number) {
    if (!(capacity >= 1)) throw new RangeError('a ring buffer holds at least one item');
    this.items = new Array<T | undefined>(capacity);
  }

  get length(): number {
    return this.size;
  }

  /** Items added since the last reset (the reset's own included), dropped ones too. */
  get received(): number {
    return this.added;
  }

  /** How many times the contents were replaced: a follower starts over when this changes. */
  get generation(): number {
    return this.resets;
  }

  /** Adds `item` as the newest; when full, the oldest is dropped. */
  push(item: T): void {
    this.added += 1;
    const at = (this.start + this.size) % this.capacity;
    this.items[at] = item;
    if (this.size < this.capacity) this.size += 1;
    else this.start = (this.start + 1) % this.capacity;
  }

  /** Replaces the contents with the newest `capacity` of `items`. */
  reset(items: readonly T[]): void {
    this.start = 0;
    this.size = 0;
    this.added = 0;
    this.resets += 1;
    this.items.fill(undefined);
    for (let i = Math.max(0, items.length - this.capacity); i < items.length; i += 1)
      this.push(items[i]!);
    this.added = items.length;
  }

  /** The i-th oldest item held. */
  at(i: number): T | undefined {
    return i >= 0 && i < this.size ? this.items[(this.start + i) % this.capacity] : undefined;
  }

  /** Oldest first. */
  toArray(): T[] {
    const out = new Array<T>(this.size);
    for (let i = 0; i < this.size; i += 1) out[i] = this.items[(this.start + i) % this.capacity]!;
    return out;
  }
}

/** A ring as its readers see it: they follow it, only its owner adds to it. */
export type ReadonlyRing<T> = Omit<RingBuffer<T>, 'push' | 'reset'>;
