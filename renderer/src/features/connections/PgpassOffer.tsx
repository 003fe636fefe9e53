// Runs in the renderer. On a saved connection without a password: when the password file
// (~/.pgpass or $PGPASSFILE) has one for it, offer to keep it in the secret store. The password
// itself never comes to the renderer.
import { useEffect, useState } from 'react';
import type { Connection } from '../../../../shared/model/connection';
import { errorMessage } from '../../api/api-error';
import { useConnections } from '../../app/stores-context';

export function PgpassOffer({ connection: c }: { connection: Connection }) {
  const pgpassOffer = useConnections((s) => s.pgpassOffer);
  const keepPgpassPassword = useConnections((s) => s.keepPgpassPassword);
  const [file, setFile] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    pgpassOffer(c.id).then(
      (r) => live && setFile(r.available ? r.file : null),
      // No offer is the quiet answer: the password can always be typed in Edit.
      () => live && setFile(null),
    );
    return () => {
      live = false;
    };
  }, [c.id, pgpassOffer]);

  if (!file) return null;
  const store = async () => {
    setBusy(true);
    try {
      await keepPgpassPassword(c.id);
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };
  return (
    <div className="notice conn-pgpass" data-testid="pgpass-offer">
      <span>
        Your password file (<code>{file}</code>) has a password for this connection.
      </span>
      <button
        type="button"
        className="btn btn-sm"
        disabled={busy}
        aria-label={`Keep it in the secret store: the password of ${c.name}`}
        onClick={() => void store()}
      >
        Keep it in the secret store
      </button>
      {error && <span className="field-error">{error}</span>}
    </div>
  );
}
