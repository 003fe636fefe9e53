// Runs in the renderer. Every saved run that matches the filters, sortable by its figures: a
// checkbox to pick it for a comparison, a link to its page, its tags and notes, and its exports.
import { useEffect, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import { ACTIVE_STATUSES, type RunSummary } from '../../../../shared/contract/benchmarks';
import { useConnections } from '../../app/stores-context';
import { downloadFile } from '../../components/download-file';
import { count, duration, latency } from '../../components/figure-format';
import type { ResultsStore } from '../../stores/results-store';
import { shortTime, statusLabel, workloadLabel } from '../benchmarks/workload-defaults';
import { connectionLabel } from './run-names';
import { runPageHref } from './run-route';
import { DEFAULT_SORT, nextSort, type RunSort, type SortKey, sortRuns } from './run-sort';
import { TagsNotesDialog } from './TagsNotesDialog';

export function RunTable({ store }: { store: ResultsStore }) {
  const runs = useStore(store, (s) => s.runs);
  const loadStatus = useStore(store, (s) => s.loadStatus);
  const selected = useStore(store, (s) => s.selected);
  const filtered = useStore(store, (s) => Object.values(s.fields).some((v) => v !== ''));
  const toggle = useStore(store, (s) => s.toggle);
  const updateRun = useStore(store, (s) => s.updateRun);
  const exportRun = useStore(store, (s) => s.exportRun);
  const connections = useConnections((s) => s.items);
  const revealed = useStore(store, (s) => s.revealed);
  const [editing, setEditing] = useState<RunSummary | null>(null);
  const [sort, setSort] = useState<RunSort>(DEFAULT_SORT);
  const sorted = useMemo(() => sortRuns(runs, sort), [runs, sort]);
  const listed = loadStatus === 'ready' || loadStatus === 'error';
  useEffect(() => {
    // Back from a run's page: the list shows where that run is.
    if (!revealed || !listed) return;
    document
      .querySelector(`tr[data-run-id="${CSS.escape(revealed)}"]`)
      ?.scrollIntoView({ block: 'center' });
  }, [revealed, listed]);
  const header = (key: SortKey, label: string, numeric = false) => (
    <th
      scope="col"
      className={numeric ? 'num' : undefined}
      aria-sort={sort.key === key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}
    >
      <button
        type="button"
        className="results-sort"
        data-sort={key}
        onClick={() => setSort((s) => nextSort(s, key))}
      >
        {label}
        <span aria-hidden="true" className="results-sort-mark">
          {sort.key === key ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}
        </span>
      </button>
    </th>
  );

  const connectionName = (r: RunSummary) => connectionLabel(r, connections);
  const nameOf = (r: RunSummary) =>
    `${workloadLabel(r.type)} on ${connectionName(r)}, ${r.threads} ${r.threads === 1 ? 'client' : 'clients'}, ${shortTime(r.start_time)}`;
  const save = async (r: RunSummary, format: 'json' | 'csv') => {
    const file = await exportRun(r.id, format);
    if (file) downloadFile(file.content, file.filename, file.mediaType);
  };

  if (loadStatus === 'loading' || loadStatus === 'idle')
    return (
      <p className="loading" role="status">
        <span className="spinner" aria-hidden="true" /> Loading runs…
      </p>
    );
  if (runs.length === 0)
    return (
      <p className="bench-empty" data-testid="runs-empty">
        {filtered
          ? 'No run matches these filters.'
          : 'No runs yet: start one on the Benchmarks screen, or import a run bundle.'}
      </p>
    );

  return (
    <>
      <div className="results-table-wrap results-runs-wrap">
        <table className="results-table results-runs" aria-label="Saved runs">
          <thead>
            <tr>
              <th scope="col">
                <span className="visually-hidden">Compare</span>
              </th>
              <th scope="col">Run</th>
              {header('threads', 'Clients', true)}
              {header('duration', 'Duration', true)}
              {header('qps', 'QPS', true)}
              {header('p95', 'p95', true)}
              {header('p99', 'p99', true)}
              <th scope="col">Status</th>
              {header('start_time', 'Started')}
              <th scope="col">Tags and notes</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((r) => {
              const name = nameOf(r);
              const order = selected.indexOf(r.id);
              return (
                <tr
                  key={r.id}
                  data-run-id={r.id}
                  className={
                    [order >= 0 && 'is-selected', r.id === revealed && 'is-revealed']
                      .filter(Boolean)
                      .join(' ') || undefined
                  }
                >
                  <td>
                    <input
                      type="checkbox"
                      className="results-check"
                      aria-label={`Compare ${name}`}
                      checked={order >= 0}
                      disabled={ACTIVE_STATUSES.includes(r.status)}
                      onChange={() => toggle(r.id)}
                    />
                  </td>
                  <td>
                    <a
                      className="results-run-title"
                      href={runPageHref(r.id)}
                      aria-label={`Open the page of ${name}`}
                    >
                      {workloadLabel(r.type)}
                    </a>
                    <span className="results-run-meta">
                      {connectionName(r)}
                      {r.imported_from && <span className="tag results-imported">imported</span>}
                    </span>
                  </td>
                  <td className="num">{r.threads}</td>
                  <td className="num">{duration(r.duration)}</td>
                  <td className="num" data-col="qps">
                    {r.qps === null ? '–' : count(r.qps)}
                  </td>
                  <td className="num" data-col="p95">
                    {r.p95 === null ? '–' : latency(r.p95)}
                  </td>
                  <td className="num" data-col="p99">
                    {r.p99 === null ? '–' : latency(r.p99)}
                  </td>
                  <td>
                    <span className={`bench-status bench-status-${r.status}`}>
                      {statusLabel(r.status)}
                    </span>
                  </td>
                  <td className="results-started">{shortTime(r.start_time)}</td>
                  <td>
                    {r.tags.length > 0 && (
                      <ul className="results-tags" aria-label="Tags">
                        {r.tags.map((t) => (
                          <li key={t} className="tag">
                            {t}
                          </li>
                        ))}
                      </ul>
                    )}
                    {r.notes && <span className="results-notes">{r.notes}</span>}
                  </td>
                  <td className="results-row-actions">
                    <div className="results-row-actions-stack">
                      <button
                        type="button"
                        className="btn btn-sm btn-ghost"
                        aria-label={`Edit tags and notes of ${name}`}
                        onClick={() => setEditing(r)}
                      >
                        Tags
                      </button>
                      <button
                        type="button"
                        className="btn btn-sm btn-ghost"
                        aria-label={`Export ${name} as JSON`}
                        disabled={ACTIVE_STATUSES.includes(r.status)}
                        onClick={() => void save(r, 'json')}
                      >
                        JSON
                      </button>
                      <button
                        type="button"
                        className="btn btn-sm btn-ghost"
                        aria-label={`Export ${name} as CSV`}
                        disabled={ACTIVE_STATUSES.includes(r.status)}
                        onClick={() => void save(r, 'csv')}
                      >
                        CSV
                      </button>
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {editing && (
        <TagsNotesDialog
          run={editing}
          name={nameOf(editing)}
          save={updateRun}
          onClose={() => setEditing(null)}
        />
      )}
    </>
  );
}
