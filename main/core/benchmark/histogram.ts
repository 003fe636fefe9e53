// Runs in the main process and in benchmark workers. HDR histograms of latencies in microseconds,
// their wire encoding, and the reading of percentiles from merged histograms.
import * as hdr from 'hdr-histogram-js';
import type { Latency } from '../../../shared/contract/benchmarks';

export type Histogram = hdr.Histogram;

/** µs from 1 to one hour at 3 significant digits; it grows past that rather than dropping a value. */
export function newHistogram(): Histogram {
  return hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 3_600_000_000,
    numberOfSignificantValueDigits: 3,
    bitBucketSize: 32,
    autoResize: true,
  });
}

export const encodeHistogram = (h: Histogram): string => hdr.encodeIntoCompressedBase64(h);

export function decodeHistogram(encoded: string): Histogram {
  const decoded = hdr.decodeFromCompressedBase64(encoded, 32);
  // Decoded histograms must grow like the ones they are merged into.
  decoded.autoResize = true;
  return decoded;
}

const ms = (us: number): number => Math.round(us) / 1000;

/** Percentiles come from the histogram; the average and the maximum are exact, not bucketed. */
export function latencyOf(h: Histogram, sumUs: number, maxUs: number): Latency {
  const n = h.totalCount;
  if (n === 0) return { avg: 0, p50: 0, p95: 0, p99: 0, p999: 0, max: 0 };
  // A percentile is its bucket's upper edge; no recorded value exceeded the exact maximum.
  const at = (p: number) => ms(Math.min(h.getValueAtPercentile(p), maxUs));
  return {
    avg: ms(sumUs / n),
    p50: at(50),
    p95: at(95),
    p99: at(99),
    p999: at(99.9),
    max: ms(maxUs),
  };
}

export const zeroLatency = (): Latency => ({ avg: 0, p50: 0, p95: 0, p99: 0, p999: 0, max: 0 });
