// Runs in the renderer. A saved connection's dashboard: what the database and its server's host
// do, live (the last 15 minutes, a sample a second) or over a past range; every chart on one time
// axis with runs marked, drag to zoom (history at a finer interval), alert lines. Opening it
// starts the core's lease on the connection; closing it lets the lease run out.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { type ChartSeries, UPlotTimeChart } from '../../charts/UPlotTimeChart';
import { useDbMonitor } from '../../app/stores-context';
import { timeOfDay } from '../../components/figure-format';
import type { DbMetric } from '../../../../shared/contract/db-metrics';
import type { HostMetric } from '../../../../shared/contract/host-metrics';
import type { Resolution } from '../../stores/db-monitor-store';
import { alignSeries, liveColumns } from './db-columns';
import { dateTime } from '../../components/figure-format';
import { cardMetrics, DB_CARDS, type DbCard, formatFigure } from './db-cards';
import { RANGES } from './ranges';
import type { TimelineMark } from './timeline-marks';
import { useTimelineMarks } from './useTimelineMarks';

const LIVE_MS = 15 * 60_000;
const INTERVAL_MS = { '1s': 1000, '1m': 60_000, '1h': 3_600_000 } as const;
/** Samples this many intervals apart are a gap (a failed sample is retried after 5 s). */
const GAP_FACTOR = 3.5;
const DAY_MS = 86_400_000;

type Mode = 'live' | (typeof RANGES)[number]['id'];

const DB_KEYS = cardMetrics('db') as DbMetric[];
const HOST_KEYS = cardMetrics('host') as HostMetric[];

const NO_SAMPLES: readonly never[] = [];

function DbCardView({
  card,
  live,
  window,
  marks,
  maxGapMs,
  onZoom,
  syncKey,
}: {
  card: DbCard;
  live: boolean;
  window: readonly [number, number];
  marks: readonly TimelineMark[];
  maxGapMs: number;
  onZoom: (from: number, to: number) => void;
  syncKey: string;
}) {
  // Only this card's figures: an answer for another card's figure does not redraw this one.
  const stored = useDbMonitor(
    useShallow((s) =>
      card.series.map((x) =>
        card.source === 'db'
          ? s.history.db[x.key as DbMetric]
          : s.history.host[x.key as HostMetric],
      ),
    ),
  );
  const samples = useDbMonitor((s) => (!live ? NO_SAMPLES : card.source === 'db' ? s.db : s.host));
  const columns = useMemo(() => {
    const aligned = alignSeries(stored);
    return live
      ? liveColumns(
          aligned,
          samples,
          card.series.map((x) => x.key),
        )
      : aligned;
  }, [stored, samples, live, card.series]);
  const series = useMemo<ChartSeries[]>(
    () => card.series.map((s, k) => ({ ...s, values: columns.ys[k] ?? [] })),
    [card, columns],
  );
  const format = useCallback((v: number) => formatFigure(v, card.unit), [card.unit]);
  const latest = (k: number) => {
    const ys = columns.ys[k] ?? [];
    for (let i = ys.length - 1; i >= 0; i -= 1) if (ys[i] !== null) return ys[i];
    return null;
  };
  const empty = series.every((s) => s.values.every((v) => v === null));
  return (
    <section
      className="monitor-card"
      aria-labelledby={`db-card-${card.id}`}
      data-testid={`db-card-${card.id}`}
    >
      <header className="monitor-card-header">
        <h2 id={`db-card-${card.id}`}>{card.title}</h2>
        <div className="monitor-values">
          {card.series.map((s, k) => (
            <span key={s.key} className="monitor-value" data-testid={`db-${card.id}-${s.key}`}>
              <span className="monitor-swatch" style={{ background: s.color }} />
              {s.label} <strong>{formatFigure(latest(k), card.unit)}</strong>
            </span>
          ))}
        </div>
      </header>
      {empty && <p className="monitor-note">{card.empty}</p>}
      <UPlotTimeChart
        xs={columns.xs}
        series={series}
        window={window}
        format={format}
        maxGapMs={maxGapMs}
        thresholds={card.thresholds}
        marks={marks}
        onZoom={onZoom}
        syncKey={syncKey}
        testId={`db-chart-${card.id}`}
        label={`${card.title} over time`}
      />
    </section>
  );
}

export function ConnectionDashboard({ connectionId }: { connectionId: string }) {
  const open = useDbMonitor((s) => s.open);
  const close = useDbMonitor((s) => s.close);
  const loadHistory = useDbMonitor((s) => s.loadHistory);
  const newest = useDbMonitor((s) => s.db.at(-1)?.timestamp);
  const hostProblem = useDbMonitor((s) => s.hostProblem);
  const leaseError = useDbMonitor((s) => s.leaseError);
  const history = useDbMonitor((s) => s.history);
  const [mode, setMode] = useState<Mode>('live');
  const [resolution, setResolution] = useState<Resolution>('auto');
  const [zoom, setZoom] = useState<readonly [number, number] | null>(null);
  // The range a preset shows is fixed when it is chosen; live follows the newest sample.
  const [rangeEnd, setRangeEnd] = useState(() => Date.now());

  useEffect(() => {
    open(connectionId);
    return () => close();
  }, [connectionId, open, close]);

  const live = mode === 'live' && zoom === null;
  const preset = RANGES.find((r) => r.id === mode);
  const liveEnd = newest ? Date.parse(newest) : rangeEnd;
  const view: readonly [number, number] =
    zoom ?? (preset ? [rangeEnd - preset.ms, rangeEnd] : [liveEnd - LIVE_MS, liveEnd]);
  const [from, to] = view;
  const historyFrom = live ? rangeEnd - LIVE_MS : from;
  const historyTo = live ? rangeEnd : to;
  const canSeconds = historyTo - historyFrom <= DAY_MS;
  const asked: Resolution = live || !canSeconds ? (live ? '1s' : 'auto') : resolution;

  // History: the live view's last 15 minutes once (then events), or the range shown.
  useEffect(() => {
    void loadHistory({
      from: historyFrom,
      to: historyTo,
      resolution: asked,
      db: DB_KEYS,
      host: HOST_KEYS,
    });
  }, [loadHistory, historyFrom, historyTo, asked]);

  const marks = useTimelineMarks(from, to, live);

  const onZoom = useCallback((a: number, b: number) => setZoom([a, b]), []);
  const choose = (m: Mode) => {
    setMode(m);
    setZoom(null);
    setRangeEnd(Date.now());
  };
  const interval = live ? '1s' : (history.interval ?? '1s');
  const maxGapMs = INTERVAL_MS[interval] * GAP_FACTOR;
  const syncKey = `db-${connectionId}`;
  const cards = DB_CARDS.filter((c) => c.source === 'db' || hostProblem === null);

  return (
    <div className="monitor-db">
      <div className="monitor-toolbar">
        <div className="monitor-ranges" role="group" aria-label="Time range">
          <button
            type="button"
            className={`btn btn-sm ${mode === 'live' ? 'btn-primary' : ''}`}
            aria-pressed={mode === 'live'}
            onClick={() => choose('live')}
          >
            Live
          </button>
          {RANGES.map((r) => (
            <button
              key={r.id}
              type="button"
              className={`btn btn-sm ${mode === r.id ? 'btn-primary' : ''}`}
              aria-pressed={mode === r.id}
              onClick={() => choose(r.id)}
            >
              {r.label}
            </button>
          ))}
        </div>
        {mode !== 'live' && canSeconds && (
          <label className="field monitor-field">
            <span className="field-label">Resolution</span>
            <select
              className="select"
              aria-label="Resolution"
              value={resolution}
              onChange={(e) => setResolution(e.target.value as Resolution)}
            >
              <option value="auto">Automatic (minute or hour averages)</option>
              <option value="1s">Every second</option>
            </select>
          </label>
        )}
        {zoom && (
          <button type="button" className="btn btn-sm" onClick={() => setZoom(null)}>
            Reset zoom
          </button>
        )}
      </div>
      <p className="monitor-status" role="status" data-testid="db-status">
        {live ? (
          newest ? (
            <>
              Last sample{' '}
              <time data-testid="db-live-timestamp" dateTime={newest}>
                {timeOfDay(newest)}
              </time>{' '}
              · every second · drag across a chart to zoom
            </>
          ) : (
            'Waiting for the first sample…'
          )
        ) : (
          <span data-testid="db-history-summary">
            {history.status === 'loading' ? 'Loading… ' : ''}
            {dateTime(from)} to {dateTime(to)}
            {history.interval ? ` · ${history.interval} points` : ''}
            {zoom ? ' · zoomed' : ' · drag across a chart to zoom'}
          </span>
        )}
      </p>
      {leaseError && (
        <div className="notice notice-error" role="alert">
          Sampling this connection failed: {leaseError}
        </div>
      )}
      {history.status === 'error' && (
        <div className="notice notice-error" role="alert">
          {history.error}
        </div>
      )}
      <div className="monitor-grid">
        {cards.map((card) => (
          <DbCardView
            key={card.id}
            card={card}
            live={live}
            window={view}
            marks={marks}
            maxGapMs={maxGapMs}
            onZoom={onZoom}
            syncKey={syncKey}
          />
        ))}
        {hostProblem && (
          <section className="monitor-card" data-testid="db-host-problem">
            <header className="monitor-card-header">
              <h2>Server host</h2>
            </header>
            <p className="monitor-unavailable">{hostProblem}</p>
          </section>
        )}
      </div>
    </div>
  );
}
