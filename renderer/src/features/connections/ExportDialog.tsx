// Runs in the renderer. Export the chosen connections, without their passwords, as Benchphant's
// JSON (re-importable) or a list of URLs, handed to the browser's download.
import { useId, useState } from 'react';
import { errorMessage } from '../../api/api-error';
import { useConnections } from '../../app/stores-context';
import { Dialog } from '../../components/Dialog';
import { downloadFile } from '../../components/download-file';
import { useSelection } from '../../components/use-selection';
import './transfer.css';

type Format = 'json' | 'urls';

export function ExportDialog({ onClose }: { onClose: () => void }) {
  const items = useConnections((s) => s.items);
  const exportFile = useConnections((s) => s.exportFile);
  const uid = useId();
  // The sandbox's port changes with every start, so it is left out unless chosen.
  const { chosen, toggle, choose } = useSelection(() =>
    items.filter((c) => !c.is_sandbox).map((c) => c.id),
  );
  const [format, setFormat] = useState<Format>('json');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const download = async () => {
    setBusy(true);
    setError(null);
    try {
      const ids = items.filter((c) => chosen.has(c.id)).map((c) => c.id);
      const file = await exportFile({ ids, format });
      downloadFile(
        file.content,
        file.filename,
        format === 'json' ? 'application/json' : 'text/plain',
      );
      onClose();
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };

  const all = chosen.size === items.length;
  return (
    <Dialog
      title="Export connections"
      onClose={onClose}
      description="Passwords are never exported: whoever imports the file types them again."
    >
      <div className="dialog-body">
        <fieldset className="transfer-origin">
          <legend className="field-label">Format</legend>
          <label className="check">
            <input
              type="radio"
              name={`${uid}-format`}
              checked={format === 'json'}
              onChange={() => setFormat('json')}
              data-autofocus
            />
            Benchphant JSON (keeps names, environments, tags; re-importable)
          </label>
          <label className="check">
            <input
              type="radio"
              name={`${uid}-format`}
              checked={format === 'urls'}
              onChange={() => setFormat('urls')}
            />
            Connection URLs, one per line
          </label>
        </fieldset>

        <fieldset className="transfer-origin">
          <legend className="field-label">Connections</legend>
          <label className="check">
            <input
              type="checkbox"
              checked={all}
              onChange={(e) => choose(e.target.checked ? items.map((c) => c.id) : [])}
            />
            All
          </label>
          <ul className="transfer-choices" aria-label="Connections to export">
            {items.map((c) => (
              <li key={c.id}>
                <label className="check">
                  <input
                    type="checkbox"
                    checked={chosen.has(c.id)}
                    onChange={(e) => toggle(c.id, e.target.checked)}
                  />
                  {c.name}
                  <span className="field-hint mono">
                    {c.host}:{c.port}/{c.database}
                  </span>
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
        {error && (
          <div className="notice notice-error" role="alert">
            {error}
          </div>
        )}
      </div>
      <div className="dialog-foot">
        <button type="button" className="btn btn-ghost" onClick={onClose}>
          Cancel
        </button>
        <button
          type="button"
          className="btn btn-primary"
          onClick={() => void download()}
          disabled={busy || chosen.size === 0}
        >
          {busy && <span className="spinner" aria-hidden="true" />}
          Download {chosen.size === 1 ? '1 connection' : `${chosen.size} connections`}
        </button>
      </div>
    </Dialog>
  );
}
