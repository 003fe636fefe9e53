// Runs in the renderer. Asks the user to trust an SSH server's host key that Benchphant has not
// seen: it shows the SHA256 fingerprint to compare, and records the key only on an explicit yes.
import { useState } from 'react';
import type { HostKey } from '../../../../shared/model/connection';
import { errorMessage } from '../../api/api-error';
import { Dialog } from '../../components/Dialog';

export interface HostKeyDialogProps {
  hostKey: HostKey;
  /** Records the key; the form then tests again. */
  onAccept: (key: HostKey) => Promise<void>;
  onClose: () => void;
}

export function HostKeyDialog({ hostKey, onAccept, onClose }: HostKeyDialogProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const accept = async () => {
    setBusy(true);
    setError(null);
    try {
      await onAccept(hostKey);
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };
  return (
    <Dialog
      title="Unknown SSH host key"
      role="alertdialog"
      size="md"
      onClose={onClose}
      description={
        <>
          Benchphant has not connected to{' '}
          <strong>
            {hostKey.host}:{hostKey.port}
          </strong>{' '}
          before. Trust its key only if this fingerprint matches the one the server's administrator
          gives you (for example from <code>ssh-keygen -lf</code> on the server's host key).
        </>
      }
    >
      <div className="dialog-body">
        <dl className="host-key">
          <dt>Key type</dt>
          <dd>{hostKey.key_type}</dd>
          <dt>Fingerprint</dt>
          <dd>
            <code data-testid="host-key-fingerprint">{hostKey.fingerprint}</code>
          </dd>
        </dl>
        {error && (
          <div className="notice notice-error" role="alert">
            {error}
          </div>
        )}
      </div>
      <div className="dialog-foot">
        <span className="spacer" />
        <button type="button" className="btn btn-ghost" onClick={onClose} data-autofocus>
          Cancel
        </button>
        <button
          type="button"
          className="btn btn-primary"
          disabled={busy}
          onClick={() => void accept()}
        >
          {busy && <span className="spinner" aria-hidden="true" />}
          Trust this key and test again
        </button>
      </div>
    </Dialog>
  );
}
