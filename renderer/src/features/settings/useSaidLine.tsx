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

/**
 * A box or radio saved on click: it shows the choice at once, and the saved value takes over when
 * the core has answered (the old one comes back, with the reason beside it, when it refused).
 */
export function useChoice<T>(saved: T, run: (what: () => Promise<unknown>) => Promise<void>) {
  const [chosen, setChosen] = useState<{ value: T } | null>(null);
  const choose = (value: T, save: () => Promise<unknown>) => {
    setChosen({ value });
    void run(save).finally(() => setChosen(null));
  };
  return [chosen ? chosen.value : saved, choose] as const;
}
