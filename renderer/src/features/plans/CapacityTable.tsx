// Runs in the renderer. The capacity finder's steps, each with its verdict, and the answer: the
// highest rate that met the objective.
import type { PlanView } from '../../../../shared/contract/plans';
import { count, ms } from './format';

const VERDICTS: Record<string, string> = {
  pass: 'Met',
  latency: 'Too slow',
  short: 'Fell short',
  saturated: 'Saturated',
  errors: 'Errors',
  failed: 'Failed',
};

export function CapacityTable({ plan }: { plan: PlanView }) {
  const capacity = plan.capacity!;
  const objective = plan.config.capacity?.objective;
  const metric = objective?.metric ?? 'p99';
  // The objective's percentile first; p99 beside it when the objective is another one.
  const extra = metric !== 'p99';
  return (
    <>
      {plan.status !== 'running' && (
        <p className="plan-answer" data-testid="plan-capacity-answer">
          {capacity.result
            ? `Capacity: ${count(capacity.result.rate)}/s with ${metric} ≤ ${objective?.max_ms ?? '?'} ms`
            : `No rate met ${metric} ≤ ${objective?.max_ms ?? '?'} ms`}
        </p>
      )}
      <table className="plan-table" data-testid="plan-capacity-table">
        <caption>
          Steps at rising open-loop rates; the search stops at the first one that breaks
        </caption>
        <thead>
          <tr>
            <th scope="col">Rate (/s)</th>
            <th scope="col">Achieved (/s)</th>
            <th scope="col">{metric}</th>
            {extra && <th scope="col">p99</th>}
            <th scope="col">Verdict</th>
          </tr>
        </thead>
        <tbody>
          {capacity.steps.map((s) => (
            <tr key={s.run_id} data-verdict={s.verdict}>
              <th scope="row">{count(s.rate)}</th>
              <td>{count(s.achieved)}</td>
              <td>{ms(s.latency_ms)}</td>
              {extra && <td>{ms(s.p99)}</td>}
              <td className="plan-why" title={s.reason}>
                <span
                  className={`plan-verdict plan-verdict-${s.verdict === 'pass' ? 'pass' : 'fail'}`}
                >
                  {VERDICTS[s.verdict]}
                </span>{' '}
                <span className="field-hint">{s.reason}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
