// Runs in the renderer. Every saved run that matches the filters: a checkbox to pick it for a
// comparison, its tags and notes, and its exports (JSON bundle, CSV).
import { useState } from 'react';
import { useStore } from 'zustand';
import { ACTIVE_STATUSES, type RunSummary } from '../../../../shared/contract/benchmarks';
import { useConnections } from '../../app/stores-context';
import { downloadFile } from '../../components/download-file';
import type { ResultsStore } from '../../stores/results-store';
import { shortTime, statusLabel, workloadLabel } from '../benchmarks/workload-defaults';
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
  const [editing, setEditing] = useState<RunSummary | null>(null);

  const connectionName = (r: RunSummary) =>
    connections.find((c) => c.id === r.connection_id)?.name ??
    (r.imported_from ? 'connection of another machine' : 'deleted connection');
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
              <th scope="col">Clients</th>
              <th scope="col">Status</th>
              <th scope="col">Started</th>
              <th scope="col">Tags and notes</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => {
              const name = nameOf(r);
              const order = selected.indexOf(r.id);
              return (
                <tr
                  key={r.id}
                  data-run-id={r.id}
                  className={order >= 0 ? 'is-selected' : undefined}
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
                    <span className="results-run-title">{workloadLabel(r.type)}</span>
                    <span className="results-run-meta">
                      {connectionName(r)}
                      {r.imported_from && <span className="tag results-imported">imported</span>}
                    </span>
                  </td>
                  <td className="num">{r.threads}</td>
                  <td>
                    <span className={`bench-status bench-status-${r.status}`}>
                      {statusLabel(r.status)}
                    </span>
                  </td>
                  <td>{shortTime(r.start_time)}</td>
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
