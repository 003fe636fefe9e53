// Runs in the renderer. The one confirmation before something is deleted: it says what goes,
// shows the API's error if deleting fails, and gives Cancel the focus so a stray Enter keeps it.
import { type ReactNode, useState } from 'react';
import { errorMessage } from '../api/api-error';
import { Dialog } from './Dialog';

export function ConfirmDeleteDialog({
  title,
  description,
  confirmLabel,
  onConfirm,
  onClose,
}: {
  title: string;
  description: ReactNode;
  confirmLabel: string;
  onConfirm: () => Promise<void>;
  onClose: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      onClose();
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <Dialog title={title} role="alertdialog" size="sm" onClose={onClose} description={description}>
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
          {confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
