// Runs in the renderer. The one confirmation before anything hard to undo (a tenant server
// changed, data dropped, a rollout started): it says what will happen in numbers, shows the API's
// error if the action fails, and gives Cancel the focus so a stray Enter changes nothing.
import { type ReactNode, useState } from 'react';
import { errorMessage } from '../api/api-error';
import { Dialog } from './Dialog';

export interface ConfirmDialogProps {
  title: string;
  /** The consequences in one sentence, in numbers where there are any ("ends 3 sessions"). */
  summary?: string;
  /** What follows, and how to undo it where that is possible. */
  note?: string;
  /** Anything else the decision needs (a statement, a field to type into). */
  description?: ReactNode;
  confirmLabel: string;
  /** `danger` for what drops or ends something; `primary` for a change that can be undone later. */
  tone?: 'danger' | 'primary';
  /** While the consequences are still being counted, or a typed confirmation does not match. */
  confirmDisabled?: boolean;
  onConfirm: () => Promise<void>;
  onClose: () => void;
}

export function ConfirmDialog({
  title,
  summary,
  note,
  description,
  confirmLabel,
  tone = 'danger',
  confirmDisabled = false,
  onConfirm,
  onClose,
}: ConfirmDialogProps) {
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
    <Dialog
      title={title}
      role="alertdialog"
      size="sm"
      onClose={onClose}
      description={
        <>
          {summary && <p data-testid="confirm-summary">{summary}</p>}
          {note && <p>{note}</p>}
          {description}
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
          className={`btn ${tone === 'danger' ? 'btn-danger' : 'btn-primary'}`}
          onClick={() => void confirm()}
          disabled={busy || confirmDisabled}
        >
          {busy && <span className="spinner" aria-hidden="true" />}
          {confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
