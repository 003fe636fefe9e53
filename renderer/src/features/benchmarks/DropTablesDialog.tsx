// Runs in the renderer. "Drop benchmark tables": reads which of Benchphant's tables a schema holds
// and their size, then asks before dropping them, stating what goes and how much it frees.
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { BenchTables } from '../../../../shared/contract/benchmarks';
import { roughBytes } from '../../../../shared/model/benchmark-data';
import { errorMessage } from '../../api/api-error';
import { ConfirmDeleteDialog } from '../../components/ConfirmDeleteDialog';
import { Dialog } from '../../components/Dialog';
import type { BenchmarksStore } from '../../stores/benchmarks-store';

export function DropTablesDialog({
  store,
  connection,
  schema,
  place,
  onDone,
  onClose,
}: {
  store: BenchmarksStore;
  connection: { id: string; name: string };
  schema: string;
  /** "schema" on PostgreSQL, "database" on MySQL. */
  place: string;
  onDone: (message: string) => void;
  onClose: () => void;
}) {
  const benchTables = useStore(store, (s) => s.benchTables);
  const dropBenchTables = useStore(store, (s) => s.dropBenchTables);
  const [found, setFound] = useState<BenchTables | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    benchTables(connection.id, schema).then(
      (t) => live && setFound(t),
      (err: unknown) => live && setError(errorMessage(err)),
    );
    return () => {
      live = false;
    };
  }, [benchTables, connection.id, schema]);

  if (!found || found.tables.length === 0) {
    return (
      <Dialog title="Drop benchmark tables" size="sm" onClose={onClose}>
        <div className="dialog-body">
          {error ? (
            <div className="notice notice-error" role="alert">
              {error}
            </div>
          ) : found ? (
            <p role="status">
              There are no benchmark tables in the {place} {schema} on {connection.name}: nothing to
              drop.
            </p>
          ) : (
            <p role="status">Looking for benchmark tables in {schema}…</p>
          )}
        </div>
        <div className="dialog-foot">
          <button type="button" className="btn" onClick={onClose} data-autofocus>
            Close
          </button>
        </div>
      </Dialog>
    );
  }
  const names = found.tables.map((t) => t.name);
  return (
    <ConfirmDeleteDialog
      title={`Drop ${names.length} benchmark tables from ${schema}?`}
      description={
        <span data-testid="drop-tables-description">
          This drops {names.join(', ')} in the {place} {schema} on {connection.name} and frees about{' '}
          {roughBytes(found.bytes)}. Other tables there are left alone. The next run prepares its
          data again.
        </span>
      }
      confirmLabel={`Drop tables (${roughBytes(found.bytes)})`}
      onConfirm={async () => onDone(await dropBenchTables(connection.id, schema))}
      onClose={onClose}
    />
  );
}
