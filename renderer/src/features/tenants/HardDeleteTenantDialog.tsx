// Runs in the renderer. Hard delete of a tenant: its databases and roles are dropped for good, so
// the user types the tenant id first; a mismatch is refused before anything reaches the API.
import { useId, useState } from 'react';
import { ConfirmDeleteDialog } from '../../components/ConfirmDeleteDialog';

export function HardDeleteTenantDialog({
  tenantId,
  remove,
  onClose,
}: {
  tenantId: string;
  remove: (confirm: string) => Promise<void>;
  onClose: () => void;
}) {
  const id = useId();
  const [typed, setTyped] = useState('');
  return (
    <ConfirmDeleteDialog
      title={`Delete tenant '${tenantId}' for good?`}
      description={
        <div className="field">
          <p>
            Its databases and their roles are dropped with every row in them. This cannot be undone;
            a soft delete can.
          </p>
          <label className="field-label" htmlFor={id}>
            Type &lsquo;{tenantId}&rsquo; to confirm
          </label>
          <input
            id={id}
            className="input mono"
            autoComplete="off"
            spellCheck={false}
            data-autofocus
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
          />
        </div>
      }
      confirmLabel="Delete for good"
      onConfirm={async () => {
        if (typed !== tenantId) {
          throw new Error(`Type the tenant id '${tenantId}' exactly to delete it for good.`);
        }
        await remove(typed);
      }}
      onClose={onClose}
    />
  );
}
