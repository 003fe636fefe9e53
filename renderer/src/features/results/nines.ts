// Runs in the renderer. The "nines" axis of a latency percentile spectrum: x = -log10(1 - p/100)
// (the core sends it with each point), so 90, 99, 99.9 … sit one unit apart and the tail gets as
// much room as the body.

/** The deepest tail the axis reaches (99.9999th): beyond it a run rarely has enough samples. */
export const MAX_NINES = 6;

/** Position on the nines axis → percentile (0..100). */
export function fromNines(x: number): number {
  return 100 * (1 - 10 ** -x);
}

/** "0", "90", "99", "99.9", "99.99" … for whole nines; other positions to the precision they need. */
export function ninesLabel(x: number): string {
  const n = Math.round(x);
  if (Math.abs(x - n) < 1e-9) {
    if (n <= 0) return '0';
    return n <= 2 ? String(100 - 10 ** (2 - n)) : `99.${'9'.repeat(n - 2)}`;
  }
  return fromNines(x).toFixed(Math.max(0, Math.ceil(x) - 2));
}

/** Whole-nines ticks from 0 up to the first at or beyond the deepest point (at least 0 and 90). */
export function ninesTicks(deepest: number): number[] {
  const top = Math.min(MAX_NINES, Math.max(1, Math.ceil(deepest - 1e-9)));
  return Array.from({ length: top + 1 }, (_, i) => i);
}
