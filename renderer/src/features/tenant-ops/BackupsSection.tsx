// Runs in the renderer. The open tenant's backups, newest first: back up now, restore one (after
// a confirmation naming what it replaces) and delete one, with the core's steps as a progress bar.
import { useState } from 'react';
import { useStore } from 'zustand';
import type { Backup } from '../../../../shared/contract/tenant-ops';
import { ConfirmDeleteDialog } from '../../components/ConfirmDeleteDialog';
import type { TenantOpsStore } from '../../stores/tenant-ops-store';
import { shortWhen } from '../tenants/tenant-view';
import { useAction } from '../tenants/useAction';
import { bytes, progressText, rowsSummary } from './tenant-ops-view';

type Confirming = { kind: 'restore' | 'delete'; backup: Backup };

export function BackupsSection({ store }: { store: TenantOpsStore }) {
  const tenantId = useStore(store, (s) => s.tenantId);
  const backups = useStore(store, (s) => s.backups);
  const progress = useStore(store, (s) => s.progress);
  const backupNow = useStore(store, (s) => s.backupNow);
  const rollback = useStore(store, (s) => s.rollback);
  const deleteBackup = useStore(store, (s) => s.deleteBackup);
  const [confirming, setConfirming] = useState<Confirming | null>(null);
  const [act, state] = useAction(async (what: () => Promise<string>) => what());

  return (
    <section aria-labelledby="to-backups-title">
      <div className="tn-card-head">
        <h3 id="to-backups-title">Backups</h3>
        <button
          type="button"
          className="btn btn-primary btn-sm"
          disabled={state.busy}
          onClick={() => void act(backupNow)}
        >
          Back up now
        </button>
      </div>
      {state.busy && (
        <div className="tn-progress" role="status">
          {progress ? progressText(progress) : 'Working…'}
          <progress
            aria-label="Backup or restore progress"
            max={1}
            value={progress?.progress ?? undefined}
          />
        </div>
      )}
      {state.error && (
        <p className="notice notice-error" role="alert">
          {state.error}
        </p>
      )}
      {state.message && (
        <p className="tn-result-line" role="status" data-testid="backup-outcome">
          {state.message}
        </p>
      )}
      {backups.length === 0 ? (
        <p className="tn-empty">No backups of this tenant yet.</p>
      ) : (
        <div className="tn-table-wrap">
          <table className="tn-table" aria-label="Backups">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Database</th>
                <th scope="col">Size</th>
                <th scope="col">Tool</th>
                <th scope="col">Rows per table</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {backups.map((b) => {
                const when = shortWhen(b.created_at);
                return (
                  <tr key={b.id} data-backup={b.id}>
                    <th scope="row" className="tn-nowrap">
                      <time dateTime={b.created_at}>{when}</time>
                    </th>
                    <td className="mono to-db">{b.database}</td>
                    <td className="tn-nowrap">{bytes(b.size_bytes)}</td>
                    <td className="mono">{b.tool}</td>
                    <td className="to-rows">{rowsSummary(b.rows)}</td>
                    <td>
                      <div className="tn-actions">
                        <button
                          type="button"
                          className="btn btn-sm"
                          disabled={state.busy}
                          aria-label={`Restore the backup of ${b.database} from ${when}`}
                          onClick={() => setConfirming({ kind: 'restore', backup: b })}
                        >
                          Restore
                        </button>
                        <button
                          type="button"
                          className="btn btn-sm btn-ghost btn-danger-text"
                          disabled={state.busy}
                          aria-label={`Delete the backup of ${b.database} from ${when}`}
                          onClick={() => setConfirming({ kind: 'delete', backup: b })}
                        >
                          Delete
                        </button>
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {confirming?.kind === 'restore' && (
        <ConfirmDeleteDialog
          title="Restore this backup?"
          description={
            <p>
              The current contents of <strong className="mono">{confirming.backup.database}</strong>{' '}
              ({tenantId}) will be replaced by the backup from{' '}
              {shortWhen(confirming.backup.created_at)}: {rowsSummary(confirming.backup.rows)}.
              Changes made since then are lost. The restore goes into a fresh database first and is
              swapped in only once its rows are verified.
            </p>
          }
          confirmLabel="Restore"
          // The dialog closes at once; the restore's steps show in the section.
          onConfirm={async () => {
            const backup = confirming.backup;
            void act(() => rollback(backup));
          }}
          onClose={() => setConfirming(null)}
        />
      )}
      {confirming?.kind === 'delete' && (
        <ConfirmDeleteDialog
          title="Delete this backup?"
          description={
            <p>
              The backup of <strong className="mono">{confirming.backup.database}</strong> from{' '}
              {shortWhen(confirming.backup.created_at)} ({bytes(confirming.backup.size_bytes)}) is
              removed from the data directory for good.
            </p>
          }
          confirmLabel="Delete backup"
          onConfirm={async () => {
            const id = confirming.backup.id;
            void act(() => deleteBackup(id));
          }}
          onClose={() => setConfirming(null)}
        />
      )}
    </section>
  );
}
