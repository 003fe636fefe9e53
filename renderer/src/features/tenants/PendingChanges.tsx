// Runs in the renderer. A workspace's pending changes in the order they will deploy: each can be
// skipped (kept in the dev database, left out of the blueprint) or reverted (its inverse applied
// after a confirmation that shows it, or the core's reason where there is none).
import { useState } from 'react';
import { useStore } from 'zustand';
import type { Change } from '../../../../shared/contract/tenants';
import { ConfirmDeleteDialog } from '../../components/ConfirmDeleteDialog';
import type { TenantsStore } from '../../stores/tenants-store';
import { StatusBadge } from './StatusBadge';
import { useAction } from './useAction';
import type { EngineWords } from './engine-words';

function RevertDialog({
  change,
  revert,
  onDone,
  onClose,
}: {
  change: Change;
  revert: (ddlId: string) => Promise<string>;
  onDone: (message: string) => void;
  onClose: () => void;
}) {
  return (
    <ConfirmDeleteDialog
      title="Revert this change?"
      description={
        <>
          <pre className="tn-sql">{change.statement}</pre>
          {change.inverse ? (
            <p>
              This runs <code>{change.inverse}</code> on the development database and takes the
              change off the list.
            </p>
          ) : (
            <p className="notice notice-warning">
              {change.revert_note ?? 'Benchphant knows no inverse for this statement.'}
            </p>
          )}
        </>
      }
      confirmLabel="Revert change"
      onConfirm={async () => onDone(await revert(change.id))}
      onClose={onClose}
    />
  );
}

export function PendingChanges({
  store,
  changes,
  words,
}: {
  store: TenantsStore;
  changes: readonly Change[];
  words: EngineWords;
}) {
  const skipChange = useStore(store, (s) => s.skipChange);
  const revertChange = useStore(store, (s) => s.revertChange);
  const [reverting, setReverting] = useState<Change | null>(null);
  // One line for the latest outcome, a skip's or a revert's, in the core's words.
  const [notice, setNotice] = useState<string | null>(null);
  const [skip, skipState] = useAction(async (ddlId: string) => {
    setNotice(null);
    setNotice(await skipChange(ddlId));
  });
  // Deployed changes belong to blueprint versions now; the rest are this workspace's queue.
  const shown = changes.filter((c) => c.status !== 'deployed');

  return (
    <>
      {shown.length === 0 ? (
        <p className="tn-empty">{words.noChanges}</p>
      ) : (
        <ol className="tn-changes tn-changes-scroll" aria-label="Pending changes">
          {shown.map((c) => (
            <li key={c.id} className="tn-change" data-status={c.status}>
              <div>
                <div className="tn-actions">
                  <span className="pick-list-meta">
                    #{c.seq} · {c.kind}
                  </span>
                  {c.status !== 'pending' && <StatusBadge status={c.status} tone="neutral" />}
                </div>
                <pre>{c.statement}</pre>
              </div>
              {c.status === 'pending' && (
                <div className="tn-actions">
                  <button
                    type="button"
                    className="btn btn-sm"
                    disabled={skipState.busy}
                    aria-label={`Skip change ${c.seq}`}
                    onClick={() => void skip(c.id)}
                  >
                    Skip
                  </button>
                  <button
                    type="button"
                    className="btn btn-sm btn-ghost btn-danger-text"
                    aria-label={`Revert change ${c.seq}`}
                    onClick={() => setReverting(c)}
                  >
                    Revert
                  </button>
                </div>
              )}
            </li>
          ))}
        </ol>
      )}
      {skipState.error && (
        <p className="notice notice-error" role="alert">
          {skipState.error}
        </p>
      )}
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {reverting && (
        <RevertDialog
          change={reverting}
          revert={revertChange}
          onDone={setNotice}
          onClose={() => setReverting(null)}
        />
      )}
    </>
  );
}
