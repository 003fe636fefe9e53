// Runs in the renderer. Confirms a delete by naming the connection and saying where its password
// goes; the database itself is never touched.
import type { Connection } from '../../../../shared/model/connection';
import { useAppInfo, useConnections } from '../../app/stores-context';
import { ConfirmDeleteDialog } from '../../components/ConfirmDeleteDialog';
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
  const where = SECRET_STORE_PLACES[store ?? 'none'];
  return (
    <ConfirmDeleteDialog
      title={`Delete “${connection.name}”?`}
      description={
        <>
          Benchphant forgets this connection
          {connection.has_password ? ` and removes its saved password from the ${where}` : ''}. The
          database itself is not touched. This cannot be undone.
        </>
      }
      confirmLabel="Delete connection"
      onConfirm={() => remove(connection.id)}
      onClose={onClose}
    />
  );
}
