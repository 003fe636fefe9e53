// Runs in the renderer. What the connection form hands each of its parts: the values, how to
// change them, and each field's id and current error.
import type { FieldName, FormValues } from './connection-form';

export interface FormPart {
  values: FormValues;
  change: (patch: Partial<FormValues>) => void;
  touch: (field: FieldName) => void;
  errorOf: (field: FieldName) => string | undefined;
  idOf: (field: FieldName) => string;
}
