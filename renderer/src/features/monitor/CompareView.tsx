// Runs in the renderer. Two periods overlaid on one chart (relative: this hour/day/week against
// yesterday or last week; or two custom ranges of equal length) with the summary.
import { useState } from 'react';
import type { DataPoint, MetricType } from '../../../../shared/contract/metrics';
import { useMetrics } from '../../app/stores-context';
import { change, dateTime } from '../../components/figure-format';
import { TypeSelect } from './HistoryView';
import { fromLocalInput, toLocalInput } from './ranges';
import { categoryOf, formatValue, type Row } from './series';
import { TimeChart } from './TimeChart';

type Period = 'hour' | 'day' | 'week';
type CompareTo = 'yesterday' | 'last_week';

/** Both periods on one axis: minutes from each period's own start. */
function overlay(
  current: DataPoint[],
  comparison: DataPoint[],
  figure: string,
  start1: number,
  start2: number,
): Row[] {
  const rows = new Map<number, Row>();
  for (const p of current) {
    const t = Date.parse(p.timestamp) - start1;
    rows.set(t, { ...(rows.get(t) ?? { t }), current: p.data[figure] ?? null });
  }
  for (const p of comparison) {
    const t = Date.parse(p.timestamp) - start2;
    rows.set(t, { ...(rows.get(t) ?? { t }), comparison: p.data[figure] ?? null });
  }
  return [...rows.values()].sort((a, b) => a.t - b.t);
}

export function CompareView() {
  const compare = useMetrics((s) => s.compare);
  const loadCompare = useMetrics((s) => s.loadCompare);
  const [type, setType] = useState<MetricType>('cpu');
  const [mode, setMode] = useState<'relative' | 'custom'>('relative');
  const [period, setPeriod] = useState<Period>('hour');
  const [compareTo, setCompareTo] = useState<CompareTo>('yesterday');
  const [times, setTimes] = useState(() => {
    const now = Date.now();
    return {
      start1: toLocalInput(now - 3_600_000),
      end1: toLocalInput(now),
      start2: toLocalInput(now - 86_400_000 - 3_600_000),
      end2: toLocalInput(now - 86_400_000),
    };
  });

  const submit = () => {
    if (mode === 'relative') {
      void loadCompare({ metric_type: type, period, compare_to: compareTo });
      return;
    }
    void loadCompare({
      metric_type: type,
      start_time_1: fromLocalInput(times.start1) ?? '',
      end_time_1: fromLocalInput(times.end1) ?? '',
      start_time_2: fromLocalInput(times.start2) ?? '',
      end_time_2: fromLocalInput(times.end2) ?? '',
    });
  };

  const result = compare.result;
  const category = categoryOf(result?.metric_type ?? type);
  const figure = result?.summary.figure ?? category.series[0]?.key ?? '';
  const label = category.series.find((s) => s.key === figure)?.label ?? figure;
  const rows = result
    ? overlay(
        result.current.data_points,
        result.comparison.data_points,
        figure,
        Date.parse(result.current.start_time),
        Date.parse(result.comparison.start_time),
      )
    : [];

  const time = (key: keyof typeof times, text: string) => (
    <label className="field monitor-field">
      <span className="field-label">{text}</span>
      <input
        className="input"
        type="datetime-local"
        aria-label={text}
        value={times[key]}
        onChange={(e) => setTimes({ ...times, [key]: e.target.value })}
      />
    </label>
  );

  return (
    <div className="monitor-compare">
      <form
        className="monitor-toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <TypeSelect id="compare-type" value={type} onChange={setType} />
        <label className="field monitor-field">
          <span className="field-label">Compare</span>
          <select
            className="select"
            aria-label="Compare"
            value={mode}
            onChange={(e) => setMode(e.target.value as 'relative' | 'custom')}
          >
            <option value="relative">Recent period</option>
            <option value="custom">Custom ranges</option>
          </select>
        </label>
        {mode === 'relative' ? (
          <>
            <label className="field monitor-field">
              <span className="field-label">Period</span>
              <select
                className="select"
                aria-label="Period"
                value={period}
                onChange={(e) => setPeriod(e.target.value as Period)}
              >
                <option value="hour">Last hour</option>
                <option value="day">Last day</option>
                <option value="week">Last week</option>
              </select>
            </label>
            <label className="field monitor-field">
              <span className="field-label">Against</span>
              <select
                className="select"
                aria-label="Against"
                value={compareTo}
                onChange={(e) => setCompareTo(e.target.value as CompareTo)}
              >
                <option value="yesterday">Yesterday</option>
                <option value="last_week">Last week</option>
              </select>
            </label>
          </>
        ) : (
          <>
            {time('start1', 'Period 1 from')}
            {time('end1', 'to')}
            {time('start2', 'Period 2 from')}
            {time('end2', 'to')}
          </>
        )}
        <button type="submit" className="btn btn-primary">
          Compare
        </button>
      </form>
      {compare.status === 'error' && (
        <div className="notice notice-error" role="alert">
          {compare.error}
        </div>
      )}
      {result && (
        <section className="monitor-card" aria-label="Comparison">
          <dl className="monitor-summary" data-testid="compare-summary">
            <dt>{label}, current</dt>
            <dd>{formatValue(result.summary.current_avg, category.unit)}</dd>
            <dt>{label}, comparison</dt>
            <dd>{formatValue(result.summary.comparison_avg, category.unit)}</dd>
            <dt>Change</dt>
            <dd>
              {result.summary.change_percent === null
                ? '—'
                : change(result.summary.change_percent).text}
            </dd>
          </dl>
          <TimeChart
            rows={rows}
            series={[
              {
                key: 'current',
                label: `Current (${dateTime(result.current.start_time)})`,
                color: '#4f6bed',
              },
              {
                key: 'comparison',
                label: `Comparison (${dateTime(result.comparison.start_time)})`,
                color: '#e0803a',
              },
            ]}
            unit={category.unit}
            height={280}
            xAxis="offset"
            testId="compare-chart"
          />
        </section>
      )}
    </div>
  );
}
