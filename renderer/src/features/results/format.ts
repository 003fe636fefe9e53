// Runs in the renderer. How the Results screen writes figures, and the colour each compared run
// keeps on every chart. Numbers themselves go through components/figure-format.
import { count, latency } from '../../components/figure-format';

/** Distinct on both themes; a run keeps its colour by its position in the comparison. */
const RUN_COLORS = ['#4f7cff', '#e0803a', '#16a34a', '#b457c9', '#dc2626', '#0891b2', '#ca8a04'];

export const runColor = (index: number): string => RUN_COLORS[index % RUN_COLORS.length]!;

export { count };

/** A figure of the comparison table in its unit (latencies in seconds from 1 000 ms). */
export function figure(value: number, unit: string): string {
  return unit === 'ms' ? latency(value) : count(value);
}

export const axisPercent = (v: number): string => `${Math.round(v)} %`;

/** A file-name friendly form of a title: "Latency p99 (ms)" → "latency-p99-ms". */
export const slug = (title: string): string =>
  title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/**
 * The runs' labels, told apart: repetitions started in the same minute share the core's label,
 * so the second and later get "#2", "#3" … (tables, legends and the baseline picker agree).
 */
export function distinctLabels(labels: readonly string[]): string[] {
  const seen = new Map<string, number>();
  const total = new Map<string, number>();
  for (const l of labels) total.set(l, (total.get(l) ?? 0) + 1);
  return labels.map((l) => {
    if (total.get(l) === 1) return l;
    const n = (seen.get(l) ?? 0) + 1;
    seen.set(l, n);
    return `${l} #${n}`;
  });
}
