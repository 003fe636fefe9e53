// Runs in the renderer. A log_analysis execution's report: the window's statements by total time
// (sortable either way), with new and slower ones marked, each statement's mean time and calls as
// sparklines across the task's recent windows, and its full text a click away.
import { useState } from 'react';
import { count, countOf, durationMs, upToDecimals } from '../../components/figure-format';
import { Sparkline } from './Sparkline';
import type { WindowPoint } from './statement-history';

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

const change = (r: StatementRow) =>
  r.previous_mean_ms && r.previous_mean_ms > 0 ? (r.mean_ms / r.previous_mean_ms - 1) * 100 : null;

const value = (r: StatementRow, key: SortKey) =>
  key === 'change' ? (change(r) ?? -Infinity) : r[key];

const twoDecimals = (v: number) => upToDecimals(v, 2);

export function StatementReport({
  report,
  history,
}: {
  report: Report;
  /** Each statement's windows across the task's recent executions, oldest first. */
  history: ReadonlyMap<string, readonly (WindowPoint | null)[]>;
}) {
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({
    key: 'total_ms',
    descending: true,
  });
  const [open, setOpen] = useState<string | null>(null);
  const fresh = new Set(report.new_statements.map((s) => s.key));
  const slower = new Set(report.slower.map((s) => s.key));
  const sign = sort.descending ? 1 : -1;
  const rows = [...report.top].sort((a, b) => sign * (value(b, sort.key) - value(a, sort.key)));
  const header = (key: SortKey, label: string) => (
    <th
      aria-sort={sort.key === key ? (sort.descending ? 'descending' : 'ascending') : 'none'}
      className="num"
    >
      <button
        type="button"
        className="sched-sort"
        onClick={() => setSort((s) => ({ key, descending: s.key === key ? !s.descending : true }))}
      >
        {label}
      </button>
    </th>
  );
  return (
    <div className="sched-report">
      <p className="sched-report-summary">
        {countOf(report.statements, 'statement')} in the window, {durationMs(report.total_ms)} in
        all; {count(report.new_statements.length)} new, {count(report.slower.length)} slower.
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
              <th>Mean per window</th>
              <th>Calls per window</th>
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
                  <td className="num">{twoDecimals(r.calls)}</td>
                  <td className="num">{twoDecimals(r.total_ms)}</td>
                  <td className="num">{twoDecimals(r.mean_ms)}</td>
                  <td className="num">
                    {c === null ? '—' : `${c >= 0 ? '▲' : '▼'} ${twoDecimals(Math.abs(c))} %`}
                  </td>
                  <td>
                    <Sparkline
                      values={(history.get(r.key) ?? []).map((p) => p?.mean_ms ?? null)}
                      label="Mean ms per window"
                      format={(v) => `${twoDecimals(v)} ms`}
                    />
                  </td>
                  <td>
                    <Sparkline
                      values={(history.get(r.key) ?? []).map((p) => p?.calls ?? null)}
                      label="Calls per window"
                      format={(v) => twoDecimals(v)}
                    />
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
