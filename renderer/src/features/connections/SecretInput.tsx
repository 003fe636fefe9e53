// Runs in the renderer. A write-only secret (password, passphrase) bound for the keychain: never
// shown back, and where one is saved an empty field keeps it.
import type { FieldA11y } from '../../components/Field';

export const KEEP_SAVED = 'Saved — leave empty to keep it';

export function SecretInput({
  attrs,
  value,
  saved,
  onChange,
  onBlur,
  disabled,
  placeholder,
}: {
  attrs: FieldA11y;
  value: string;
  /** A secret is already kept: the placeholder says an empty field keeps it. */
  saved: boolean;
  onChange: (value: string) => void;
  onBlur?: () => void;
  disabled?: boolean;
  /** Overrides the placeholder `saved` implies. */
  placeholder?: string;
}) {
  return (
    <input
      {...attrs}
      type="password"
      className="input"
      autoComplete="new-password"
      value={value}
      placeholder={placeholder ?? (saved ? KEEP_SAVED : undefined)}
      onChange={(e) => onChange(e.target.value)}
      onBlur={onBlur}
      disabled={disabled}
    />
  );
}
