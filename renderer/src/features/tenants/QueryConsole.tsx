// Runs in the renderer. The workspace's query console: one statement or several separated by `;`,
// Ctrl+Enter (⌘+Enter) runs them one after another; each statement's result is shown — rows in a
// grid with a notice when they were cut, writes as an affected count, DDL as a new pending change
// — and errors as the server said them (which statement failed, how many ran before it).
import { type FormEvent, useId, useState } from 'react';
import { useStore } from 'zustand';
import type { Output } from '../../../../shared/contract';
import { ResultsGrid } from '../../components/ResultsGrid';
import type { TenantsStore } from '../../stores/tenants-store';
import type { EngineWords } from './engine-words';
import { SqlField } from './SqlField';
import { countOf, durationMs } from '../../components/figure-format';

type StatementResult = Output<'workspaces.query'>['statements'][number];

function resultLine(r: StatementResult): string {
  if (r.change) return `Recorded as pending change #${r.change.seq} (${r.change.kind})`;
  if (r.kind === 'rows') return countOf(r.row_count, 'row');
  return `${countOf(r.affected ?? 0, 'row')} affected`;
}

/** One statement's outcome; `label` names it when the script had several. */
function StatementOutcome({ result, label }: { result: StatementResult; label: string | null }) {
  return (
    <section className="tn-statement" aria-label={label ?? 'Result'}>
      {label && (
        <p className="tn-statement-sql mono" title={result.statement}>
          {label}: {result.statement}
        </p>
      )}
      <p className="tn-result-line">
        {resultLine(result)} · {durationMs(result.duration_ms)}
      </p>
      {result.truncated && (
        <p className="notice notice-warning" role="status">
          Truncated: only the first {countOf(result.rows.length, 'row')} are shown. Add a LIMIT or a
          WHERE clause to see the rest.
        </p>
      )}
      {result.kind === 'rows' && result.columns.length > 0 && (
        <ResultsGrid
          label={label ? `Results of ${label.toLowerCase()}` : 'Query results'}
          columns={result.columns}
          rows={result.rows}
        />
      )}
    </section>
  );
}

export function QueryConsole({ store, words }: { store: TenantsStore; words: EngineWords }) {
  const runQuery = useStore(store, (s) => s.runQuery);
  const query = useStore(store, (s) => s.query);
  const id = useId();
  const [sql, setSql] = useState('');
  const running = query?.state === 'running';

  const run = () => {
    if (sql.trim() && !running) void runQuery(sql);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    run();
  };

  return (
    <form className="tn-console" aria-label={words.console} onSubmit={submit}>
      <SqlField
        id={`${id}-sql`}
        label={words.field}
        hint={words.consoleHint}
        value={sql}
        onChange={setSql}
        onRun={run}
      />
      <div className="tn-actions">
        <button type="submit" className="btn btn-primary" disabled={!sql.trim() || running}>
          {running && <span className="spinner" aria-hidden="true" />}
          {running ? 'Running…' : 'Run'}
        </button>
      </div>
      <div aria-live="polite" data-testid="query-outcome">
        {query?.state === 'failed' && (
          <p className="notice notice-error" role="alert">
            {query.message}
          </p>
        )}
        {query?.state === 'done' &&
          query.result.statements.map((r, i, all) => (
            <StatementOutcome
              key={i}
              result={r}
              label={all.length > 1 ? `Statement ${i + 1} of ${all.length}` : null}
            />
          ))}
      </div>
    </form>
  );
}
