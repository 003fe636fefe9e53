// Runs in the renderer. What a run says about its own figures, shared by the live view and the
// run page: its warnings (saturation, network share, outages, client overhead) and its errors by
// class, each with the server's full first message written out, not hidden in a tooltip.
import {
  ERROR_CLASSES,
  type RunDetail,
  type RunWarning,
} from '../../../../shared/contract/benchmarks';
import { count } from '../../components/figure-format';

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
          <strong>{WARNING_TITLES[w.code]}:</strong> {w.message}
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
