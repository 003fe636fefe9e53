// Runs in the renderer (browser or Electron window). The entry: picks the transport, builds the
// stores, renders the shell. It must never read the access token: the server's cookie carries it.
// Must stay the first import: it configures Zod before the contract's schemas are created.
import './zod-jitless';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createClient } from './api/client';
import { pickTransport } from './api/pick-transport';
import { App } from './app/App';
import { StoresProvider } from './app/stores-context';
import { applyTheme } from './app/theme';
import { stripToken } from './app/strip-token';
import { createStores } from './stores/stores';
import './styles/theme.css';
import './styles/base.css';

stripToken(window);
// The system's look from the first paint; the saved theme replaces it once settings load.
applyTheme('system');
const stores = createStores(createClient(pickTransport(window)));
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <StoresProvider stores={stores}>
        <App />
      </StoresProvider>
    </StrictMode>,
  );
}
void stores.loadAll();
