// Runs in the renderer. The workspace's query console: one statement, Ctrl+Enter (⌘+Enter) runs
// it; rows come back in a grid with a notice when they were cut, writes as an affected count, DDL
// as a new pending change, errors as the server said them.
import { type FormEvent, useId, useState } from 'react';
import { useStore } from 'zustand';
import type { Output } from '../../../../shared/contract';
import { ResultsGrid } from '../../components/ResultsGrid';
import type { TenantsStore } from '../../stores/tenants-store';
import type { EngineWords } from './engine-words';
import { SqlField } from './SqlField';
import { countOf, durationMs } from '../../components/figure-format';

function resultLine(r: Output<'workspaces.query'>): string {
  if (r.change) return `Recorded as pending change #${r.change.seq} (${r.change.kind})`;
  if (r.kind === 'rows') return countOf(r.row_count, 'row');
  return `${countOf(r.affected ?? 0, 'row')} affected`;
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
        {query?.state === 'done' && (
          <>
            <p className="tn-result-line">
              {resultLine(query.result)} · {durationMs(query.result.duration_ms)}
            </p>
            {query.result.truncated && (
              <p className="notice notice-warning" role="status">
                Truncated: only the first {query.result.rows.length} rows are shown. Add a LIMIT or
                a WHERE clause to see the rest.
              </p>
            )}
            {query.result.kind === 'rows' && query.result.columns.length > 0 && (
              <ResultsGrid
                label="Query results"
                columns={query.result.columns}
                rows={query.result.rows}
              />
            )}
          </>
        )}
      </div>
    </form>
  );
}
