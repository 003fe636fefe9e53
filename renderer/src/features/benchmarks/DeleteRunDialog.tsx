// Runs in the renderer. Confirms deleting a saved run: its intervals and histogram go with it.
// Cancel has the focus, so a stray Enter keeps the run.
import { useState } from 'react';
import type { RunSummary } from '../../../../shared/contract/benchmarks';
import { errorMessage } from '../../api/api-error';
import { Dialog } from '../../components/Dialog';
import { shortTime, workloadLabel } from './workload-defaults';

export function DeleteRunDialog({
  run,
  remove,
  onClose,
}: {
  run: RunSummary;
  remove: (id: string) => Promise<void>;
  onClose: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await remove(run.id);
      onClose();
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={`Delete the ${workloadLabel(run.type)} run of ${shortTime(run.start_time)}?`}
      role="alertdialog"
      size="sm"
      onClose={onClose}
      description="Its figures, intervals and latency histogram are removed. The database it ran against is not touched. This cannot be undone."
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
          Delete run
        </button>
      </div>
    </Dialog>
  );
}
