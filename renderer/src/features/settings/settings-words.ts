// Runs in the renderer (pure). The Settings screen's words: what each field is, and what to type
// when it is not valid; the contract's messages name API fields, these name the controls.
import type { Theme } from '../../../../shared/contract/settings';
import { count } from '../../components/figure-format';

/** Said after every change: nothing in Settings needs a restart. */
export const APPLIES_NOW = 'Saved. It applies now; no restart needed.';

export const THEME_LABELS: Record<Theme, string> = {
  system: 'Same as the system',
  light: 'Light',
  dark: 'Dark',
};

/** "A whole number from 1 to 3,600 seconds." */
export const wholeBetween = (min: number, max: number, unit: string): string =>
  `Type a whole number from ${count(min)} to ${count(max)} ${unit}.`;

export const SCHEMA_WORDS =
  'Use lower-case letters a–z, digits and _, at most 63, not starting with a digit.';
