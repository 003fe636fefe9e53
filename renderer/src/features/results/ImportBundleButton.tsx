// Runs in the renderer. Import run bundle: a file picker for a JSON bundle someone exported; the
// store checks and imports it, and says what happened.
import { useRef, useState } from 'react';
import { useStore } from 'zustand';
import type { ResultsStore } from '../../stores/results-store';

export function ImportBundleButton({ store }: { store: ResultsStore }) {
  const importBundle = useStore(store, (s) => s.importBundle);
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    try {
      await importBundle(await file.text(), file.name);
    } finally {
      setBusy(false);
      // The same file may be picked again after it was fixed.
      if (input.current) input.current.value = '';
    }
  };

  return (
    <>
      <input
        ref={input}
        type="file"
        accept=".json,application/json"
        className="visually-hidden"
        tabIndex={-1}
        aria-hidden="true"
        data-testid="import-file"
        onChange={(e) => void onFile(e.target.files?.[0])}
      />
      <button type="button" className="btn" disabled={busy} onClick={() => input.current?.click()}>
        {busy && <span className="spinner" aria-hidden="true" />}
        Import run bundle…
      </button>
    </>
  );
}
