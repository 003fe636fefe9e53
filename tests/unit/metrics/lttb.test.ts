import { describe, expect, it } from 'vitest';
import { downsampleRows, lttbIndices } from '../../../renderer/src/features/monitor/lttb';

describe('LTTB downsampling', () => {
  const xs = Array.from({ length: 10_000 }, (_, i) => i * 1000);
  const ys = xs.map((_, i) => Math.sin(i / 200) * 10 + (i === 4321 ? 500 : 0));

  it('keeps exactly the threshold, the first and last point, in order', () => {
    const idx = lttbIndices(xs, ys, 600);
    expect(idx).toHaveLength(600);
    expect(idx[0]).toBe(0);
    expect(idx.at(-1)).toBe(9_999);
    expect(idx.every((v, i) => i === 0 || v > (idx[i - 1] ?? -1))).toBe(true);
  });

  it('keeps a one-sample spike that averaging would hide', () => {
    expect(lttbIndices(xs, ys, 300)).toContain(4321);
  });

  it('leaves short series alone', () => {
    const rows = [
      { t: 1, v: 1 },
      { t: 2, v: 3 },
      { t: 3, v: 2 },
    ];
    expect(downsampleRows(rows, 'v', 500)).toEqual(rows);
    expect(lttbIndices([1, 2, 3, 4], [1, 2, 3, 4], 2)).toEqual([0, 1, 2, 3]);
  });

  it('reduces multi-series rows by the first series, keeping whole rows', () => {
    const rows = xs.map((t, i) => ({ t, a: ys[i] ?? 0, b: i }));
    const out = downsampleRows(rows, 'a', 100);
    expect(out).toHaveLength(100);
    for (const r of out) expect(r.b).toBe(r.t / 1000);
  });
});
