// Runs in the renderer. The comparison table: one row per figure, one column per run (baseline
// first as the core orders them), each cell the value and its change against the baseline.
import type { ComparedRun, Comparison } from '../../../../shared/contract/results';
import { LAUNCHER_WORDS } from '../benchmarks/agent-words';
import { describeDelta } from './delta';
import { distinctLabels, figure, runColor } from './format';
import { runPageHref } from './run-route';

const DIRECTION_WORDS = {
  higher_better: 'higher is better',
  lower_better: 'lower is better',
} as const;

/** "3 agents over SSH, 1 lost": a distributed run's topology in the column head. */
function agentsLine(t: NonNullable<ComparedRun['agents']>): string {
  const lost = t.agents.filter((a) => a.state === 'lost').length;
  return `${t.count} ${t.count === 1 ? 'agent' : 'agents'} ${LAUNCHER_WORDS[t.launcher]}${lost > 0 ? `, ${lost} lost` : ''}`;
}

export function SummaryTable({ comparison }: { comparison: Comparison }) {
  const { runs, metrics } = comparison;
  const labels = distinctLabels(runs.map((r) => r.label));
  return (
    <div className="results-table-wrap">
      <table className="results-table results-summary" data-testid="summary-table">
        <caption className="visually-hidden">
          Figures of each run with the change against the baseline
        </caption>
        <thead>
          <tr>
            <th scope="col">Figure</th>
            {runs.map((r, i) => (
              <th key={r.id} scope="col" data-run-id={r.id}>
                <span className="results-swatch" style={{ background: runColor(i) }} />
                <a href={runPageHref(r.id)} className="results-run-link">
                  {labels[i]}
                </a>
                {r.baseline && <span className="results-baseline-badge">baseline</span>}
                {r.agents && (
                  <span className="results-direction" data-testid="compare-agents">
                    {agentsLine(r.agents)}
                  </span>
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {metrics.map((m) => (
            <tr key={m.key} data-metric={m.key}>
              <th scope="row">
                {m.label}
                <span className="results-direction">
                  {m.unit}, {DIRECTION_WORDS[m.direction]}
                </span>
              </th>
              {runs.map((r) => {
                const f = r.figures[m.key];
                if (!f) return <td key={r.id}>–</td>;
                const d = describeDelta(f);
                return (
                  <td key={r.id} data-run-id={r.id} data-verdict={d.tone}>
                    <span className="results-value">{figure(f.value, m.unit)}</span>
                    <span className={`results-delta results-delta-${d.tone}`}>
                      {/* Seen: arrow, sign and verdict; heard: the same as a sentence. */}
                      <span aria-hidden="true" className="results-delta-shown">
                        {d.arrow && `${d.arrow} `}
                        {d.text}
                        {(d.tone === 'better' || d.tone === 'worse') && ` ${d.tone}`}
                      </span>
                      <span className="visually-hidden">{d.label}</span>
                    </span>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
