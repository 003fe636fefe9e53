// Runs in the renderer. "Why is B different?": every captured difference between the compared
// runs, most plausible cause first (the core ranks them), each with why it can matter.
import { useState } from 'react';
import type { Comparison } from '../../../../shared/contract/results';
import { distinctLabels, runColor } from './format';

/** Enough to see the likely causes; the rest is one click away. */
const FIRST = 12;

export function DiffList({ comparison }: { comparison: Comparison }) {
  const [all, setAll] = useState(false);
  const { diff, runs } = comparison;
  const labels = distinctLabels(runs.map((r) => r.label));
  if (diff.length === 0)
    return (
      <p className="bench-empty">
        Nothing differs in what was captured: same server version and settings, client, workload and
        load.
      </p>
    );
  const shown = all ? diff : diff.slice(0, FIRST);
  const baseIndex = Math.max(
    0,
    runs.findIndex((r) => r.baseline),
  );
  return (
    <>
      <div className="results-table-wrap">
        <table className="results-table results-diff" data-testid="diff-table">
          <caption className="visually-hidden">
            Differences between the runs, most plausible cause first
          </caption>
          <thead>
            <tr>
              <th scope="col">What differs</th>
              {runs.map((r, i) => (
                <th key={r.id} scope="col">
                  <span className="results-swatch" style={{ background: runColor(i) }} />
                  {labels[i]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((e) => (
              <tr key={e.key} data-key={e.key}>
                <th scope="row">
                  {e.label}
                  <span className="results-category">{e.category}</span>
                  <span className="results-why">{e.why}</span>
                </th>
                {e.values.map((v, i) => (
                  <td
                    key={runs[i]?.id ?? i}
                    className={
                      i !== baseIndex && v !== e.values[baseIndex] ? 'results-differs' : undefined
                    }
                  >
                    {v ?? <span className="results-missing">not captured</span>}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {diff.length > FIRST && (
        <button type="button" className="btn btn-sm" onClick={() => setAll(!all)}>
          {all ? `Show the first ${FIRST}` : `Show all ${diff.length} differences`}
        </button>
      )}
    </>
  );
}
