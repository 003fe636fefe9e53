// Runs in the CLI process (and anywhere a comparison gates a release). `--fail-on` thresholds:
// parsed once with a message that says what is wrong, then checked against a comparison.
import {
  COMPARED_METRICS,
  METRIC_LABELS,
  type ComparedMetric,
  type Comparison,
} from '../../../shared/contract/results';

export interface Threshold {
  /** As written, for messages. */
  text: string;
  metric: ComparedMetric;
  op: '>' | '<' | '>=' | '<=';
  value: number;
  /** Percent change from the baseline; otherwise the run's own value in the metric's unit. */
  relative: boolean;
}

export interface Violation {
  run_id: string;
  label: string;
  threshold: string;
  metric: ComparedMetric;
  value: number;
  baseline: number;
  delta_percent: number | null;
  message: string;
}

const ALIASES: Record<string, ComparedMetric> = {
  'p99.9': 'p999',
  latency: 'avg',
  error: 'errors',
};
const PATTERN = /^([a-z0-9.]+)\s*(>=|<=|>|<)\s*([+-]?\d+(?:\.\d+)?)\s*(%|ms)?$/i;
const EXAMPLE = 'e.g. "p99>+10%,qps<-5%,errors>0"';

export class GateSyntaxError extends Error {
  override name = 'GateSyntaxError';
}

export function parseFailOn(spec: string): Threshold[] {
  const parts = spec
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  if (parts.length === 0)
    throw new GateSyntaxError(`--fail-on is empty; give thresholds, ${EXAMPLE}.`);
  return parts.map((text) => {
    const m = PATTERN.exec(text);
    if (!m)
      throw new GateSyntaxError(
        `--fail-on: cannot read "${text}"; write METRIC OP NUMBER[%] with OP one of > < >= <=, ${EXAMPLE}.`,
      );
    const name = m[1]!.toLowerCase();
    const metric = (COMPARED_METRICS as readonly string[]).includes(name)
      ? (name as ComparedMetric)
      : ALIASES[name];
    if (!metric)
      throw new GateSyntaxError(
        `--fail-on: unknown metric "${m[1]}" in "${text}"; use one of ${COMPARED_METRICS.join(', ')}.`,
      );
    const unit = m[4]?.toLowerCase();
    if (unit === 'ms' && METRIC_LABELS[metric].unit !== 'ms')
      throw new GateSyntaxError(`--fail-on: "${text}" gives ms, but ${metric} is not a latency.`);
    return {
      text,
      metric,
      op: m[2] as Threshold['op'],
      value: Number(m[3]),
      relative: unit === '%',
    };
  });
}

const crosses = (x: number, op: Threshold['op'], limit: number): boolean =>
  op === '>' ? x > limit : op === '<' ? x < limit : op === '>=' ? x >= limit : x <= limit;

/** Every threshold each non-baseline run crosses; empty when the gate passes. */
export function checkGate(c: Comparison, thresholds: readonly Threshold[]): Violation[] {
  const base = c.runs.find((r) => r.baseline);
  if (!base) throw new Error('a comparison always has a baseline');
  const out: Violation[] = [];
  for (const run of c.runs) {
    if (run.baseline) continue;
    for (const t of thresholds) {
      const f = run.figures[t.metric];
      const b = base.figures[t.metric].value;
      // From a zero baseline any rise is an infinite change, any fall impossible.
      const delta = f.delta_percent ?? (f.value > b ? Infinity : f.value < b ? -Infinity : 0);
      const measured = t.relative ? delta : f.value;
      if (!crosses(measured, t.op, t.value)) continue;
      const unit = METRIC_LABELS[t.metric].unit;
      const change =
        f.delta_percent === null ? 'from 0' : `${delta >= 0 ? '+' : ''}${delta.toFixed(1)}%`;
      out.push({
        run_id: run.id,
        label: run.label,
        threshold: t.text,
        metric: t.metric,
        value: f.value,
        baseline: b,
        delta_percent: f.delta_percent,
        message: `${t.metric} ${change} (${f.value} ${unit} vs baseline ${b} ${unit}) crosses "${t.text}" in ${run.label}`,
      });
    }
  }
  return out;
}
