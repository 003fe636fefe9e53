// Runs in the renderer. Import connections from another tool: choose a source and paste, upload or
// read its default file; then the preview (created vs skipped, with reasons), and Confirm.
import { type FormEvent, useId, useState } from 'react';
import {
  IMPORT_MAX_CHARS,
  IMPORT_SOURCES,
  type ImportPreview,
  type ImportSource,
} from '../../../../shared/contract/connection-transfer';
import { errorMessage } from '../../api/api-error';
import { useConnections } from '../../app/stores-context';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { ImportPreviewStep } from './ImportPreviewStep';
import { IMPORT_SOURCE_INFO } from './import-sources';
import './transfer.css';

type Origin = 'text' | 'default';

export function ImportDialog({ onClose }: { onClose: () => void }) {
  const importPreview = useConnections((s) => s.importPreview);
  // In a browser the server reads none of its own files for the page: contents are uploaded.
  const readsLocalFiles = useConnections((s) => s.readsLocalFiles);
  const uid = useId();
  const [source, setSource] = useState<ImportSource>('urls');
  const [origin, setOrigin] = useState<Origin>('text');
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const info = IMPORT_SOURCE_INFO[source];
  const defaultFile = readsLocalFiles ? info.defaultFile : undefined;
  const fromDefault = origin === 'default' && defaultFile !== undefined;

  const pickSource = (next: ImportSource) => {
    setSource(next);
    setError(null);
    if (!IMPORT_SOURCE_INFO[next].defaultFile) setOrigin('text');
  };

  const upload = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    const content = await file.text();
    if (content.length > IMPORT_MAX_CHARS) {
      setError(`${file.name} is too large: an import reads up to ${IMPORT_MAX_CHARS} characters.`);
      return;
    }
    setText(content);
    setFileName(file.name);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!fromDefault && !text.trim()) {
      setError('Paste the contents or choose a file first.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      setPreview(await importPreview(fromDefault ? { source } : { source, text }));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  if (preview) {
    return (
      <Dialog title="Import connections: preview" onClose={onClose} size="lg">
        <ImportPreviewStep
          preview={preview}
          sourceLabel={fileName ?? info.label}
          onBack={() => setPreview(null)}
          onClose={onClose}
        />
      </Dialog>
    );
  }

  return (
    <Dialog title="Import connections" onClose={onClose} size="lg">
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div className="dialog-body form-grid">
          <Field id={`${uid}-source`} label="Import from" className="span-2" hint={info.hint}>
            {(a) => (
              <select
                {...a}
                className="select"
                value={source}
                onChange={(e) => pickSource(e.target.value as ImportSource)}
                data-autofocus
              >
                {IMPORT_SOURCES.map((s) => (
                  <option key={s} value={s}>
                    {IMPORT_SOURCE_INFO[s].label}
                  </option>
                ))}
              </select>
            )}
          </Field>

          {defaultFile && (
            <fieldset className="span-2 transfer-origin">
              <legend className="field-label">Where from</legend>
              <label className="check">
                <input
                  type="radio"
                  name={`${uid}-origin`}
                  checked={origin === 'text'}
                  onChange={() => setOrigin('text')}
                />
                Paste or upload the contents
              </label>
              <label className="check">
                <input
                  type="radio"
                  name={`${uid}-origin`}
                  checked={origin === 'default'}
                  onChange={() => setOrigin('default')}
                />
                Read <code>{defaultFile}</code> on this computer
              </label>
            </fieldset>
          )}

          {!fromDefault && (
            <>
              <Field
                id={`${uid}-text`}
                label={source === 'urls' ? 'URLs' : 'Contents'}
                className="span-2"
                error={error ?? undefined}
                hint={fileName ? `From ${fileName}.` : 'Paste here, or choose a file below.'}
              >
                {(a) => (
                  <textarea
                    {...a}
                    className="textarea mono transfer-text"
                    rows={8}
                    value={text}
                    onChange={(e) => {
                      setText(e.target.value);
                      setFileName(null);
                      setError(null);
                    }}
                    autoComplete="off"
                    spellCheck={false}
                  />
                )}
              </Field>
              <Field id={`${uid}-file`} label="File" optional className="span-2">
                {(a) => (
                  <input
                    {...a}
                    type="file"
                    accept={info.accept}
                    onChange={(e) => void upload(e.target.files?.[0])}
                  />
                )}
              </Field>
            </>
          )}
          {fromDefault && error && (
            <div className="notice notice-error span-2" role="alert">
              {error}
            </div>
          )}
        </div>
        <div className="dialog-foot">
          {busy && <progress className="transfer-progress" aria-label="Reading the source" />}
          <button type="button" className="btn btn-ghost" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy && <span className="spinner" aria-hidden="true" />}
            Preview
          </button>
        </div>
      </form>
    </Dialog>
  );
}
