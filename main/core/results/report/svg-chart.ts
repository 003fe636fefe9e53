// Runs in the main process, server and CLI. Line charts as inline SVG strings for the HTML report:
// pure functions of the data, no DOM, no script; the markup is escaped and self-contained.
import { escapeHtml } from './escape';

export interface ChartSeries {
  name: string;
  color: string;
  points: readonly { x: number; y: number }[];
}

export interface LineChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  series: readonly ChartSeries[];
  /** Tick positions on x with their labels; default: five evenly spaced numbers. */
  xTicks?: readonly { x: number; label: string }[];
  /** Shaded spans of x, e.g. the measured phase of the runs. */
  bands?: readonly { from: number; to: number; label: string }[];
  width?: number;
  height?: number;
}

const PAD = { left: 64, right: 32, top: 32, bottom: 44 };

/** Round steps (1, 2, 5 × 10^k) covering [lo, hi] in about `count` ticks. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step)
    ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

const fmt = (v: number): string =>
  Math.abs(v) >= 1000
    ? v.toLocaleString('en-US', { maximumFractionDigits: 0 })
    : String(Number(v.toPrecision(4)));

export function lineChart(o: LineChartOptions): string {
  const width = o.width ?? 720;
  const height = o.height ?? 300;
  const all = o.series.flatMap((s) => s.points);
  const xs = all.map((p) => p.x);
  const ys = all.map((p) => p.y);
  const xMin = o.xTicks?.length ? Math.min(...o.xTicks.map((t) => t.x), ...xs) : Math.min(0, ...xs);
  const xMax = Math.max(xMin + 1, ...xs, ...(o.xTicks ?? []).map((t) => t.x));
  const yTicks = niceTicks(0, Math.max(...ys, 0) * 1.05 || 1);
  // The top tick must clear the highest point, so the axis never cuts a line off.
  const yStep = yTicks.length > 1 ? yTicks[1]! - yTicks[0]! : 1;
  while ((yTicks.at(-1) ?? 0) < Math.max(...ys, 0)) yTicks.push((yTicks.at(-1) ?? 0) + yStep);
  const yMax = yTicks.at(-1) || 1;
  const plotW = width - PAD.left - PAD.right;
  const plotH = height - PAD.top - PAD.bottom;
  const sx = (x: number) => PAD.left + ((x - xMin) / (xMax - xMin)) * plotW;
  const sy = (y: number) => PAD.top + plotH - (y / yMax) * plotH;
  const xTicks = o.xTicks ?? niceTicks(xMin, xMax).map((x) => ({ x, label: fmt(x) }));
  const r = (n: number) => n.toFixed(1);

  const grid = [
    ...yTicks.map(
      (y) =>
        `<line class="grid" x1="${PAD.left}" x2="${width - PAD.right}" y1="${r(sy(y))}" y2="${r(sy(y))}"/>` +
        `<text class="tick" x="${PAD.left - 6}" y="${r(sy(y) + 4)}" text-anchor="end">${escapeHtml(fmt(y))}</text>`,
    ),
    ...xTicks.map(
      (t) =>
        `<line class="grid" x1="${r(sx(t.x))}" x2="${r(sx(t.x))}" y1="${PAD.top}" y2="${PAD.top + plotH}"/>` +
        `<text class="tick" x="${r(sx(t.x))}" y="${PAD.top + plotH + 16}" text-anchor="middle">${escapeHtml(t.label)}</text>`,
    ),
  ].join('');
  const bands = (o.bands ?? [])
    .map(
      (b) =>
        `<rect class="band" x="${r(sx(b.from))}" y="${PAD.top}" width="${r(sx(b.to) - sx(b.from))}" height="${plotH}"><title>${escapeHtml(b.label)}</title></rect>` +
        `<text class="tick" x="${r(sx(b.from) + 4)}" y="${PAD.top + 12}">${escapeHtml(b.label)}</text>`,
    )
    .join('');
  const lines = o.series
    .filter((s) => s.points.length > 0)
    .map(
      (s) =>
        `<polyline class="series" data-series="${escapeHtml(s.name)}" fill="none" stroke="${s.color}" stroke-width="2" points="${s.points
          .map((p) => `${r(sx(p.x))},${r(sy(p.y))}`)
          .join(' ')}"><title>${escapeHtml(s.name)}</title></polyline>`,
    )
    .join('');
  const legend = o.series
    .map(
      (s, i) =>
        `<g transform="translate(${PAD.left + 8 + (i % 6) * 100},${8 + Math.floor(i / 6) * 14})"><rect width="10" height="10" fill="${s.color}"/>` +
        `<text class="legend" x="14" y="9">${escapeHtml(s.name.length > 14 ? `${s.name.slice(0, 13)}…` : s.name)}</text></g>`,
    )
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeHtml(o.title)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">` +
    `<title>${escapeHtml(o.title)}</title>${bands}${grid}` +
    `<line class="axis" x1="${PAD.left}" x2="${PAD.left}" y1="${PAD.top}" y2="${PAD.top + plotH}"/>` +
    `<line class="axis" x1="${PAD.left}" x2="${width - PAD.right}" y1="${PAD.top + plotH}" y2="${PAD.top + plotH}"/>` +
    `${lines}${legend}` +
    `<text class="label" x="${PAD.left + plotW / 2}" y="${height - 6}" text-anchor="middle">${escapeHtml(o.xLabel)}</text>` +
    `<text class="label" transform="translate(14,${PAD.top + plotH / 2}) rotate(-90)" text-anchor="middle">${escapeHtml(o.yLabel)}</text>` +
    `</svg>`
  );
}
