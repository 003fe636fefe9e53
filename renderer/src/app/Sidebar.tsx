// Runs in the renderer. The main navigation: plain links to each registered screen, so the
// keyboard, the middle click and the browser history all work; the current one has aria-current.
import { AccountMenu } from '../features/account/AccountMenu';
import { useAppInfo } from './stores-context';
import { LogoMark } from './icons';
import type { Screen } from './screens';

export function Sidebar({ screens, current }: { screens: readonly Screen[]; current: string }) {
  const version = useAppInfo((s) => s.info?.version);
  return (
    <aside className="sidebar">
      <div className="brand">
        <LogoMark />
        <span className="brand-name">Benchphant</span>
      </div>
      <nav aria-label="Main">
        <ul className="nav-list">
          {screens.map((screen) => (
            <li key={screen.id}>
              <a
                className="nav-link"
                href={`#/${screen.id}`}
                aria-current={screen.id === current ? 'page' : undefined}
              >
                {screen.icon}
                <span>{screen.label}</span>
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {version && <div className="sidebar-footer">Version {version}</div>}
      <AccountMenu />
    </aside>
  );
}
