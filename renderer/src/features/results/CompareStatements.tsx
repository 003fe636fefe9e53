// Runs in the renderer. The statements side of a comparison: each statement the baseline shares with
// the other runs, its mean time per call in every run and the change against the baseline; a run
// without statement statistics says why.
import type { Comparison } from '../../../../shared/contract/results';
import { uiText } from '../../api/error-words';
import { change, count, latency } from '../../components/figure-format';
import { distinctLabels } from './format';

const SHORT = 90;

export function CompareStatements({ comparison }: { comparison: Comparison }) {
  const s = comparison.statements;
  if (!s) return null;
  const labels = distinctLabels(comparison.runs.map((r) => r.label));
  const missing = s.runs.flatMap((r, i) => (r.available ? [] : [{ i, reason: r.reason }]));
  return (
    <section aria-labelledby="results-statements-title" className="results-section">
      <h3 id="results-statements-title">Statements</h3>
      {s.rows.length === 0 ? (
        <p className="results-hint">No statement of the baseline appears in the other runs.</p>
      ) : (
        <div className="results-table-wrap">
          <table className="results-table" data-testid="compare-statements">
            <caption className="visually-hidden">
              Mean time per call of each statement, and its change against the baseline
            </caption>
            <thead>
              <tr>
                <th scope="col">Statement</th>
                {comparison.runs.map((r, i) => (
                  <th key={r.id} scope="col" className="num">
                    {labels[i]}
                    {r.baseline ? ' (baseline)' : ''}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {s.rows.map((row) => (
                <tr key={row.text}>
                  <th scope="row" className="run-statement" title={row.text}>
                    <code>
                      {row.text.length > SHORT ? `${row.text.slice(0, SHORT)}…` : row.text}
                    </code>
                  </th>
                  {row.values.map((v, i) => {
                    const d = row.mean_change_percent[i] ?? null;
                    return (
                      <td key={comparison.runs[i]!.id} className="num">
                        {v === null ? (
                          '—'
                        ) : (
                          <>
                            {latency(v.mean_ms)}
                            <span className="results-direction">
                              {count(v.calls)} {v.calls === 1 ? 'call' : 'calls'}
                            </span>
                            {d !== null && (
                              <span
                                className={`results-delta ${d > 0 ? 'results-delta-worse' : 'results-delta-better'}`}
                              >
                                {change(d).text}
                              </span>
                            )}
                          </>
                        )}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {missing.map(({ i, reason }) => (
        <p key={i} className="results-hint">
          {labels[i]}: no statement statistics (
          {reason ? uiText(reason) : 'the reason was not recorded'}).
        </p>
      ))}
    </section>
  );
}
