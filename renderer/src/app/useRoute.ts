// Runs in the renderer. The current screen lives in the URL fragment (#/connections), which works
// over http and from a file in Electron alike, and survives a reload. A screen may read further
// segments of it (#/results/runs/<id>) for pages of its own.
import { useSyncExternalStore } from 'react';

const subscribe = (onChange: () => void) => {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
};

const path = () => window.location.hash.replace(/^#\/?/, '');
const current = () => path().split('/')[0] ?? '';

/** The screen id in the fragment, or '' when there is none. */
export function useRoute(): string {
  return useSyncExternalStore(subscribe, current);
}

/** The fragment's segments after the screen id, decoded ('' segments dropped). */
export function useRouteRest(): string[] {
  const rest = useSyncExternalStore(subscribe, () => path().split('/').slice(1).join('/'));
  return rest
    .split('/')
    .filter(Boolean)
    .map((s) => decodeURIComponent(s));
}
