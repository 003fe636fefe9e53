// Runs in the renderer. A canvas time-series chart (uPlot) for long histories: several figures on
// one time axis, rows reduced to the plot's pixel columns (min/max) before uPlot sees them, drag
// to zoom, alert thresholds as dashed lines, and runs as shaded spans whose flag opens the run.
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { TimelineMark } from '../features/monitor/timeline-marks';
import { useElementWidth } from '../features/monitor/useElementWidth';
import { minMaxPerPixel } from './minmax-downsample';

export interface ChartSeries {
  key: string;
  label: string;
  color: string;
  values: readonly (number | null)[];
}

export interface Threshold {
  value: number;
  /** What crossing it means, e.g. "alert below 90 %". */
  label: string;
}

export interface UPlotTimeChartProps {
  /** Epoch milliseconds, ascending; each series has a value per x. */
  xs: readonly number[];
  series: readonly ChartSeries[];
  /** The time range shown. */
  window: readonly [number, number];
  format: (v: number) => string;
  /** A pause between samples longer than this is drawn as a break. */
  maxGapMs: number;
  height?: number;
  thresholds?: readonly Threshold[];
  marks?: readonly TimelineMark[];
  /** A drag across the plot asks for this range. */
  onZoom?: (from: number, to: number) => void;
  /** Charts with the same key share their cursor. */
  syncKey?: string;
  testId?: string;
  label: string;
}

const cssVar = (el: Element, name: string, fallback: string) =>
  getComputedStyle(el).getPropertyValue(name).trim() || fallback;

const MARK_FILL = { run: 'rgba(79, 107, 237, 0.10)', execution: 'rgba(180, 87, 201, 0.12)' };
const MARK_LINE = { run: 'rgba(79, 107, 237, 0.7)', execution: 'rgba(180, 87, 201, 0.8)' };
const THRESHOLD = '#d64545';

interface Latest {
  format: (v: number) => string;
  thresholds: readonly Threshold[];
  marks: readonly TimelineMark[];
  onZoom: ((from: number, to: number) => void) | undefined;
}

/** The plot area's width in CSS pixels, as uPlot has just laid it out (the DOM may lag). */
const plotWidth = (u: uPlot) => Math.round(u.bbox.width / devicePixelRatio);

/** The canvas drawing on top of the lines: run spans and phases, then threshold lines. */
function drawOverlays(u: uPlot, latest: Latest): void {
  const ctx = u.ctx;
  const { left, top, width, height } = u.bbox;
  const px = devicePixelRatio;
  ctx.save();
  ctx.beginPath();
  ctx.rect(left, top, width, height);
  ctx.clip();
  for (const m of latest.marks) {
    const x0 = u.valToPos(m.from, 'x', true);
    const x1 = u.valToPos(m.to, 'x', true);
    ctx.fillStyle = MARK_FILL[m.kind];
    ctx.fillRect(x0, top, Math.max(x1 - x0, 2 * px), height);
    ctx.strokeStyle = MARK_LINE[m.kind];
    ctx.lineWidth = px;
    m.phases.forEach((p, i) => {
      const x = Math.round(u.valToPos(p.t, 'x', true)) + 0.5;
      ctx.setLineDash(i === 0 || i === m.phases.length - 1 ? [] : [3 * px, 3 * px]);
      ctx.beginPath();
      ctx.moveTo(x, top);
      ctx.lineTo(x, top + height);
      ctx.stroke();
    });
  }
  ctx.setLineDash([6 * px, 4 * px]);
  ctx.strokeStyle = THRESHOLD;
  ctx.fillStyle = THRESHOLD;
  ctx.font = `${11 * px}px system-ui, sans-serif`;
  ctx.textAlign = 'right';
  for (const t of latest.thresholds) {
    const y = Math.round(u.valToPos(t.value, 'y', true)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(left, y);
    ctx.lineTo(left + width, y);
    ctx.stroke();
    ctx.fillText(t.label, left + width - 4 * px, y - 4 * px);
  }
  ctx.restore();
}

/** The y range: from 0 for figures that cannot go negative, and every threshold in view. */
function yRange(latest: Latest, min: number | null, max: number | null): [number, number] {
  let lo = min ?? 0;
  let hi = max ?? 1;
  for (const t of latest.thresholds) {
    lo = Math.min(lo, t.value);
    hi = Math.max(hi, t.value);
  }
  if (lo >= 0) lo = 0;
  if (hi <= lo) hi = lo + 1;
  return [lo, hi + (hi - lo) * 0.08];
}

export function UPlotTimeChart({
  xs,
  series,
  window,
  format,
  maxGapMs,
  height = 200,
  thresholds = [],
  marks = [],
  onZoom,
  syncKey,
  testId,
  label,
}: UPlotTimeChartProps) {
  const [ref, width] = useElementWidth<HTMLDivElement>();
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const latest = useRef<Latest>({ format, thresholds, marks, onZoom });
  // uPlot's hooks read the newest props from here; they run after React has rendered.
  useLayoutEffect(() => {
    latest.current = { format, thresholds, marks, onZoom };
  });
  const [over, setOver] = useState<{ el: HTMLElement; width: number } | null>(null);
  const seriesKey = series.map((s) => `${s.key}:${s.color}:${s.label}`).join('|');

  // One uPlot per set of series; data, size and range are updated in place.
  useEffect(() => {
    const el = host.current;
    if (!el || width <= 0) return;
    const muted = cssVar(el, '--text-faint', '#888');
    const grid = cssVar(el, '--border', '#ddd');
    const axis = { stroke: muted, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } };
    const opts: uPlot.Options = {
      width,
      height,
      ms: 1,
      cursor: {
        drag: { x: true, y: false, setScale: false },
        ...(syncKey ? { sync: { key: syncKey } } : {}),
      },
      legend: { show: false },
      scales: {
        x: { time: true },
        y: { range: (_u, min, max) => yRange(latest.current, min, max) },
      },
      axes: [
        axis,
        {
          ...axis,
          size: 72,
          values: (_u, splits) => splits.map((v) => latest.current.format(v)),
        },
      ],
      series: [
        {},
        ...series.map((s) => ({
          label: s.label,
          stroke: s.color,
          width: 1.5,
          points: { show: false },
          spanGaps: false,
        })),
      ],
      hooks: {
        draw: [(u) => drawOverlays(u, latest.current)],
        setSelect: [
          (u) => {
            const sel = u.select;
            if (sel.width > 4 && latest.current.onZoom) {
              const a = u.posToVal(sel.left, 'x');
              const b = u.posToVal(sel.left + sel.width, 'x');
              latest.current.onZoom(a, b);
            }
            u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
          },
        ],
        setSize: [(u) => setOver({ el: u.over, width: plotWidth(u) })],
      },
    };
    const u = new uPlot(opts, [[], ...series.map(() => [])], el);
    plot.current = u;
    setOver({ el: u.over, width: plotWidth(u) });
    return () => {
      u.destroy();
      plot.current = null;
      setOver(null);
    };
    // Created once per set of series and height; width changes resize it below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [seriesKey, height, syncKey, width > 0]);

  useEffect(() => {
    const u = plot.current;
    if (u && width > 0 && u.width !== width) u.setSize({ width, height });
  }, [width, height]);

  const [from, to] = window;
  useEffect(() => {
    const u = plot.current;
    if (!u || !over) return;
    // Each chart reduces and draws in a task of its own: a dashboard of charts updated at once
    // is several short tasks, not one long one.
    const task = setTimeout(() => {
      const data = minMaxPerPixel(
        xs,
        series.map((s) => s.values),
        from,
        to,
        over.width,
        maxGapMs,
      );
      u.batch(() => {
        u.setData([data.xs, ...data.ys] as uPlot.AlignedData, false);
        u.setScale('x', { min: from, max: to });
      });
      host.current?.setAttribute('data-points', String(data.xs.length));
      host.current?.setAttribute('data-width', String(over.width));
    }, 0);
    return () => clearTimeout(task);
  }, [xs, series, from, to, over, maxGapMs]);

  // Thresholds and marks are drawn from `latest`: redraw when they change.
  useEffect(() => {
    plot.current?.redraw(false, false);
  }, [thresholds, marks, format]);

  const span = to - from;
  const flags =
    over && span > 0
      ? marks.map((m) => {
          const x0 = Math.max(0, ((m.from - from) / span) * over.width);
          const x1 = Math.min(over.width, ((m.to - from) / span) * over.width);
          return { m, left: x0, width: Math.max(x1 - x0, 10) };
        })
      : [];

  return (
    <div ref={ref} className="uplot-chart" role="figure" aria-label={label}>
      <div ref={host} data-testid={testId} data-marks={marks.length} />
      {over &&
        createPortal(
          flags.map(({ m, left, width: w }) => (
            <a
              key={`${m.kind}-${m.id}`}
              className={`timeline-flag timeline-flag-${m.kind}`}
              href={m.href}
              title={m.title}
              aria-label={m.title}
              data-testid={`mark-${m.id}`}
              style={{ left, width: w }}
              onMouseDown={(e) => e.stopPropagation()}
            >
              {m.label}
            </a>
          )),
          over.el,
        )}
    </div>
  );
}
