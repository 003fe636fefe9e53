// Runs in the renderer. API keys for scripts (`Authorization: Bearer tenantsdb_sk_…`): the list
// shows each key's prefix only; a new key is shown once, to copy, and never again.
import { type FormEvent, useEffect, useId, useState } from 'react';
import { useAccount } from '../../app/stores-context';
import { ConfirmDeleteDialog } from '../../components/ConfirmDeleteDialog';
import { CopyButton } from '../../components/CopyButton';
import { Field } from '../../components/Field';
import type { ApiKey } from '../../../../shared/contract/accounts';
import { useAction } from '../tenants/useAction';
import './account.css';
import { when } from './when';

export function ApiKeysSection() {
  const id = useId();
  const keys = useAccount((s) => s.keys);
  const projects = useAccount((s) => s.projects);
  const createKey = useAccount((s) => s.createKey);
  const deleteKey = useAccount((s) => s.deleteKey);
  const load = useAccount((s) => s.load);
  const [name, setName] = useState('');
  const [projectId, setProjectId] = useState('');
  const [fresh, setFresh] = useState<string | null>(null);
  const [create, creating] = useAction(async () => {
    setFresh(await createKey(name.trim(), projectId || projects[0]?.project_id));
    setName('');
  });
  const [deleting, setDeleting] = useState<ApiKey | null>(null);
  // Keys may have been made or used elsewhere since the menu first loaded them.
  useEffect(() => {
    void load();
  }, [load]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (name.trim() !== '') void create();
  };

  return (
    <section className="settings-card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>API keys</h2>
      <p className="fact-hint">
        Scripts send a key as <code>Authorization: Bearer tenantsdb_sk_…</code>. A key reaches only
        its project&rsquo;s workspaces, blueprints, tenants and deployments. Deleting a key stops it
        at once.
      </p>
      {fresh && (
        <div className="notice key-once" role="status">
          <strong>Copy your new key now: Benchphant will not show it again.</strong>
          <code data-testid="new-api-key">{fresh}</code>
          <div>
            <CopyButton text={fresh} label="Copy the new API key" />
            <button type="button" className="btn btn-sm btn-ghost" onClick={() => setFresh(null)}>
              I have copied it
            </button>
          </div>
        </div>
      )}
      {keys.length === 0 ? (
        <p>No API keys yet.</p>
      ) : (
        <table className="key-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Key</th>
              <th scope="col">Project</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k.id}>
                <td>{k.name}</td>
                <td>
                  <code>{k.key}</code>
                </td>
                <td>{k.project_name}</td>
                <td>{when(k.created_at)}</td>
                <td>{when(k.last_used_at)}</td>
                <td>
                  <button
                    type="button"
                    className="btn btn-sm btn-ghost"
                    onClick={() => setDeleting(k)}
                    aria-label={`Delete API key ${k.name}`}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="key-create" aria-label="New API key" onSubmit={submit}>
        <Field id={`${id}-name`} label="Key name" hint="What uses it, e.g. CI pipeline.">
          {(a) => (
            <input
              {...a}
              className="input"
              value={name}
              maxLength={200}
              onChange={(e) => setName(e.target.value)}
            />
          )}
        </Field>
        {projects.length > 1 && (
          <Field id={`${id}-project`} label="Project">
            {(a) => (
              <select
                {...a}
                className="input"
                value={projectId}
                onChange={(e) => setProjectId(e.target.value)}
              >
                {projects.map((p) => (
                  <option key={p.project_id} value={p.project_id}>
                    {p.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <button
          type="submit"
          className="btn btn-primary"
          disabled={creating.busy || name.trim() === ''}
        >
          {creating.busy && <span className="spinner" aria-hidden="true" />}
          Create key
        </button>
      </form>
      {creating.error && (
        <div className="notice notice-error" role="alert">
          {creating.error}
        </div>
      )}
      {deleting && (
        <ConfirmDeleteDialog
          title={`Delete API key “${deleting.name}”?`}
          description="Scripts using this key are refused from the next request on. This cannot be undone; you can create a new key."
          confirmLabel="Delete key"
          onConfirm={() => deleteKey(deleting.id)}
          onClose={() => setDeleting(null)}
        />
      )}
    </section>
  );
}
