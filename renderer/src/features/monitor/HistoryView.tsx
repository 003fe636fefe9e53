// Runs in the renderer. History: a metric type and a time range (presets, custom, or dragged
// across the chart), answered by the server at the finest interval that fits about 1000 points.
import { useEffect, useState } from 'react';
import { INTERVAL_MS, METRIC_TYPES, type MetricType } from '../../../../shared/contract/metrics';
import { useMetrics } from '../../app/stores-context';
import { countOf, dateTime } from '../../components/figure-format';
import { fromLocalInput, RANGES, type RangeId, toLocalInput } from './ranges';
import { HostHistoryChart } from './HostHistoryChart';
import { categoryOf } from './series';
import { useTimelineMarks } from './useTimelineMarks';

export function TypeSelect({
  value,
  onChange,
  id,
}: {
  value: MetricType;
  onChange: (t: MetricType) => void;
  id: string;
}) {
  return (
    <label className="field monitor-field" htmlFor={id}>
      <span className="field-label">Metric</span>
      <select
        id={id}
        className="select"
        aria-label="Metric"
        value={value}
        onChange={(e) => onChange(e.target.value as MetricType)}
      >
        {METRIC_TYPES.map((t) => (
          <option key={t} value={t}>
            {categoryOf(t).title}
          </option>
        ))}
      </select>
    </label>
  );
}

export function HistoryView() {
  const history = useMetrics((s) => s.history);
  const loadHistory = useMetrics((s) => s.loadHistory);
  const [type, setType] = useState<MetricType>('cpu');
  const [range, setRange] = useState<RangeId>('15m');
  const [customStart, setCustomStart] = useState(() => toLocalInput(Date.now() - 3_600_000));
  const [customEnd, setCustomEnd] = useState(() => toLocalInput(Date.now()));

  useEffect(() => {
    if (range === 'custom') return;
    const preset = RANGES.find((r) => r.id === range);
    if (!preset) return;
    const end = Date.now();
    void loadHistory({
      metric_type: type,
      start_time: new Date(end - preset.ms).toISOString(),
      end_time: new Date(end).toISOString(),
      interval: 'auto',
    });
  }, [type, range, loadHistory]);

  const applyCustom = () => {
    const start = fromLocalInput(customStart);
    const end = fromLocalInput(customEnd);
    if (start && end)
      void loadHistory({ metric_type: type, start_time: start, end_time: end, interval: 'auto' });
  };

  /** A drag across the chart: that range, as a custom range the fields show. */
  const zoom = (from: number, to: number) => {
    setRange('custom');
    setCustomStart(toLocalInput(from));
    setCustomEnd(toLocalInput(to));
    void loadHistory({
      metric_type: type,
      start_time: new Date(from).toISOString(),
      end_time: new Date(to).toISOString(),
      interval: 'auto',
    });
  };

  const category = categoryOf(type);
  const result = history.result;
  const marks = useTimelineMarks(
    result ? Date.parse(result.start_time) : 0,
    result ? Date.parse(result.end_time) : 0,
    false,
  );

  return (
    <div className="monitor-history">
      <div className="monitor-toolbar">
        <TypeSelect id="history-type" value={type} onChange={setType} />
        <div className="monitor-ranges" role="group" aria-label="Time range">
          {RANGES.map((r) => (
            <button
              key={r.id}
              type="button"
              className={`btn btn-sm ${range === r.id ? 'btn-primary' : ''}`}
              aria-pressed={range === r.id}
              onClick={() => setRange(r.id)}
            >
              {r.label}
            </button>
          ))}
          <button
            type="button"
            className={`btn btn-sm ${range === 'custom' ? 'btn-primary' : ''}`}
            aria-pressed={range === 'custom'}
            onClick={() => setRange('custom')}
          >
            Custom
          </button>
        </div>
      </div>
      {range === 'custom' && (
        <form
          className="monitor-toolbar"
          onSubmit={(e) => {
            e.preventDefault();
            applyCustom();
          }}
        >
          <label className="field monitor-field">
            <span className="field-label">From</span>
            <input
              className="input"
              type="datetime-local"
              aria-label="From"
              value={customStart}
              onChange={(e) => setCustomStart(e.target.value)}
            />
          </label>
          <label className="field monitor-field">
            <span className="field-label">To</span>
            <input
              className="input"
              type="datetime-local"
              aria-label="To"
              value={customEnd}
              onChange={(e) => setCustomEnd(e.target.value)}
            />
          </label>
          <button type="submit" className="btn btn-primary">
            Show
          </button>
        </form>
      )}
      {history.status === 'error' && (
        <div className="notice notice-error" role="alert">
          {history.error}
        </div>
      )}
      <section className="monitor-card" aria-label={`${category.title} history`}>
        <p className="monitor-status" data-testid="history-summary">
          {history.status === 'loading' && !result
            ? 'Loading…'
            : result
              ? `${countOf(result.data_points.length, 'point')} at ${result.interval} from ${dateTime(result.start_time)} to ${dateTime(result.end_time)}`
              : ''}
        </p>
        {category.note && (
          <p className="monitor-note" data-testid="history-note">
            {category.note}
          </p>
        )}
        {!result ? null : result.data_points.length === 0 ? (
          <p className="monitor-unavailable">No samples were recorded in this range.</p>
        ) : (
          result.metric_type === type && (
            <HostHistoryChart
              result={result}
              category={category}
              height={280}
              testId="history-chart"
              nominalMs={INTERVAL_MS[result.interval]}
              marks={marks}
              onZoom={zoom}
            />
          )
        )}
      </section>
    </div>
  );
}
