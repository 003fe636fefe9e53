// Runs in the renderer. The empty state: a new user's first step is the built-in Sandbox
// PostgreSQL (one click) or a connection of their own.
import { DatabaseIcon, LinkIcon, PlayIcon, PlusIcon } from '../../app/icons';
import { useSandbox } from '../../app/stores-context';

export function SandboxOffer({ onAdd, onPaste }: { onAdd: () => void; onPaste: () => void }) {
  const start = useSandbox((s) => s.start);
  const starting = useSandbox((s) => s.busy || s.status?.state === 'starting');
  const error = useSandbox((s) => s.error);
  return (
    <section className="empty-state" aria-labelledby="empty-title">
      <div className="empty-icon">
        <DatabaseIcon />
      </div>
      <h2 id="empty-title">No connections yet</h2>
      <p>
        Try Benchphant on the built-in <strong>Sandbox PostgreSQL</strong> — a real PostgreSQL that
        runs inside Benchphant’s data directory, on this machine only — or add a database of your
        own.
      </p>
      <div className="empty-actions">
        <button
          type="button"
          className="btn btn-primary btn-lg"
          onClick={() => void start()}
          disabled={starting}
        >
          {starting ? <span className="spinner" aria-hidden="true" /> : <PlayIcon />}
          {starting ? 'Starting the Sandbox PostgreSQL…' : 'Start the Sandbox PostgreSQL'}
        </button>
        <button type="button" className="btn btn-lg" onClick={onAdd}>
          <PlusIcon /> Add connection
        </button>
        <button type="button" className="btn btn-ghost btn-lg" onClick={onPaste}>
          <LinkIcon /> Paste URL
        </button>
      </div>
      <div role="status" className="empty-status">
        {starting &&
          'Starting PostgreSQL; the first start also creates its cluster and takes a few seconds.'}
      </div>
      {error && (
        <div className="notice notice-error" role="alert">
          {error}
        </div>
      )}
    </section>
  );
}
