// Runs in the renderer. The shell: sidebar, the current screen, the link banner, and the
// readiness mark (data-app-state) that tests and tools wait for.
import { Suspense, useEffect } from 'react';
import { AlertIcon } from './icons';
import { DEFAULT_SCREEN, screens } from './screens';
import { Sidebar } from './Sidebar';
import { useAppInfo, useConnections, useLink, useSandbox, useSettings } from './stores-context';
import { applyTheme } from './theme';
import { useRoute } from './useRoute';
import './app.css';

const settled = (status: string) => status !== 'idle' && status !== 'loading';

function useReadyMark() {
  const connections = useConnections((s) => s.status);
  const sandbox = useSandbox((s) => s.loadStatus);
  const info = useAppInfo((s) => s.status);
  const ready = settled(connections) && settled(sandbox) && settled(info);
  useEffect(() => {
    // Set after React has committed the first data, so whoever waits for it sees that data.
    if (ready) document.documentElement.dataset.appState = 'ready';
  }, [ready]);
}

function LinkBanner() {
  const lost = useLink((s) => s.lost);
  const unresponsive = useLink((s) => s.unresponsive);
  if (lost)
    return (
      <div className="link-banner" role="status">
        <AlertIcon />
        Lost the connection to the Benchphant server. Reconnecting…
      </div>
    );
  if (!unresponsive) return null;
  return (
    <div className="link-banner" role="status" data-testid="server-not-responding">
      <AlertIcon />
      The Benchphant server is not responding: it has not answered for several seconds. What you see
      may be out of date; this clears by itself once it answers again.
    </div>
  );
}

/** The saved theme, applied live; `system` until the settings have loaded. */
function useTheme() {
  const theme = useSettings((s) => s.app?.theme ?? 'system');
  useEffect(() => applyTheme(theme), [theme]);
}

export function App() {
  useReadyMark();
  useTheme();
  const route = useRoute();
  const screen =
    screens.find((s) => s.id === route) ??
    screens.find((s) => s.id === DEFAULT_SCREEN) ??
    screens[0];
  useEffect(() => {
    document.title = screen ? `${screen.label} · Benchphant` : 'Benchphant';
  }, [screen]);
  if (!screen) return null;
  const Current = screen.component;
  return (
    <div className="shell">
      <Sidebar screens={screens} current={screen.id} />
      <main className="content" aria-labelledby="screen-title">
        <LinkBanner />
        {/* A screen may be lazy (React.lazy in the registry) so its code loads only when opened. */}
        <Suspense
          fallback={
            <p className="loading" role="status">
              <span className="spinner" aria-hidden="true" /> Loading…
            </p>
          }
        >
          <Current key={screen.id} />
        </Suspense>
      </main>
    </div>
  );
}
