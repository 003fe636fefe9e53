// Runs in the renderer. What a run says about its own figures, shared by the live view and the
// run page: the headline tiles, its warnings (saturation, network share, outages, client
// overhead) and its errors by class, each with the server's full first message written out.
import {
  ERROR_CLASSES,
  type RunDetail,
  type RunMetrics,
  type RunWarning,
} from '../../../../shared/contract/benchmarks';
import { uiText } from '../../api/error-words';
import { count, latency } from '../../components/figure-format';

/** QPS, TPS, the latency percentiles (seconds from 1 000 ms) and errors, as tiles. */
export function RunFigures({
  metrics: m,
  label,
  className = '',
}: {
  metrics: RunMetrics;
  label: string;
  className?: string;
}) {
  const figures: [string, string, string][] = [
    ['qps', 'QPS', count(m.qps)],
    ['tps', 'TPS', count(m.tps)],
    ['p50', 'p50', latency(m.latency.p50)],
    ['p95', 'p95', latency(m.latency.p95)],
    ['p99', 'p99', latency(m.latency.p99)],
    ['p999', 'p99.9', latency(m.latency.p999)],
    ['max', 'Max', latency(m.latency.max)],
    ['errors', 'Errors', count(m.errors)],
  ];
  return (
    <dl className={`bench-figures ${className}`} aria-label={label} data-testid="run-figures">
      {figures.map(([key, name, value]) => (
        <div key={key} className="bench-figure" data-testid={`figure-${key}`}>
          <dt>{name}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

const WARNING_TITLES: Record<RunWarning['code'], string> = {
  saturated: 'Saturated',
  network_share: 'Network',
  database_unavailable: 'Database unavailable',
  client_overhead: 'Client overhead',
};

export function RunWarnings({ warnings }: { warnings: readonly RunWarning[] }) {
  if (warnings.length === 0) return null;
  return (
    <ul className="run-warnings" aria-label="Warnings" data-testid="run-warnings">
      {warnings.map((w) => (
        <li key={w.code} className="notice notice-warning" data-code={w.code}>
          <strong>{WARNING_TITLES[w.code]}:</strong> {uiText(w.message)}
        </li>
      ))}
    </ul>
  );
}

const CLASS_LABELS: Record<(typeof ERROR_CLASSES)[number], string> = {
  connection: 'Connection',
  timeout: 'Timeout',
  serialization: 'Serialization',
  constraint: 'Constraint',
  syntax: 'Syntax',
  other: 'Other',
};

export function RunErrors({
  detail,
  emptyText,
}: {
  detail: Pick<RunDetail, 'errors_by_class' | 'first_errors'>;
  /** Said when there are none; nothing is shown without it. */
  emptyText?: string;
}) {
  const classes = ERROR_CLASSES.filter((c) => (detail.errors_by_class[c] ?? 0) > 0);
  if (classes.length === 0) return emptyText ? <p className="bench-empty">{emptyText}</p> : null;
  return (
    <dl className="run-errors" aria-label="Errors by class" data-testid="run-errors">
      {classes.map((c) => (
        <div key={c} className="run-error" data-class={c}>
          <dt>
            {CLASS_LABELS[c]} <span className="tag">{count(detail.errors_by_class[c] ?? 0)}</span>
          </dt>
          <dd>
            {detail.first_errors[c] ? (
              <>
                First message: <q className="run-error-message">{detail.first_errors[c]}</q>
              </>
            ) : (
              'The first message was not recorded.'
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}
