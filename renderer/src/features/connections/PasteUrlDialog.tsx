// Runs in the renderer. Save a connection from a `postgres://` or `mysql://` URL; the core parses
// it. A password in the URL moves to a hidden field as it is typed, the URL can be tested before
// saving, and a URL that reaches an already saved database as the same user is flagged.
import { type FormEvent, useEffect, useId, useState } from 'react';
import { operations } from '../../../../shared/contract';
import { ENVIRONMENTS, type Environment } from '../../../../shared/model/connection';
import { errorMessage } from '../../api/api-error';
import { PlayIcon } from '../../app/icons';
import { useConnections } from '../../app/stores-context';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import type { TestOutcome } from '../../stores/connections-store';
import { DuplicateWarning } from './DuplicateNotice';
import { ENVIRONMENT_LABELS } from './labels';
import { SecretInput } from './SecretInput';
import { TestResultLine } from './TestResultLine';
import { splitPassword, withPassword } from './url-password';

const schema = operations['connections.createFromUrl'].input;
const NO_USER_FOR_PASSWORD = 'Add the user to the URL (user@host) for the password to go with it.';

/** The saved connection the URL duplicates, checked shortly after typing stops. */
function useDuplicate(url: string): { id: string; name: string } | null {
  const checkUrl = useConnections((s) => s.checkUrl);
  const [duplicate, setDuplicate] = useState<{ id: string; name: string } | null>(null);
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      if (!url.trim()) return setDuplicate(null);
      checkUrl(url, false).then(
        (r) => live && setDuplicate(r.duplicate),
        // A URL still being typed does not parse yet; Save says why if it never does.
        () => live && setDuplicate(null),
      );
    }, 300);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [url, checkUrl]);
  return duplicate;
}

export function PasteUrlDialog({ onClose }: { onClose: () => void }) {
  const createFromUrl = useConnections((s) => s.createFromUrl);
  const checkUrl = useConnections((s) => s.checkUrl);
  const uid = useId();
  const [url, setUrl] = useState('');
  const [password, setPassword] = useState('');
  const [moved, setMoved] = useState(false);
  const [name, setName] = useState('');
  const [environment, setEnvironment] = useState<Environment>('development');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [outcome, setOutcome] = useState<TestOutcome | null>(null);
  const duplicate = useDuplicate(url);

  const typed = (value: string) => {
    const split = splitPassword(value);
    setUrl(split.url);
    if (split.password !== null) {
      setPassword(split.password);
      setMoved(true);
    }
    setError(null);
    setOutcome(null);
  };

  /** The URL to send, or null (with the reason shown) when it cannot carry the password. */
  const fullUrl = (): string | null => {
    const full = withPassword(url, password);
    if (password && full === url) {
      setError(NO_USER_FOR_PASSWORD);
      return null;
    }
    return full;
  };

  const test = async () => {
    const full = fullUrl();
    if (full === null) return;
    setOutcome({ state: 'running' });
    try {
      const r = await checkUrl(full, true);
      const at = new Date().toISOString();
      setOutcome(r.test ? { state: 'done', result: r.test, at } : null);
    } catch (err) {
      setOutcome({ state: 'failed', message: errorMessage(err), at: new Date().toISOString() });
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const full = fullUrl();
    if (full === null) return;
    const input = { url: full, environment, ...(name.trim() ? { name } : {}) };
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      setError('Type or paste a connection URL.');
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
                <code>mysql://user@127.0.0.1:3306/app</code>. A password typed in it moves to the
                Password field below, hidden, and goes to the secret store.
              </>
            }
          >
            {(a) => (
              <input
                {...a}
                className="input mono"
                value={url}
                onChange={(e) => typed(e.target.value)}
                autoComplete="off"
                spellCheck={false}
                data-autofocus
              />
            )}
          </Field>
          {duplicate && <DuplicateWarning name={duplicate.name} />}
          <Field
            id={`${uid}-password`}
            label="Password"
            optional
            className="span-2"
            hint={moved ? 'Taken from the URL; it is not shown.' : undefined}
          >
            {(a) => (
              <SecretInput
                attrs={a}
                value={password}
                saved={false}
                onChange={(v) => {
                  setPassword(v);
                  setOutcome(null);
                }}
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
          <div className="span-2">
            <TestResultLine outcome={outcome} />
          </div>
        </div>
        <div className="dialog-foot">
          <button
            type="button"
            className="btn"
            onClick={() => void test()}
            disabled={!url.trim() || outcome?.state === 'running'}
          >
            <PlayIcon /> Test
          </button>
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
