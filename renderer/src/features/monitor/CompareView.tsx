// Runs in the renderer. Two periods overlaid on one canvas chart (relative: this hour/day/week
// against yesterday or last week; or two custom ranges of equal length) with the summary.
import { useMemo, useState } from 'react';
import type { ChartSeries } from '../../charts/UPlotTimeChart';
import type { CompareResult, DataPoint, MetricType } from '../../../../shared/contract/metrics';
import { useMetrics } from '../../app/stores-context';
import { change, dateTime } from '../../components/figure-format';
import { TypeSelect } from './HistoryView';
import { fromLocalInput, toLocalInput } from './ranges';
import { categoryOf, formatValue, type Unit } from './series';
import { TimeChart } from './TimeChart';

type Period = 'hour' | 'day' | 'week';
type CompareTo = 'yesterday' | 'last_week';

const CURRENT = '#4f6bed';
const COMPARISON = '#e0803a';

/**
 * Both periods on one axis: milliseconds from each period's own start, ascending; each series has
 * a value at every x, undefined where only the other period has a sample (its line spans it).
 */
function overlay(
  current: readonly DataPoint[],
  comparison: readonly DataPoint[],
  figure: string,
  start1: number,
  start2: number,
): {
  xs: number[];
  current: (number | null | undefined)[];
  comparison: (number | null | undefined)[];
} {
  const at = new Map<number, { current?: number | null; comparison?: number | null }>();
  for (const p of current) {
    const t = Date.parse(p.timestamp) - start1;
    at.set(t, { ...at.get(t), current: p.data[figure] ?? null });
  }
  for (const p of comparison) {
    const t = Date.parse(p.timestamp) - start2;
    at.set(t, { ...at.get(t), comparison: p.data[figure] ?? null });
  }
  const xs = [...at.keys()].sort((a, b) => a - b);
  return {
    xs,
    current: xs.map((t) => at.get(t)?.current),
    comparison: xs.map((t) => at.get(t)?.comparison),
  };
}

/** The figure compared, both periods from their own starts, with the periods named in the legend. */
function CompareChart({
  result,
  figure,
  unit,
  label,
}: {
  result: CompareResult;
  figure: string;
  unit: Unit;
  label: string;
}) {
  const { current, comparison } = result;
  const chart = useMemo(() => {
    const o = overlay(
      current.data_points,
      comparison.data_points,
      figure,
      Date.parse(current.start_time),
      Date.parse(comparison.start_time),
    );
    const series: ChartSeries[] = [
      {
        key: 'current',
        label: `Current (${dateTime(current.start_time)})`,
        color: CURRENT,
        values: o.current,
      },
      {
        key: 'comparison',
        label: `Comparison (${dateTime(comparison.start_time)})`,
        color: COMPARISON,
        values: o.comparison,
      },
    ];
    return { xs: o.xs, series };
  }, [current, comparison, figure]);
  return (
    <TimeChart
      xs={chart.xs}
      series={chart.series}
      unit={unit}
      label={label}
      height={280}
      xAxis="offset"
      testId="compare-chart"
    />
  );
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
          <CompareChart
            result={result}
            figure={figure}
            unit={category.unit}
            label={`${label}: current and comparison`}
          />
        </section>
      )}
    </div>
  );
}
