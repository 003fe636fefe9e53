// Runs in the renderer. The import preview: what will be created (each with a checkbox, and a
// password field where the source gave none) and what is skipped and why; nothing is written
// before Import.
import { useState } from 'react';
import type {
  ImportCandidate,
  ImportPreview,
} from '../../../../shared/contract/connection-transfer';
import type { Output } from '../../../../shared/contract';
import { errorMessage } from '../../api/api-error';
import { useConnections } from '../../app/stores-context';
import { useSelection } from '../../components/use-selection';
import { TYPE_LABELS } from './labels';

const address = (c: { username: string; host: string; port: number; database: string }) =>
  `${c.username}@${c.host}:${c.port}/${c.database}`;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

type Failed = Output<'connections.importApply'>['failed'];

export interface ImportPreviewStepProps {
  preview: ImportPreview;
  sourceLabel: string;
  onBack: () => void;
  onClose: () => void;
}

export function ImportPreviewStep({
  preview,
  sourceLabel,
  onBack,
  onClose,
}: ImportPreviewStepProps) {
  const importApply = useConnections((s) => s.importApply);
  const { chosen, toggle } = useSelection(() => preview.candidates.map((c) => c.key));
  const [passwords, setPasswords] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<{ created: number; failed: Failed } | null>(null);
  const { candidates, skipped, notices } = preview;

  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      const items = candidates
        .filter((c) => chosen.has(c.key))
        .map((c) => ({ key: c.key, ...(passwords[c.key] ? { password: passwords[c.key] } : {}) }));
      const result = await importApply({ token: preview.token, items });
      if (result.failed.length === 0) onClose();
      else setOutcome({ created: result.created.length, failed: result.failed });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  if (outcome) {
    return (
      <>
        <div className="dialog-body">
          <p role="status">Created {plural(outcome.created, 'connection')}.</p>
          <div className="notice notice-error" role="alert">
            <ul className="transfer-list">
              {outcome.failed.map((f) => (
                <li key={f.key}>
                  <strong>{f.name || f.key}</strong>: {f.reason}
                </li>
              ))}
            </ul>
          </div>
        </div>
        <div className="dialog-foot">
          <button type="button" className="btn btn-primary" onClick={onClose}>
            Close
          </button>
        </div>
      </>
    );
  }

  return (
    <>
      <div className="dialog-body transfer-preview">
        <p className="transfer-summary" role="status">
          {sourceLabel}
          {preview.file ? ` (${preview.file})` : ''}: {plural(candidates.length, 'connection')} to
          create, {skipped.length} skipped.
        </p>

        {candidates.length > 0 && (
          <table className="transfer-table" aria-label="Connections to create">
            <thead>
              <tr>
                <th scope="col">Import</th>
                <th scope="col">Name</th>
                <th scope="col">Address</th>
                <th scope="col">Password</th>
              </tr>
            </thead>
            <tbody>
              {candidates.map((c) => (
                <CandidateRow
                  key={c.key}
                  candidate={c}
                  chosen={chosen.has(c.key)}
                  onToggle={(on) => toggle(c.key, on)}
                  password={passwords[c.key] ?? ''}
                  onPassword={(value) => setPasswords((p) => ({ ...p, [c.key]: value }))}
                />
              ))}
            </tbody>
          </table>
        )}

        {skipped.length > 0 && (
          <table className="transfer-table" aria-label="Skipped">
            <caption>Skipped</caption>
            <thead>
              <tr>
                <th scope="col">From</th>
                <th scope="col">Connection</th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {skipped.map((s, i) => (
                <tr key={`${s.origin}-${i}`}>
                  <td>{s.origin}</td>
                  <td className="mono">{s.address ?? '—'}</td>
                  <td>{s.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}

        {notices.length > 0 && (
          <ul className="transfer-list transfer-notices" aria-label="Notes">
            {notices.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        )}
        {error && (
          <div className="notice notice-error" role="alert">
            {error}
          </div>
        )}
      </div>
      <div className="dialog-foot">
        {busy && <progress className="transfer-progress" aria-label="Importing" />}
        <button type="button" className="btn btn-ghost" onClick={onBack} disabled={busy}>
          Back
        </button>
        <button type="button" className="btn btn-ghost" onClick={onClose}>
          Cancel
        </button>
        <button
          type="button"
          className="btn btn-primary"
          onClick={() => void confirm()}
          disabled={busy || chosen.size === 0}
        >
          {busy && <span className="spinner" aria-hidden="true" />}
          Import {plural(chosen.size, 'connection')}
        </button>
      </div>
    </>
  );
}

interface CandidateRowProps {
  candidate: ImportCandidate;
  chosen: boolean;
  onToggle: (on: boolean) => void;
  password: string;
  onPassword: (value: string) => void;
}

function CandidateRow({ candidate: c, chosen, onToggle, password, onPassword }: CandidateRowProps) {
  return (
    <tr>
      <td>
        <input
          type="checkbox"
          className="transfer-check"
          checked={chosen}
          onChange={(e) => onToggle(e.target.checked)}
          aria-label={`Import ${c.name}`}
        />
      </td>
      <td>
        <div>{c.name}</div>
        <div className="field-hint">
          {TYPE_LABELS[c.type]} · {c.origin}
        </div>
      </td>
      <td className="mono">{address(c)}</td>
      <td>
        {c.has_password ? (
          <span>from the source</span>
        ) : (
          <input
            type="password"
            className="input"
            value={password}
            onChange={(e) => onPassword(e.target.value)}
            aria-label={`Password for ${c.name}`}
            placeholder={c.needs_password ? 'needed' : 'none'}
            autoComplete="new-password"
            disabled={!chosen}
          />
        )}
      </td>
    </tr>
  );
}
