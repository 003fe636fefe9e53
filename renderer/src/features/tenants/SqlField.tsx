// Runs in the renderer. The SQL box of a query form: Ctrl+Enter (⌘+Enter) runs the statement
// without leaving the keyboard.
import type { KeyboardEvent } from 'react';
import { Field } from '../../components/Field';

export function SqlField({
  id,
  label = 'SQL',
  hint,
  className,
  value,
  onChange,
  onRun,
}: {
  id: string;
  /** `SQL`, or `Command` for Redis (see engine-words.ts). */
  label?: string;
  hint: string;
  className?: string;
  value: string;
  onChange: (sql: string) => void;
  onRun: () => void;
}) {
  const onKey = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      onRun();
    }
  };
  return (
    <Field id={id} label={label} className={className} hint={hint}>
      {(a) => (
        <textarea
          {...a}
          className="textarea"
          rows={5}
          spellCheck={false}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          onKeyDown={onKey}
        />
      )}
    </Field>
  );
}
