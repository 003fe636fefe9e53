// Runs in the renderer. The live part of the Monitor: one card per category with the latest
// value and a canvas chart of the samples in the store's ring buffer.
import { useMemo } from 'react';
import type { ChartSeries } from '../../charts/UPlotTimeChart';
import type { MetricsMessage } from '../../../../shared/contract/metrics';
import { useMetrics } from '../../app/stores-context';
import { timeOfDay } from '../../components/figure-format';
import { CATEGORIES, type CategoryDef, formatValue, liveRow } from './series';
import { TimeChart } from './TimeChart';
import type { TimelineMark } from './timeline-marks';
import { useTimelineMarks } from './useTimelineMarks';

function LiveCard({
  category,
  live,
  intervalS,
  marks,
}: {
  category: CategoryDef;
  live: readonly MetricsMessage[];
  intervalS: number | null;
  marks: readonly TimelineMark[];
}) {
  const { xs, series, latest } = useMemo(() => {
    const rows = live.map((m) => liveRow(m, category.type));
    const lines: ChartSeries[] = category.series.map((s) => ({
      ...s,
      values: rows.map((r) => r[s.key] ?? null),
    }));
    return { xs: rows.map((r) => r.t), series: lines, latest: rows.at(-1) };
  }, [live, category]);
  const perf = live.at(-1)?.data.perf;
  const unavailable =
    (category.type === 'perf_events' || category.type === 'memory_bandwidth') &&
    perf &&
    !perf.available;
  return (
    <section className="monitor-card" aria-labelledby={`live-${category.type}`}>
      <header className="monitor-card-header">
        <h2 id={`live-${category.type}`}>{category.title}</h2>
        <div className="monitor-values">
          {category.series.map((s) => (
            <span
              key={s.key}
              className="monitor-value"
              data-testid={`live-${category.type}-${s.key}`}
            >
              <span className="monitor-swatch" style={{ background: s.color }} />
              {s.label} <strong>{formatValue(latest?.[s.key], category.unit)}</strong>
            </span>
          ))}
        </div>
      </header>
      {category.note && (
        <p className="monitor-note" data-testid={`live-${category.type}-note`}>
          {category.note}
        </p>
      )}
      {unavailable ? (
        <p className="monitor-unavailable">Not available on this machine: {perf.reason}.</p>
      ) : (
        <TimeChart
          xs={xs}
          series={series}
          unit={category.unit}
          label={`${category.title}, live`}
          testId={`live-chart-${category.type}`}
          legend={false}
          nominalMs={intervalS === null ? null : intervalS * 1000}
          marks={marks}
        />
      )}
    </section>
  );
}

export function LiveView() {
  const live = useMetrics((s) => s.live);
  const sampling = useMetrics((s) => s.sampling);
  const interval = useMetrics((s) => s.intervalSeconds);
  const latest = live.at(-1);
  const first = live[0];
  const spanMs = first && latest ? Date.parse(latest.timestamp) - Date.parse(first.timestamp) : 0;
  // Marks over the buffer's span, at least the last 15 minutes.
  const marks = useTimelineMarks(0, Math.max(spanMs, 15 * 60_000), true);
  return (
    <div className="monitor-live">
      <p className="monitor-status" role="status">
        {latest ? (
          <>
            Last sample{' '}
            <time data-testid="live-timestamp" dateTime={latest.timestamp}>
              {timeOfDay(latest.timestamp)}
            </time>
            {interval !== null && ` · every ${interval} s`}
          </>
        ) : sampling ? (
          'Waiting for the first sample…'
        ) : (
          'The host sampler is not running in this process.'
        )}
      </p>
      <div className="monitor-grid">
        {CATEGORIES.map((c) => (
          <LiveCard key={c.type} category={c} live={live} intervalS={interval} marks={marks} />
        ))}
      </div>
    </div>
  );
}
