// Runs in the renderer. A log_analysis execution's report: the window's statements by total time
// (sortable), with new and slower ones marked and each statement's full text a click away.
import { useState } from 'react';

export interface StatementRow {
  key: string;
  text: string;
  calls: number;
  total_ms: number;
  mean_ms: number;
  previous_mean_ms: number | null;
  rows: number;
}

export interface Report {
  top: StatementRow[];
  new_statements: StatementRow[];
  slower: (StatementRow & { growth_percent: number })[];
  statements: number;
  total_ms: number;
}

type SortKey = 'total_ms' | 'calls' | 'mean_ms' | 'change';

const nf = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
const change = (r: StatementRow) =>
  r.previous_mean_ms && r.previous_mean_ms > 0 ? (r.mean_ms / r.previous_mean_ms - 1) * 100 : null;

export function StatementReport({ report }: { report: Report }) {
  const [sort, setSort] = useState<SortKey>('total_ms');
  const [open, setOpen] = useState<string | null>(null);
  const fresh = new Set(report.new_statements.map((s) => s.key));
  const slower = new Set(report.slower.map((s) => s.key));
  const rows = [...report.top].sort((a, b) =>
    sort === 'change' ? (change(b) ?? -Infinity) - (change(a) ?? -Infinity) : b[sort] - a[sort],
  );
  const header = (key: SortKey, label: string) => (
    <th aria-sort={sort === key ? 'descending' : 'none'} className="num">
      <button type="button" className="sched-sort" onClick={() => setSort(key)}>
        {label}
      </button>
    </th>
  );
  return (
    <div className="sched-report">
      <p className="sched-report-summary">
        {nf.format(report.statements)} statement{report.statements === 1 ? '' : 's'} in the window,{' '}
        {nf.format(report.total_ms)} ms in all; {report.new_statements.length} new,{' '}
        {report.slower.length} slower.
      </p>
      <div className="sched-table-wrap">
        <table className="sched-table">
          <thead>
            <tr>
              <th>Statement</th>
              {header('calls', 'Calls')}
              {header('total_ms', 'Total ms')}
              {header('mean_ms', 'Mean ms')}
              {header('change', 'Mean change')}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const c = change(r);
              return (
                <tr key={r.key}>
                  <td className="sched-statement">
                    <button
                      type="button"
                      className="sched-statement-open mono"
                      aria-expanded={open === r.key}
                      onClick={() => setOpen(open === r.key ? null : r.key)}
                    >
                      {open === r.key
                        ? r.text
                        : r.text.slice(0, 90) + (r.text.length > 90 ? '…' : '')}
                    </button>
                    {fresh.has(r.key) && <span className="tag">new</span>}
                    {slower.has(r.key) && <span className="tag sched-tag-slower">slower</span>}
                  </td>
                  <td className="num">{nf.format(r.calls)}</td>
                  <td className="num">{nf.format(r.total_ms)}</td>
                  <td className="num">{nf.format(r.mean_ms)}</td>
                  <td className="num">
                    {c === null ? '—' : `${c >= 0 ? '▲' : '▼'} ${nf.format(Math.abs(c))} %`}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
