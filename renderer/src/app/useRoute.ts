// Runs in the renderer. The current screen lives in the URL fragment (#/connections), which works
// over http and from a file in Electron alike, and survives a reload.
import { useSyncExternalStore } from 'react';

const subscribe = (onChange: () => void) => {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
};

const current = () => window.location.hash.replace(/^#\/?/, '').split('/')[0] ?? '';

/** The screen id in the fragment, or '' when there is none. */
export function useRoute(): string {
  return useSyncExternalStore(subscribe, current);
}
