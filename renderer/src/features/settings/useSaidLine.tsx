// Runs in the renderer. Saving one setting and the line that says how it went: every change in
// Settings applies at once, and says so; a refusal says why in the UI's words.
import { useState } from 'react';
import { errorMessage } from '../../api/api-error';
import { APPLIES_NOW } from './settings-words';

export function useSaidLine() {
  const [said, setSaid] = useState<{ ok: boolean; text: string } | null>(null);
  const run = async (what: () => Promise<unknown>) => {
    try {
      await what();
      setSaid({ ok: true, text: APPLIES_NOW });
    } catch (err) {
      setSaid({ ok: false, text: errorMessage(err) });
    }
  };
  const line = (
    <span
      role="status"
      aria-live="polite"
      className={said && !said.ok ? 'field-error' : 'settings-saved'}
    >
      {said?.text}
    </span>
  );
  return [run, line, () => setSaid(null)] as const;
}
