// Runs in the renderer (pure). A card's figures as chart columns (one time axis, a value per
// figure per time): from history answers, and from the live samples after them.
import type { SeriesData } from '../../stores/db-monitor-store';

export interface CardColumns {
  xs: number[];
  ys: (number | null)[][];
}

/**
 * Figures of one source come from the same samples, so their times are the same: then the first
 * one's times are the axis; otherwise the times are merged and a missing value is a null.
 */
export function alignSeries(list: readonly (SeriesData | undefined)[]): CardColumns {
  const present = list.filter((s): s is SeriesData => s !== undefined);
  const base = present[0];
  if (!base) return { xs: [], ys: list.map(() => []) };
  const same = present.every(
    (s) =>
      s.xs.length === base.xs.length && s.xs[0] === base.xs[0] && s.xs.at(-1) === base.xs.at(-1),
  );
  if (same) return { xs: base.xs, ys: list.map((s) => s?.ys ?? base.xs.map(() => null)) };
  const xs = [...new Set(present.flatMap((s) => s.xs))].sort((a, b) => a - b);
  const ys = list.map((s) => {
    if (!s) return xs.map(() => null);
    const at = new Map(s.xs.map((x, i) => [x, s.ys[i] ?? null]));
    return xs.map((x) => at.get(x) ?? null);
  });
  return { xs, ys };
}

/** Live samples (time and values by figure), after the history that ends before the first one. */
export function liveColumns(
  history: CardColumns,
  samples: readonly { timestamp: string; values: Partial<Record<string, number | null>> }[],
  keys: readonly string[],
): CardColumns {
  const firstLive = samples[0] ? Date.parse(samples[0].timestamp) : Infinity;
  let cut = 0;
  while (cut < history.xs.length && history.xs[cut]! < firstLive) cut += 1;
  const xs = history.xs.slice(0, cut);
  const ys = keys.map((_, k) => (history.ys[k] ?? []).slice(0, cut));
  for (const s of samples) {
    xs.push(Date.parse(s.timestamp));
    keys.forEach((key, k) => ys[k]!.push(s.values[key] ?? null));
  }
  return { xs, ys };
}
