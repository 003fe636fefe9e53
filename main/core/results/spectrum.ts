// Runs in the main process, server and CLI. The HDR percentile spectrum of a saved histogram:
// latency at evenly spaced points of the "nines" axis (x = −log10(1 − p/100): 1 = 90, 2 = 99, …).
import { decodeHistogram } from '../benchmark/histogram';

export interface SpectrumPoint {
  p: number;
  nines: number;
  ms: number;
}

const STEP = 0.1;
const MAX_NINES = 6;

export const ninesOf = (p: number): number => -Math.log10(1 - p / 100);

/**
 * Points up to 99.9999 or as far as the sample count resolves (n values resolve up to
 * log10(n) nines); the last point is the exact maximum. `maxMs` caps bucket edges above it.
 */
export function spectrumOf(encoded: string | null, maxMs: number): SpectrumPoint[] {
  if (!encoded) return [];
  const h = decodeHistogram(encoded);
  const n = h.totalCount;
  if (n === 0) return [];
  const reach = Math.min(MAX_NINES, Math.log10(n));
  const points: SpectrumPoint[] = [];
  for (let i = 0; i * STEP <= reach + 1e-9; i++) {
    const nines = Math.round(i * STEP * 10) / 10;
    const p = 100 * (1 - 10 ** -nines);
    const ms = Math.min(h.getValueAtPercentile(p) / 1000, maxMs);
    points.push({ p: Number(p.toFixed(6)), nines, ms });
  }
  return points;
}
