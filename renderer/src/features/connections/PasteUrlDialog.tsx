// Runs in the renderer. Save a connection from a `postgres://` or `mysql://` URL; the core parses
// it, and a password inside it goes to the secret store like any other.
import { type FormEvent, useId, useState } from 'react';
import { operations } from '../../../../shared/contract';
import { ENVIRONMENTS, type Environment } from '../../../../shared/model/connection';
import { errorMessage } from '../../api/api-error';
import { useConnections } from '../../app/stores-context';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { ENVIRONMENT_LABELS } from './labels';

const schema = operations['connections.createFromUrl'].input;

export function PasteUrlDialog({ onClose }: { onClose: () => void }) {
  const createFromUrl = useConnections((s) => s.createFromUrl);
  const uid = useId();
  const [url, setUrl] = useState('');
  const [name, setName] = useState('');
  const [environment, setEnvironment] = useState<Environment>('development');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const input = { url, environment, ...(name.trim() ? { name } : {}) };
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? 'The URL is not valid.');
      return;
    }
    setSaving(true);
    setError(null);
    try {
      await createFromUrl(input);
      onClose();
    } catch (err) {
      setSaving(false);
      setError(errorMessage(err));
    }
  };

  return (
    <Dialog title="Add connection from a URL" onClose={onClose}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div className="dialog-body form-grid">
          <Field
            id={`${uid}-url`}
            label="Connection URL"
            error={error ?? undefined}
            className="span-2"
            hint={
              <>
                For example{' '}
                <code>postgres://user:password@db.example.com:5432/app?sslmode=require</code> or{' '}
                <code>mysql://user@127.0.0.1:3306/app</code>. A password in it goes to the secret
                store.
              </>
            }
          >
            {(a) => (
              <input
                {...a}
                className="input mono"
                value={url}
                onChange={(e) => {
                  setUrl(e.target.value);
                  setError(null);
                }}
                autoComplete="off"
                spellCheck={false}
                data-autofocus
              />
            )}
          </Field>
          <Field id={`${uid}-name`} label="Name" optional hint="Default: user@host/database.">
            {(a) => (
              <input
                {...a}
                className="input"
                value={name}
                onChange={(e) => setName(e.target.value)}
              />
            )}
          </Field>
          <Field id={`${uid}-env`} label="Environment">
            {(a) => (
              <select
                {...a}
                className="select"
                value={environment}
                onChange={(e) => setEnvironment(e.target.value as Environment)}
              >
                {ENVIRONMENTS.map((env) => (
                  <option key={env} value={env}>
                    {ENVIRONMENT_LABELS[env]}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <div className="dialog-foot">
          <button type="button" className="btn btn-ghost" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={saving}>
            {saving && <span className="spinner" aria-hidden="true" />}
            Save connection
          </button>
        </div>
      </form>
    </Dialog>
  );
}
