// Runs in the renderer. Changing the logged-in account's password: current one, new one twice;
// the server ends the account's other logins. Passwords live only in this form's state.
import { type FormEvent, useId, useState } from 'react';
import { errorMessage } from '../../api/api-error';
import { useAccount } from '../../app/stores-context';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';

const MIN_LENGTH = 8;

function PasswordField(props: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  autoComplete?: string;
  autoFocus?: boolean;
}) {
  return (
    <Field id={props.id} label={props.label} error={props.error}>
      {(a) => (
        <input
          {...a}
          className="input"
          type="password"
          autoComplete={props.autoComplete ?? 'new-password'}
          value={props.value}
          onChange={(e) => props.onChange(e.target.value)}
          {...(props.autoFocus ? { 'data-autofocus': true } : {})}
        />
      )}
    </Field>
  );
}

export function ChangePasswordDialog({ onClose }: { onClose: () => void }) {
  const id = useId();
  const changePassword = useAccount((s) => s.changePassword);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  const tooShort = next !== '' && next.length < MIN_LENGTH;
  const differs = again !== '' && again !== next;
  const ready = current !== '' && next.length >= MIN_LENGTH && again === next;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!ready) return;
    setBusy(true);
    setError(null);
    try {
      await changePassword(current, next);
      setDone(true);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title="Change password" size="sm" onClose={onClose}>
      {done ? (
        <>
          <div className="dialog-body">
            <p role="status">
              Your password is changed. Every other place you were logged in (other browsers,
              scripts using a login token) has been logged out; this one stays.
            </p>
          </div>
          <div className="dialog-foot">
            <button type="button" className="btn btn-primary" onClick={onClose} data-autofocus>
              Done
            </button>
          </div>
        </>
      ) : (
        <form onSubmit={(e) => void submit(e)} aria-label="Change password">
          <div className="dialog-body account-form">
            {error && (
              <div className="notice notice-error" role="alert">
                {error === 'Invalid username or password'
                  ? 'The current password is not right.'
                  : error}
              </div>
            )}
            <PasswordField
              id={`${id}-current`}
              label="Current password"
              autoComplete="current-password"
              value={current}
              onChange={setCurrent}
              autoFocus
            />
            <PasswordField
              id={`${id}-next`}
              label="New password"
              error={tooShort ? `Use at least ${MIN_LENGTH} characters.` : undefined}
              value={next}
              onChange={setNext}
            />
            <PasswordField
              id={`${id}-again`}
              label="New password again"
              error={differs ? 'The two new passwords differ.' : undefined}
              value={again}
              onChange={setAgain}
            />
          </div>
          <div className="dialog-foot">
            <button type="button" className="btn" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" className="btn btn-primary" disabled={!ready || busy}>
              {busy && <span className="spinner" aria-hidden="true" />}
              Change password
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
