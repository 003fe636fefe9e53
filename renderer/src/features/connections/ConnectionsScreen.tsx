// Runs in the renderer. The Connections screen: the saved connections with their environment,
// Test, Edit and Delete, searched and grouped; the sandbox; and the dialogs that create, edit, delete, import and export.
import { useState } from 'react';
import type { Connection } from '../../../../shared/model/connection';
import { LinkIcon, PlusIcon } from '../../app/icons';
import { ScreenHeader } from '../../app/ScreenHeader';
import { useConnections } from '../../app/stores-context';
import { ConnectionList } from './ConnectionList';
import { ConnectionFormDialog } from './ConnectionFormDialog';
import { DeleteConnectionDialog } from './DeleteConnectionDialog';
import { ExportDialog } from './ExportDialog';
import { ImportDialog } from './ImportDialog';
import { PasteUrlDialog } from './PasteUrlDialog';
import { SandboxBar } from './SandboxBar';
import { SandboxOffer } from './SandboxOffer';
import './connections.css';
import { RetryNotice } from '../../components/RetryNotice';

type Open =
  | { kind: 'create' }
  | { kind: 'edit'; connection: Connection }
  | { kind: 'delete'; connection: Connection }
  | { kind: 'paste' }
  | { kind: 'import' }
  | { kind: 'export' }
  | null;

export function ConnectionsScreen() {
  const items = useConnections((s) => s.items);
  const status = useConnections((s) => s.status);
  const error = useConnections((s) => s.error);
  const load = useConnections((s) => s.load);
  const [open, setOpen] = useState<Open>(null);
  const close = () => setOpen(null);
  const add = () => setOpen({ kind: 'create' });
  const paste = () => setOpen({ kind: 'paste' });

  return (
    <>
      <ScreenHeader
        title="Connections"
        subtitle="The databases Benchphant can test, benchmark and watch."
        actions={
          <>
            {/* Importing is a first step too, so it shows on the empty screen as well. */}
            <button type="button" className="btn" onClick={() => setOpen({ kind: 'import' })}>
              Import…
            </button>
            {items.length > 0 && (
              <>
                <button type="button" className="btn" onClick={() => setOpen({ kind: 'export' })}>
                  Export…
                </button>
                <button type="button" className="btn" onClick={paste}>
                  <LinkIcon /> Paste URL
                </button>
                <button type="button" className="btn btn-primary" onClick={add}>
                  <PlusIcon /> Add connection
                </button>
              </>
            )}
          </>
        }
      />

      {status === 'loading' && (
        <p className="loading" role="status">
          <span className="spinner" aria-hidden="true" /> Loading connections…
        </p>
      )}
      {status === 'error' && <RetryNotice error={error} onRetry={() => void load()} />}
      {status === 'ready' && items.length === 0 && <SandboxOffer onAdd={add} onPaste={paste} />}
      {items.length > 0 && (
        <>
          <SandboxBar />
          <ConnectionList
            items={items}
            onEdit={(connection) => setOpen({ kind: 'edit', connection })}
            onDelete={(connection) => setOpen({ kind: 'delete', connection })}
          />
        </>
      )}

      {open?.kind === 'create' && (
        <ConnectionFormDialog mode={{ kind: 'create' }} onClose={close} />
      )}
      {open?.kind === 'edit' && <ConnectionFormDialog mode={open} onClose={close} />}
      {open?.kind === 'delete' && (
        <DeleteConnectionDialog connection={open.connection} onClose={close} />
      )}
      {open?.kind === 'paste' && <PasteUrlDialog onClose={close} />}
      {open?.kind === 'import' && <ImportDialog onClose={close} />}
      {open?.kind === 'export' && <ExportDialog onClose={close} />}
    </>
  );
}
