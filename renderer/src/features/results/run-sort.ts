// Runs in the renderer (pure). The order of the Results list: by start (newest first, as the core
// sends it) or by a figure column; runs without that figure yet stay at the end either way.
import type { RunSummary } from '../../../../shared/contract/benchmarks';

export type SortKey = 'start_time' | 'threads' | 'duration' | 'qps' | 'p95' | 'p99';
export type SortDir = 'asc' | 'desc';
export interface RunSort {
  key: SortKey;
  dir: SortDir;
}

export const DEFAULT_SORT: RunSort = { key: 'start_time', dir: 'desc' };

const value = (r: RunSummary, key: SortKey): number | null =>
  key === 'start_time' ? Date.parse(r.start_time) : r[key];

export function sortRuns(runs: readonly RunSummary[], sort: RunSort): RunSummary[] {
  const sign = sort.dir === 'asc' ? 1 : -1;
  // Array.prototype.sort is stable: equal figures keep the core's newest-first order.
  return [...runs].sort((a, b) => {
    const x = value(a, sort.key);
    const y = value(b, sort.key);
    if (x === null || y === null) return x === null ? (y === null ? 0 : 1) : -1;
    return (x - y) * sign;
  });
}

/** Clicking a column: the first click sorts it (figures best first), the next reverses it. */
export function nextSort(current: RunSort, key: SortKey): RunSort {
  if (current.key === key) return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  // Throughput reads best highest first; latency best lowest first; time newest first.
  const dir: SortDir = key === 'p95' || key === 'p99' ? 'asc' : 'desc';
  return { key, dir };
}
