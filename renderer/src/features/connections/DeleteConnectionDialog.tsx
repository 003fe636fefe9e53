// Runs in the renderer. Confirms a delete by naming the connection; Cancel has the focus, so a
// stray Enter keeps the connection.
import { useState } from 'react';
import type { Connection } from '../../../../shared/model/connection';
import { errorMessage } from '../../api/api-error';
import { useAppInfo, useConnections } from '../../app/stores-context';
import { Dialog } from '../../components/Dialog';
import { SECRET_STORE_PLACES } from './labels';

export function DeleteConnectionDialog({
  connection,
  onClose,
}: {
  connection: Connection;
  onClose: () => void;
}) {
  const remove = useConnections((s) => s.remove);
  const store = useAppInfo((s) => s.info?.secret_store);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await remove(connection.id);
      onClose();
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };

  const where = SECRET_STORE_PLACES[store ?? 'none'];
  return (
    <Dialog
      title={`Delete “${connection.name}”?`}
      role="alertdialog"
      size="sm"
      onClose={onClose}
      description={
        <>
          Benchphant forgets this connection
          {connection.has_password ? ` and removes its saved password from the ${where}` : ''}. The
          database itself is not touched. This cannot be undone.
        </>
      }
    >
      {error && (
        <div className="dialog-body">
          <div className="notice notice-error" role="alert">
            {error}
          </div>
        </div>
      )}
      <div className="dialog-foot">
        <button type="button" className="btn" onClick={onClose} data-autofocus>
          Cancel
        </button>
        <button
          type="button"
          className="btn btn-danger"
          onClick={() => void confirm()}
          disabled={busy}
        >
          {busy && <span className="spinner" aria-hidden="true" />}
          Delete connection
        </button>
      </div>
    </Dialog>
  );
}
