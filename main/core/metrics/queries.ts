// Runs in the main process, server and CLI. Answers history, compare and run queries from the
// cheapest table that still holds the range (rollups wherever the interval allows).
import {
  HISTORY_INTERVALS,
  INTERVAL_MS,
  METRIC_FIGURES,
  METRIC_TYPES,
  SUMMARY_FIGURE,
  type CompareResult,
  type DataPoint,
  type HistoryInterval,
  type HistoryResult,
  type MetricsConfig,
  type MetricType,
  type RunMetrics,
} from '../../../shared/contract/metrics';
import type { ParsedInput } from '../../../shared/contract';
import type { Clock } from './clock';
import { decode, FIGURES, figuresOf } from './figures';
import type { HistoryStore, RollupTable } from './history-store';

const DAY = 86_400_000;
/** `auto` picks the finest interval that returns at most about this many points. */
export const AUTO_TARGET_POINTS = 1000;

type Source = 'raw' | RollupTable;
const SOURCE: Record<HistoryInterval, Source> = { '5s': 'raw', '1m': '1m', '5m': '1m', '1h': '1h' };

const iso = (ms: number) => new Date(ms).toISOString();

export class HistoryQueries {
  constructor(
    private readonly store: HistoryStore,
    private readonly clock: Clock,
    private readonly config: () => MetricsConfig,
  ) {}

  /** Raw samples exist only after the downsample cutoff, 1 m rollups too when downsampling to 1 h. */
  private covers(interval: HistoryInterval, from: number): boolean {
    const cfg = this.config();
    const cutoff = this.clock.now() - cfg.downsample_after_days * DAY;
    const source = SOURCE[interval];
    if (source === 'raw') return from >= cutoff;
    if (source === '1m') return cfg.downsample_interval === '1m' || from >= cutoff;
    return true;
  }

  resolveInterval(requested: HistoryInterval | 'auto', from: number, to: number): HistoryInterval {
    if (requested !== 'auto') return requested;
    const fits = HISTORY_INTERVALS.find(
      (i) => (to - from) / INTERVAL_MS[i] <= AUTO_TARGET_POINTS && this.covers(i, from),
    );
    return fits ?? '1h';
  }

  private points(
    type: MetricType,
    interval: HistoryInterval,
    from: number,
    to: number,
    limit: number,
  ): DataPoint[] {
    const source = SOURCE[interval];
    const b = INTERVAL_MS[interval];
    return source === 'raw'
      ? this.store.queryRaw(type, from, to, b, limit)
      : this.store.queryRollup(source, type, from, to, b, limit);
  }

  history(input: ParsedInput<'history.metrics'>): HistoryResult {
    const from = Date.parse(input.start_time);
    const to = Date.parse(input.end_time);
    const interval = this.resolveInterval(input.interval, from, to);
    return {
      metric_type: input.metric_type,
      start_time: iso(from),
      end_time: iso(to),
      interval,
      data_points: this.points(input.metric_type, interval, from, to, input.limit),
    };
  }

  compare(input: ParsedInput<'history.compare'>): CompareResult {
    const [current, comparison] = this.periods(input);
    // The older period decides which tables still hold both.
    const earliest = Math.min(current.from, comparison.from);
    const interval = this.resolveInterval(
      input.interval,
      earliest,
      earliest + current.to - current.from,
    );
    const type = input.metric_type;
    const figure = FIGURES.find((f) => f.type === type && f.name === SUMMARY_FIGURE[type]);
    if (!figure) throw new Error(`no summary figure for ${type}`);
    const side = (p: { from: number; to: number }) => ({
      start_time: iso(p.from),
      end_time: iso(p.to),
      data_points: this.points(type, interval, p.from, p.to, input.limit),
    });
    const source = SOURCE[interval];
    const currentAvg = this.store.average(source, figure, current.from, current.to);
    const comparisonAvg = this.store.average(source, figure, comparison.from, comparison.to);
    return {
      metric_type: type,
      period: input.period ?? null,
      compare_to: input.compare_to ?? null,
      interval,
      current: side(current),
      comparison: side(comparison),
      summary: {
        figure: figure.name,
        current_avg: currentAvg,
        comparison_avg: comparisonAvg,
        change_percent:
          currentAvg === null || comparisonAvg === null || comparisonAvg === 0
            ? null
            : ((currentAvg - comparisonAvg) / Math.abs(comparisonAvg)) * 100,
      },
    };
  }

  /** The contract has already checked the mode and the equal durations. */
  private periods(
    input: ParsedInput<'history.compare'>,
  ): [{ from: number; to: number }, { from: number; to: number }] {
    if (input.start_time_1 && input.end_time_1 && input.start_time_2 && input.end_time_2) {
      return [
        { from: Date.parse(input.start_time_1), to: Date.parse(input.end_time_1) },
        { from: Date.parse(input.start_time_2), to: Date.parse(input.end_time_2) },
      ];
    }
    const length = { hour: 3_600_000, day: DAY, week: 7 * DAY }[input.period ?? 'hour'];
    const shift = input.compare_to === 'last_week' ? 7 * DAY : DAY;
    const to = this.clock.now();
    return [
      { from: to - length, to },
      { from: to - length - shift, to: to - shift },
    ];
  }

  run(runId: string): RunMetrics {
    return {
      run_id: runId,
      data_points: this.store.samplesOfRun(runId).map((s) => {
        const data: Record<string, Record<string, number | null>> = {};
        for (const type of METRIC_TYPES) {
          const values: Record<string, number | null> = {};
          for (const f of figuresOf(type))
            values[f.name] = decode(f, s.values[FIGURES.indexOf(f)] ?? null);
          data[type] = values;
        }
        return { timestamp: iso(s.ts), data };
      }),
    };
  }

  types(): { metric_types: MetricType[]; figures: Record<string, string[]> } {
    return {
      metric_types: [...METRIC_TYPES],
      figures: Object.fromEntries(METRIC_TYPES.map((t) => [t, [...METRIC_FIGURES[t]]])),
    };
  }
}
