// Runs in the renderer. One card of settings typed into fields: checked against the contract's
// schema before it is sent, each problem next to its field in the Settings screen's words, and
// a confirmation that the change applies now; a change made elsewhere shows up in its fields.
import { type FormEvent, type ReactNode, useId, useState } from 'react';
import type { z } from 'zod';
import { Field } from '../../components/Field';
import { useSaidLine } from './useSaidLine';

export interface SettingField<K extends string> {
  key: K;
  label: string;
  /** Shown under the field, e.g. the unit. */
  hint: string;
  /** What to type instead, when the value is refused. */
  invalid: string;
  kind?: 'number' | 'text';
}

export interface SettingsFormProps<K extends string> {
  title: string;
  intro: string;
  fields: SettingField<K>[];
  values: Record<K, number | string>;
  schema: z.ZodType;
  /** Sends the checked values; rejects with the core's refusal. */
  save: (values: Record<K, number | string>) => Promise<void>;
  children?: ReactNode;
}

export function SettingsForm<K extends string>(props: SettingsFormProps<K>) {
  const { title, intro, fields, values, schema, save, children } = props;
  const uid = useId();
  const [text, setText] = useState<Record<string, string>>(() =>
    Object.fromEntries(fields.map((f) => [f.key, String(values[f.key])])),
  );
  // A value changed elsewhere (another window, `benchphant settings set`) replaces what a field
  // shows unless the user has typed over it there.
  const [seen, setSeen] = useState(values);
  if (fields.some((f) => values[f.key] !== seen[f.key])) {
    setSeen(values);
    setText((t) =>
      Object.fromEntries(
        fields.map((f) => {
          const typed = t[f.key] ?? '';
          return [f.key, typed === String(seen[f.key]) ? String(values[f.key]) : typed];
        }),
      ),
    );
  }
  const [errors, setErrors] = useState<Partial<Record<K, string>>>({});
  const [run, line, clearSaid] = useSaidLine();
  const [saving, setSaving] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const typed = Object.fromEntries(
      fields.map((f) => {
        const raw = (text[f.key] ?? '').trim();
        return [f.key, f.kind === 'text' ? raw : raw === '' ? Number.NaN : Number(raw)];
      }),
    ) as Record<K, number | string>;
    const checked = schema.safeParse(typed);
    if (!checked.success) {
      const next: Partial<Record<K, string>> = {};
      for (const issue of checked.error.issues) {
        const field = fields.find((f) => f.key === issue.path[0]);
        if (field) next[field.key] = field.invalid;
      }
      setErrors(next);
      clearSaid();
      return;
    }
    setErrors({});
    setSaving(true);
    await run(() => save(typed));
    setSaving(false);
  };

  const titleId = `${uid}-title`;
  return (
    <section className="settings-card" aria-labelledby={titleId}>
      <h2 id={titleId}>{title}</h2>
      <p className="fact-hint settings-intro">{intro}</p>
      {children}
      <form className="settings-form" onSubmit={(e) => void submit(e)} noValidate>
        <div className="settings-fields">
          {fields.map((f) => (
            <Field
              key={f.key}
              id={`${uid}-${f.key}`}
              label={f.label}
              hint={f.hint}
              error={errors[f.key]}
            >
              {(a) => (
                <input
                  {...a}
                  className={`input ${f.kind === 'text' ? 'mono' : ''}`}
                  inputMode={f.kind === 'text' ? undefined : 'numeric'}
                  value={text[f.key] ?? ''}
                  spellCheck={false}
                  onChange={(e) => {
                    setText((t) => ({ ...t, [f.key]: e.target.value }));
                    clearSaid();
                  }}
                />
              )}
            </Field>
          ))}
        </div>
        <div className="settings-foot">
          <button type="submit" className="btn btn-primary" disabled={saving}>
            {saving && <span className="spinner" aria-hidden="true" />}
            Save
          </button>
          {line}
        </div>
      </form>
    </section>
  );
}
