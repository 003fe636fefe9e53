// Runs in the renderer. Tags and notes of one run ("after index change"): tags as one
// comma-separated line, notes as free text; the filters use both.
import { type FormEvent, useState } from 'react';
import type { RunSummary } from '../../../../shared/contract/benchmarks';
import { errorMessage } from '../../api/api-error';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { parseTags } from './filters';

export function TagsNotesDialog({
  run,
  name,
  save,
  onClose,
}: {
  run: RunSummary;
  name: string;
  save: (id: string, patch: { tags: string[]; notes: string }) => Promise<unknown>;
  onClose: () => void;
}) {
  const [tags, setTags] = useState(run.tags.join(', '));
  const [notes, setNotes] = useState(run.notes);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await save(run.id, { tags: parseTags(tags), notes });
      onClose();
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <Dialog title={`Tags and notes of ${name}`} onClose={onClose}>
      <form onSubmit={(e) => void submit(e)} aria-label="Tags and notes">
        <div className="dialog-body results-tags-form">
          <Field
            id="run-tags"
            label="Tags"
            hint="Separate tags with commas, e.g. after index change, pg16."
          >
            {(a11y) => (
              <input
                {...a11y}
                className="input"
                value={tags}
                onChange={(e) => setTags(e.target.value)}
                data-autofocus
              />
            )}
          </Field>
          <Field id="run-notes" label="Notes" optional>
            {(a11y) => (
              <textarea
                {...a11y}
                className="textarea"
                rows={5}
                value={notes}
                onChange={(e) => setNotes(e.target.value)}
              />
            )}
          </Field>
          {error && (
            <div className="notice notice-error" role="alert">
              {error}
            </div>
          )}
        </div>
        <div className="dialog-foot">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy && <span className="spinner" aria-hidden="true" />}
            Save
          </button>
        </div>
      </form>
    </Dialog>
  );
}
