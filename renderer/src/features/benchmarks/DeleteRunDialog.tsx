// Runs in the renderer. Confirms deleting a saved run: its intervals and histogram go with it.
import type { RunSummary } from '../../../../shared/contract/benchmarks';
import { ConfirmDeleteDialog } from '../../components/ConfirmDeleteDialog';
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
  return (
    <ConfirmDeleteDialog
      title={`Delete the ${workloadLabel(run.type)} run of ${shortTime(run.start_time)}?`}
      description="Its figures, intervals and latency histogram are removed. The database it ran against is not touched. This cannot be undone."
      confirmLabel="Delete run"
      onConfirm={() => remove(run.id)}
      onClose={onClose}
    />
  );
}
