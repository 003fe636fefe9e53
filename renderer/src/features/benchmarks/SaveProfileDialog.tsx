// Runs in the renderer. Names the New run form's settings as a profile; a taken name is replaced
// only after the user says so.
import { type FormEvent, useId, useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { useProfiles } from '../../app/stores-context';
import type { ProfileSettings } from '../../stores/profiles-store';

export function SaveProfileDialog({
  settings,
  initialName,
  onClose,
}: {
  settings: ProfileSettings;
  initialName: string;
  onClose: () => void;
}) {
  const save = useProfiles((s) => s.save);
  const error = useProfiles((s) => s.error);
  const id = useId();
  const [name, setName] = useState(initialName);
  const [taken, setTaken] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return;
    setSaving(true);
    const outcome = await save(name.trim(), settings, taken === name.trim());
    setSaving(false);
    if (outcome === 'saved') onClose();
    else if (outcome === 'exists') setTaken(name.trim());
  };

  const replacing = taken !== null && taken === name.trim();
  return (
    <Dialog title="Save as profile" size="sm" onClose={onClose}>
      <form onSubmit={(e) => void submit(e)} aria-label="Save as profile">
        <div className="dialog-body">
          <Field
            id={`${id}-name`}
            label="Profile name"
            error={replacing ? `A profile named '${taken}' exists: saving replaces it.` : undefined}
            hint="Workload, clients, duration, rate and parameters; not the connection."
          >
            {(a) => (
              <input
                {...a}
                data-autofocus
                className="input"
                maxLength={100}
                value={name}
                onChange={(e) => setName(e.target.value)}
              />
            )}
          </Field>
          {error && (
            <p className="notice notice-error" role="alert">
              {error}
            </p>
          )}
        </div>
        <div className="dialog-foot">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={!name.trim() || saving}>
            {replacing ? 'Replace profile' : 'Save profile'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
