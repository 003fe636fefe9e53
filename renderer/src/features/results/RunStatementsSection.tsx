// Runs in the renderer. The run page's query analytics: the statements the server's statistics
// (pg_stat_statements, performance_schema) counted during the measured window, heaviest first,
// each statement's full text a click away; or why the run has none and what to enable.
import { useState } from 'react';
import { ACTIVE_STATUSES, type RunStatusView } from '../../../../shared/contract/benchmarks';
import { uiText } from '../../api/error-words';
import { count, countOf, latency } from '../../components/figure-format';
import { RunSection } from './RunFacts';

const SHORT = 100;

export function RunStatementsSection({ run }: { run: RunStatusView }) {
  const qa = run.query_analytics ?? null;
  const [open, setOpen] = useState<string | null>(null);
  if (!qa)
    return (
      <RunSection id="statements" title="Query analytics">
        <p className="bench-empty">
          {ACTIVE_STATUSES.includes(run.status)
            ? 'The statement statistics are read at the start and the end of the measured window; they show here once it is over.'
            : 'This run kept no statement statistics.'}
        </p>
      </RunSection>
    );
  return (
    <RunSection id="statements" title="Query analytics">
      {!qa.available ? (
        <p className="bench-empty" data-testid="run-statements-reason">
          No statement statistics from {qa.source}: {uiText(qa.reason ?? '')}
        </p>
      ) : (
        <>
          <p className="bench-empty">
            {countOf(qa.statements, 'statement')} ran {countOf(qa.calls, 'time')} in the measured
            window, {latency(qa.total_ms)} in all (from {qa.source}).
          </p>
          <div className="results-table-wrap">
            <table className="results-table run-statements" aria-label="Top statements">
              <thead>
                <tr>
                  <th scope="col">Statement</th>
                  <th scope="col" className="num">
                    Calls
                  </th>
                  <th scope="col" className="num">
                    Total
                  </th>
                  <th scope="col" className="num">
                    Mean
                  </th>
                  <th scope="col" className="num">
                    Share
                  </th>
                  <th scope="col" className="num">
                    Rows
                  </th>
                </tr>
              </thead>
              <tbody>
                {qa.top.map((s) => {
                  const full = open === s.key || s.text.length <= SHORT;
                  return (
                    <tr key={s.key}>
                      <th scope="row" className="run-statement">
                        <button
                          type="button"
                          className="run-statement-text"
                          aria-expanded={s.text.length > SHORT ? open === s.key : undefined}
                          onClick={() => setOpen(open === s.key ? null : s.key)}
                        >
                          {full ? s.text : `${s.text.slice(0, SHORT)}…`}
                        </button>
                      </th>
                      <td className="num">{count(s.calls)}</td>
                      <td className="num">{latency(s.total_ms)}</td>
                      <td className="num">{latency(s.mean_ms)}</td>
                      <td className="num">
                        {qa.total_ms > 0
                          ? `${((s.total_ms / qa.total_ms) * 100).toFixed(1)} %`
                          : '—'}
                      </td>
                      <td className="num">{count(s.rows)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
      {qa.note && <p className="notice notice-warning">{uiText(qa.note)}</p>}
    </RunSection>
  );
}
