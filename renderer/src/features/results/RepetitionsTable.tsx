// Runs in the renderer. Repeated runs (a plan's repetitions, grouped by the core): each group's
// mean with its 95% confidence interval, and whether a difference is larger than the run-to-run
// noise by the test the core names.
import type { Repetitions } from '../../../../shared/contract/results';
import { figure } from './format';

const SHOWN = ['qps', 'tps', 'p50', 'p95', 'p99'] as const;
const LABELS = { qps: 'QPS', tps: 'TPS', p50: 'p50', p95: 'p95', p99: 'p99' } as const;
const unitOf = (m: (typeof SHOWN)[number]) => (m === 'qps' || m === 'tps' ? '' : 'ms');

export function RepetitionsTable({ repetitions }: { repetitions: Repetitions }) {
  const { groups, comparisons } = repetitions;
  const verdict = (groupId: string, metric: string) =>
    comparisons.find((c) => c.group_id === groupId && c.metric === metric);
  return (
    <>
      <p className="results-hint">
        {repetitions.test}, α = {repetitions.alpha}; intervals are {repetitions.confidence * 100}%
        confidence intervals of the mean. A difference counts only when it is larger than the
        run-to-run noise (p &lt; α).
      </p>
      <div className="results-table-wrap">
        <table className="results-table" data-testid="repetitions-table">
          <caption className="visually-hidden">Repeated runs: mean and confidence interval</caption>
          <thead>
            <tr>
              <th scope="col">Group</th>
              <th scope="col">Runs</th>
              {SHOWN.map((m) => (
                <th key={m} scope="col">
                  {LABELS[m]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {groups.map((g) => (
              <tr key={g.id}>
                <th scope="row">
                  {g.label}
                  {g.baseline && <span className="results-baseline-badge">baseline</span>}
                </th>
                <td>{g.run_ids.length}</td>
                {SHOWN.map((m) => {
                  const s = g.stats[m];
                  const c = verdict(g.id, m);
                  if (!s) return <td key={m}>–</td>;
                  return (
                    <td key={m}>
                      <span className="results-value">{figure(s.mean, unitOf(m))}</span>
                      <span className="results-ci">
                        {figure(s.ci_low, unitOf(m))} to {figure(s.ci_high, unitOf(m))}
                      </span>
                      {c && (
                        <span className={`results-delta results-delta-${c.verdict}`}>
                          {c.verdict === 'insufficient'
                            ? 'too few runs to test'
                            : `${c.significant ? 'significant' : 'within noise'}${c.p_value === null ? '' : `, p = ${c.p_value.toPrecision(2)}`}`}
                        </span>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
