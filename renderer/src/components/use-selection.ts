// Runs in the renderer. Which items of a list of checkboxes are ticked, by key.
import { useState } from 'react';

export interface Selection {
  chosen: ReadonlySet<string>;
  /** Ticks or unticks one item. */
  toggle: (key: string, on: boolean) => void;
  /** Ticks exactly these items (none to clear). */
  choose: (keys: Iterable<string>) => void;
}

export function useSelection(initial: () => Iterable<string>): Selection {
  const [chosen, setChosen] = useState<ReadonlySet<string>>(() => new Set(initial()));
  const toggle = (key: string, on: boolean) =>
    setChosen((s) => {
      const next = new Set(s);
      if (on) next.add(key);
      else next.delete(key);
      return next;
    });
  return { chosen, toggle, choose: (keys) => setChosen(new Set(keys)) };
}
