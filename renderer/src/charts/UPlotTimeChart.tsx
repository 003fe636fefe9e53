// Runs in the renderer. A canvas time-series chart (uPlot) for long histories: several figures on
// one time axis (clock time, or seconds into a run), rows reduced to the plot's pixel columns
// (min/max) before uPlot sees them, drag to zoom, alert thresholds as dashed lines, phases (warm-up,
// a partial interval) as labelled shaded spans, and runs as shaded spans whose flag opens the run.
// A crosshair reads the values under it, moved by the pointer or, once the chart has focus, by the
// arrow keys (Home/End, Shift for bigger steps); the readout is announced to screen readers.
import { type KeyboardEvent, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './charts.css';
import type { TimelineMark } from '../features/monitor/timeline-marks';
import { useElementWidth } from '../features/monitor/useElementWidth';
import { CursorReadout, nextIndex, type Read, readout } from './cursor-readout';
import { minMaxPerPixel } from './minmax-downsample';

export interface ChartSeries {
  key: string;
  label: string;
  color: string;
  /**
   * null: a break in the line; undefined: no sample there (the line spans it). A typed array:
   * points reduced in place as they arrive (see `reduced`).
   */
  values: readonly (number | null | undefined)[] | Float64Array;
}

export interface Threshold {
  value: number;
  /** What crossing it means, e.g. "alert below 90 %". */
  label: string;
}

/** A stretch of the x axis shaded and named (warm-up, a partial interval); `from === to`: a line. */
export interface Span {
  from: number;
  to: number;
  label: string;
  color?: string;
  /** Where the label sits: at the span's left (default) or right edge. */
  align?: 'left' | 'right';
}

export interface UPlotTimeChartProps {
  /** Ascending: epoch milliseconds, or any number with `formatX`; each series has a value per x. */
  xs: ArrayLike<number>;
  /**
   * The points are already reduced to the plot's columns (a live chart reducing as they arrive):
   * drawn as given, typed arrays included, without a copy or another reduction.
   */
  reduced?: boolean;
  series: readonly ChartSeries[];
  /** The time range shown. */
  window: readonly [number, number];
  format: (v: number) => string;
  /** A numeric x axis (seconds into a run) read through this; without it the x axis is a clock. */
  formatX?: (x: number) => string;
  /** The crosshair's x in words where the axis label is too terse ("p99.9" for "99.9"). */
  readoutX?: (x: number) => string;
  /** Fixed x ticks (a percentile spectrum's whole nines); default: uPlot spaces them. */
  xTicks?: readonly number[];
  /** A pause between samples longer than this (in x units) is drawn as a break. */
  maxGapMs?: number;
  height?: number;
  /** A fixed value range (0–100 %); default: from 0 (or the lowest value) to the highest. */
  yRange?: readonly [number, number];
  thresholds?: readonly Threshold[];
  spans?: readonly Span[];
  /** The series' names and colours under the plot. */
  legend?: boolean;
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
const SPAN = '#8a8f98';

interface Latest {
  format: (v: number) => string;
  formatX: ((x: number) => string) | undefined;
  xTicks: readonly number[] | undefined;
  yRange: readonly [number, number] | undefined;
  thresholds: readonly Threshold[];
  spans: readonly Span[];
  marks: readonly TimelineMark[];
  onZoom: ((from: number, to: number) => void) | undefined;
  /** The theme's faint text colour, for span labels. */
  muted: string;
}

const NONE: readonly never[] = [];

/** uPlot's own axis font, named so that the value axis can be measured in it. */
const AXIS_FONT =
  '12px system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif';
const Y_AXIS_MIN = 72;
let measurer: CanvasRenderingContext2D | null = null;

/** The value axis' width: room for its widest label (uPlot clips one wider than the axis). */
function yAxisSize(u: uPlot, values: string[] | null, axisIdx: number): number {
  measurer ??= document.createElement('canvas').getContext('2d');
  if (!measurer || !values) return Y_AXIS_MIN;
  measurer.font = AXIS_FONT;
  const widest = Math.max(0, ...values.map((v) => measurer?.measureText(v).width ?? 0));
  const axis = u.axes[axisIdx];
  // A few pixels more than the text: glyphs may overhang the width measured.
  const room = (axis?.ticks?.size ?? 10) + (axis?.gap ?? 5) + 4;
  return Math.max(Y_AXIS_MIN, Math.ceil(widest + room));
}

/** A drawn series' highest value (null when it drew none). */
function highest(ys: ArrayLike<number | null | undefined>): number | null {
  let max: number | null = null;
  for (let i = 0; i < ys.length; i += 1) {
    const y = ys[i];
    if (typeof y === 'number' && (max === null || y > max)) max = y;
  }
  return max;
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
  ctx.font = `${11 * px}px system-ui, sans-serif`;
  for (const sp of latest.spans) {
    const x0 = u.valToPos(sp.from, 'x', true);
    const x1 = u.valToPos(sp.to, 'x', true);
    const color = sp.color ?? SPAN;
    if (x1 - x0 >= px) {
      ctx.globalAlpha = 0.15;
      ctx.fillStyle = color;
      ctx.fillRect(x0, top, x1 - x0, height);
      ctx.globalAlpha = 1;
    } else {
      ctx.setLineDash([4 * px, 3 * px]);
      ctx.strokeStyle = color;
      ctx.lineWidth = px;
      ctx.beginPath();
      ctx.moveTo(Math.round(x0) + 0.5, top);
      ctx.lineTo(Math.round(x0) + 0.5, top + height);
      ctx.stroke();
      ctx.setLineDash([]);
    }
    ctx.fillStyle = latest.muted;
    const right = sp.align === 'right';
    ctx.textAlign = right ? 'right' : 'left';
    ctx.fillText(sp.label, right ? x1 - 4 * px : x0 + 4 * px, top + 12 * px);
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
  if (latest.yRange) return [latest.yRange[0], latest.yRange[1]];
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
  reduced = false,
  series,
  window,
  format,
  formatX,
  readoutX,
  xTicks,
  maxGapMs = Infinity,
  height = 200,
  yRange: fixedY,
  thresholds = NONE,
  spans = NONE,
  legend = false,
  marks = NONE,
  onZoom,
  syncKey,
  testId,
  label,
}: UPlotTimeChartProps) {
  const [ref, width] = useElementWidth<HTMLDivElement>();
  // The width when the deferred creation runs, which may have changed since the effect.
  const widthNow = useRef(width);
  useLayoutEffect(() => {
    widthNow.current = width;
  }, [width]);
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const latest = useRef<Latest>({
    format,
    formatX,
    xTicks,
    yRange: fixedY,
    thresholds,
    spans,
    marks,
    onZoom,
    muted: '#888',
  });
  // uPlot's hooks read the newest props from here; they run after React has rendered.
  useLayoutEffect(() => {
    latest.current = {
      format,
      formatX,
      xTicks,
      yRange: fixedY,
      thresholds,
      spans,
      marks,
      onZoom,
      muted: latest.current.muted,
    };
  });
  const [over, setOver] = useState<{ el: HTMLElement; width: number } | null>(null);
  /** What the crosshair reads (at a data index of the reduced points uPlot holds), or null. */
  const [cursor, setCursor] = useState<{ idx: number; read: Read; left: number } | null>(null);
  // Read from uPlot's cursor hook, which runs after render with the newest series and formats.
  const reading = useRef({ series, format, formatX: readoutX ?? formatX });
  useLayoutEffect(() => {
    reading.current = { series, format, formatX: readoutX ?? formatX };
  });
  const show = (u: uPlot, idx: number | null) => {
    const r = reading.current;
    const read = idx === null ? null : readout(u.data, idx, r.series, r.format, r.formatX);
    setCursor(read && idx !== null ? { idx, read, left: u.valToPos(read.x, 'x') } : null);
  };
  const seriesKey = series.map((s) => `${s.key}:${s.color}:${s.label}`).join('|');

  // One uPlot per set of series; data, size and range are updated in place.
  useEffect(() => {
    const el = host.current;
    if (!el || width <= 0) return;
    const muted = cssVar(el, '--text-faint', '#888');
    latest.current.muted = muted;
    const timeAxis = !latest.current.formatX;
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
        x: { time: timeAxis },
        y: { range: (_u, min, max) => yRange(latest.current, min, max) },
      },
      axes: [
        timeAxis
          ? axis
          : {
              ...axis,
              values: (_u, splits) => splits.map((v) => latest.current.formatX?.(v) ?? String(v)),
              ...(latest.current.xTicks
                ? { splits: () => [...(latest.current.xTicks ?? [])] }
                : {}),
            },
        {
          ...axis,
          font: AXIS_FONT,
          size: yAxisSize,
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
        setCursor: [(u) => show(u, u.cursor.idx ?? null)],
      },
    };
    // Each chart is built in a task of its own: uPlot measures its box on creation, and a page of
    // charts built in one task lays the page out once per chart within that task.
    let u: uPlot | null = null;
    const task = setTimeout(() => {
      u = new uPlot({ ...opts, width: widthNow.current }, [[], ...series.map(() => [])], el);
      plot.current = u;
      setOver({ el: u.over, width: plotWidth(u) });
    }, 0);
    return () => {
      clearTimeout(task);
      u?.destroy();
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
      const data = reduced
        ? { xs, ys: series.map((s) => s.values) }
        : minMaxPerPixel(
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
      const el = host.current;
      if (!el) return;
      // What was drawn, for tests and the benchmark: the point count and each series' highest value.
      el.setAttribute('data-points', String(data.xs.length));
      el.setAttribute('data-width', String(over.width));
      el.setAttribute('data-max', JSON.stringify(data.ys.map(highest)));
    }, 0);
    return () => clearTimeout(task);
  }, [xs, reduced, series, from, to, over, maxGapMs]);

  // Thresholds and marks are drawn from `latest`: redraw when they change.
  useEffect(() => {
    plot.current?.redraw(false, false);
  }, [thresholds, marks, spans, format, formatX, fixedY]);

  /** Arrow keys move the crosshair over the points drawn; Escape hides it. */
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const u = plot.current;
    if (!u) return;
    if (e.key === 'Escape') {
      hide();
      return;
    }
    const xs = (u.data[0] ?? []) as ArrayLike<number>;
    const from = cursor?.idx ?? null;
    const at = nextIndex(xs, from, e.key, e.shiftKey, (x) => u.valToPos(x, 'x'), plotWidth(u));
    if (at === null) return;
    e.preventDefault();
    u.setCursor({ left: u.valToPos(xs[at]!, 'x'), top: u.bbox.height / devicePixelRatio / 2 });
    show(u, at);
  };
  const hide = () => {
    plot.current?.setCursor({ left: -10, top: -10 });
    setCursor(null);
  };

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
    <div
      ref={ref}
      className="uplot-chart"
      role="figure"
      aria-label={label}
      tabIndex={0}
      aria-keyshortcuts="ArrowLeft ArrowRight Home End"
      onKeyDown={onKeyDown}
      onBlur={hide}
    >
      <div
        ref={host}
        data-testid={testId}
        data-marks={marks.length}
        data-series={series.map((s) => s.label).join('|')}
        data-spans={spans.map((s) => s.label).join('|')}
      />
      {legend && (
        <ul className="uplot-legend" aria-label={`${label}: series`}>
          {series.map((s) => (
            <li key={s.key}>
              <span className="uplot-legend-swatch" style={{ background: s.color }} />
              {s.label}
            </li>
          ))}
        </ul>
      )}
      <CursorReadout
        read={cursor?.read ?? null}
        left={cursor?.left ?? 0}
        width={over?.width ?? 0}
        testId={testId ? `${testId}-readout` : undefined}
        overlay={over?.el ?? null}
      />
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
