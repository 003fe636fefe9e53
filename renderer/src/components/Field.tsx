// Runs in the renderer. A labelled form field with its hint and its error next to it; the input
// itself comes from the caller, which spreads the ids and aria attributes it is handed.
import type { ReactNode } from 'react';

export interface FieldA11y {
  id: string;
  'aria-invalid': boolean;
  'aria-describedby': string | undefined;
}

export interface FieldProps {
  id: string;
  label: string;
  error?: string | undefined;
  hint?: ReactNode;
  optional?: boolean;
  className?: string;
  children: (a11y: FieldA11y) => ReactNode;
}

export function Field({ id, label, error, hint, optional, className, children }: FieldProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field ${className ?? ''}`}>
      <label className="field-label" htmlFor={id}>
        {label}
        {optional && <span className="field-optional"> (optional)</span>}
      </label>
      {children({ id, 'aria-invalid': Boolean(error), 'aria-describedby': describedBy })}
      {error && (
        <span id={errorId} className="field-error">
          {error}
        </span>
      )}
      {hint && (
        <span id={hintId} className="field-hint">
          {hint}
        </span>
      )}
    </div>
  );
}

type FieldFrame = Omit<FieldProps, 'children'>;

export interface NumberFieldProps extends FieldFrame {
  value: string;
  onChange: (value: string) => void;
  onBlur?: () => void;
  min?: number;
  max?: number;
  step?: 'any';
  placeholder?: string;
}

/** A number kept as typed text until the form is submitted, so an empty or half-typed value can
 * be told apart from zero. */
export function NumberField({
  value,
  onChange,
  onBlur,
  min,
  max,
  step,
  placeholder,
  ...frame
}: NumberFieldProps) {
  return (
    <Field {...frame}>
      {(a) => (
        <input
          {...a}
          className="input"
          type="number"
          min={min}
          max={max}
          step={step}
          placeholder={placeholder}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          onBlur={onBlur}
        />
      )}
    </Field>
  );
}

export interface SelectFieldProps extends FieldFrame {
  value: string;
  onChange: (value: string) => void;
  /** The `<option>` elements. */
  children: ReactNode;
}

export function SelectField({ value, onChange, children, ...frame }: SelectFieldProps) {
  return (
    <Field {...frame}>
      {(a) => (
        <select {...a} className="select" value={value} onChange={(e) => onChange(e.target.value)}>
          {children}
        </select>
      )}
    </Field>
  );
}
