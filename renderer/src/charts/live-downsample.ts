// Runs in the renderer (pure). The min/max reduction of series that grow one point at a time (a
// live run's intervals), kept up to date as each point arrives instead of recomputed from the
// whole history: points gather in buckets of consecutive points, each keeping per series its
// lowest and highest value in the order they came (so a one-interval spike is still drawn, as in
// minmax-downsample.ts); once the buckets outnumber the chart's columns, neighbours merge pairwise
// and buckets hold twice as many points. A push costs the same whatever the run's length (a merge
// of all buckets happens each time the point count doubles, so it is amortised), allocates
// nothing, and the points to draw (at most two per bucket) sit in typed arrays uPlot draws as they
// are. Values are numbers: a live run's figures always are.

export class LiveReduction {
  /** The points to draw, oldest first: the first `length` entries of `xs` and of each `ys[s]`. */
  readonly xs: Float64Array;
  readonly ys: Float64Array[];
  private drawn = 0;
  /** Where the last bucket's points start in `xs`/`ys`. */
  private lastAt = 0;
  private buckets = 0;
  /** Points a full bucket holds (a power of two). */
  private perBucket = 1;
  private pushed = 0;
  private top = Number.NEGATIVE_INFINITY;
  // Per bucket: its first and last x and how many points it holds; per series and bucket, its
  // lowest and highest value and the x each was seen at (which came first decides their order).
  private readonly x0: Float64Array;
  private readonly x1: Float64Array;
  private readonly n: Int32Array;
  private readonly lo: Float64Array[];
  private readonly loX: Float64Array[];
  private readonly hi: Float64Array[];
  private readonly hiX: Float64Array[];

  /** `columns`: the most buckets kept (about the plot's width in pixels); at least 2. */
  constructor(
    readonly seriesCount: number,
    readonly columns: number,
  ) {
    if (!(columns >= 2)) throw new RangeError('a live reduction keeps at least two columns');
    const perSeries = () => Array.from({ length: seriesCount }, () => new Float64Array(columns));
    this.x0 = new Float64Array(columns);
    this.x1 = new Float64Array(columns);
    this.n = new Int32Array(columns);
    this.lo = perSeries();
    this.loX = perSeries();
    this.hi = perSeries();
    this.hiX = perSeries();
    this.xs = new Float64Array(2 * columns);
    this.ys = Array.from({ length: seriesCount }, () => new Float64Array(2 * columns));
  }

  /** How many points are drawn (the valid length of `xs` and `ys`). */
  get length(): number {
    return this.drawn;
  }

  /** How many points were pushed. */
  get count(): number {
    return this.pushed;
  }

  /** The highest value pushed in any series (-Infinity before the first push). */
  get highest(): number {
    return this.top;
  }

  /** Adds a point (x not below the last one's); `ys[s]` is series s's value. */
  push(x: number, ys: ArrayLike<number>): void {
    this.pushed += 1;
    let b = this.buckets - 1;
    if (b < 0 || this.n[b]! >= this.perBucket) {
      if (this.buckets === this.columns) {
        this.mergePairs();
        this.rewriteAll();
      }
      b = this.buckets;
      this.buckets += 1;
      this.x0[b] = x;
      this.n[b] = 0;
      for (let s = 0; s < this.seriesCount; s += 1) {
        this.lo[s]![b] = Number.POSITIVE_INFINITY;
        this.hi[s]![b] = Number.NEGATIVE_INFINITY;
      }
      this.lastAt = this.drawn;
    }
    this.x1[b] = x;
    this.n[b] = this.n[b]! + 1;
    for (let s = 0; s < this.seriesCount; s += 1) {
      const y = ys[s]!;
      if (y > this.top) this.top = y;
      if (y < this.lo[s]![b]!) {
        this.lo[s]![b] = y;
        this.loX[s]![b] = x;
      }
      if (y > this.hi[s]![b]!) {
        this.hi[s]![b] = y;
        this.hiX[s]![b] = x;
      }
    }
    this.drawn = this.write(b, this.lastAt);
  }

  /** Back to no points. */
  clear(): void {
    this.drawn = 0;
    this.lastAt = 0;
    this.buckets = 0;
    this.perBucket = 1;
    this.pushed = 0;
    this.top = Number.NEGATIVE_INFINITY;
  }

  /** Halves the buckets: each pair becomes one holding both, with the extremes of the two. */
  private mergePairs(): void {
    const half = this.buckets >> 1;
    for (let b = 0; b < half; b += 1) this.mergeInto(b, 2 * b, 2 * b + 1);
    // An odd bucket out moves down as it is; it has room left and fills with the next points.
    if (this.buckets % 2 === 1) this.mergeInto(half, this.buckets - 1, this.buckets - 1);
    this.buckets = this.buckets - half;
    this.perBucket *= 2;
  }

  /** Bucket b becomes buckets a and c (a ≤ c; a === c copies a). */
  private mergeInto(b: number, a: number, c: number): void {
    this.x0[b] = this.x0[a]!;
    this.x1[b] = this.x1[c]!;
    this.n[b] = a === c ? this.n[a]! : this.n[a]! + this.n[c]!;
    for (let s = 0; s < this.seriesCount; s += 1) {
      const lo = this.lo[s]!;
      const loX = this.loX[s]!;
      const hi = this.hi[s]!;
      const hiX = this.hiX[s]!;
      // Ties keep the earlier bucket's, as a scan of the points would.
      const takeLo = lo[c]! < lo[a]! ? c : a;
      const takeHi = hi[c]! > hi[a]! ? c : a;
      lo[b] = lo[takeLo]!;
      loX[b] = loX[takeLo]!;
      hi[b] = hi[takeHi]!;
      hiX[b] = hiX[takeHi]!;
    }
  }

  /** Rewrites every bucket's points (after a merge). */
  private rewriteAll(): void {
    let at = 0;
    for (let b = 0; b < this.buckets; b += 1) {
      this.lastAt = at;
      at = this.write(b, at);
    }
    this.drawn = at;
  }

  /**
   * Writes bucket b's points from index `at`: one point when it holds one, else two — at its first
   * and last x, each series' extreme that came first, then the other. Returns the index after.
   */
  private write(b: number, at: number): number {
    this.xs[at] = this.x0[b]!;
    if (this.n[b] === 1) {
      for (let s = 0; s < this.seriesCount; s += 1) this.ys[s]![at] = this.lo[s]![b]!;
      return at + 1;
    }
    this.xs[at + 1] = this.x1[b]!;
    for (let s = 0; s < this.seriesCount; s += 1) {
      const lowFirst = this.loX[s]![b]! <= this.hiX[s]![b]!;
      const y = this.ys[s]!;
      y[at] = lowFirst ? this.lo[s]![b]! : this.hi[s]![b]!;
      y[at + 1] = lowFirst ? this.hi[s]![b]! : this.lo[s]![b]!;
    }
    return at + 2;
  }
}
