// Runs in the renderer. Applies the chosen theme to the document: light or dark as chosen, or the
// system's, followed live. The palette in theme.css keys on data-theme; nothing needs a reload.
import type { Theme } from '../../../shared/contract/settings';

const DARK_QUERY = '(prefers-color-scheme: dark)';

/** Sets data-theme now and, for `system`, whenever the OS switches; returns the unsubscribe. */
export function applyTheme(theme: Theme, doc: Document = document): () => void {
  const root = doc.documentElement;
  if (theme !== 'system') {
    root.dataset.theme = theme;
    return () => undefined;
  }
  const query = window.matchMedia(DARK_QUERY);
  const follow = () => {
    root.dataset.theme = query.matches ? 'dark' : 'light';
  };
  follow();
  query.addEventListener('change', follow);
  return () => query.removeEventListener('change', follow);
}
