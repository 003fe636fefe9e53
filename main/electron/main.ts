// Runs in the Electron main process: the desktop app's composition root and the only module that
// imports 'electron' besides the preload. It wires the core to one secured window over IPC.
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Notification,
  protocol,
  session,
  shell,
} from 'electron';
import { join } from 'node:path';
import { buildCsp } from '../../shared/csp';
import { IPC_EVENT_CHANNEL } from '../../shared/transport';
import { createCore, type Core } from '../core/app';
import { createLogger, type Logger } from '../core/logging/logger';
import { dataPaths } from '../core/paths';
import { selectSecretStore } from '../core/secrets/select';
import {
  APP_ENTRY_URL,
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  createAppProtocolHandler,
  isTrustedSender,
} from './app-protocol';
import { registerIpc } from './ipc';
import {
  createExternalOpener,
  guardPermissions,
  guardWebContents,
  secureWebPreferences,
  withCspHeader,
} from './security';

// This file is bundled to dist/main/electron.cjs, so __dirname is dist/main (in a checkout and in the asar).
const DIST = join(__dirname, '..');
const RENDERER_DIR = join(DIST, 'renderer');
const PRELOAD = join(DIST, 'preload', 'index.cjs');

// Privileges must be declared before the app is ready.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

// BENCHPHANT_DATA_DIR moves everything, Chromium's profile included, so a test run leaves no trace.
if (process.env.BENCHPHANT_DATA_DIR) app.setPath('userData', process.env.BENCHPHANT_DATA_DIR);

let window: BrowserWindow | null = null;

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Benchphant',
    webPreferences: secureWebPreferences(PRELOAD),
  });
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (window === win) window = null;
  });
  void win.loadURL(APP_ENTRY_URL);
  return win;
}

function secureSession(logger: Logger): void {
  const csp = buildCsp();
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withCspHeader(details.responseHeaders, csp) });
  });
  guardPermissions(session.defaultSession, (permission) =>
    logger.warn(`denied permission request: ${permission}`),
  );
  protocol.handle(APP_SCHEME, createAppProtocolHandler(RENDERER_DIR));
}

async function start(): Promise<void> {
  const dataDir = app.getPath('userData');
  const paths = dataPaths(dataDir);
  const logger = createLogger({ file: paths.log });
  const openExternal = createExternalOpener(
    (url) => shell.openExternal(url),
    (err) => logger.error('opening an external link failed', err),
  );
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, openExternal));

  await app.whenReady();
  let core: Core;
  try {
    const secrets = await selectSecretStore({ secretsFile: paths.secretsFile });
    core = createCore({
      dataDir,
      logger,
      secrets,
      version: app.getVersion(),
      startSampler: true,
      startScheduler: true,
      // Failed or regressed scheduled executions, where the desktop supports notifications.
      notify: (n) => {
        if (Notification.isSupported()) new Notification({ title: n.title, body: n.body }).show();
      },
      access: 'owner',
      purpose: 'the Benchphant app',
    });
  } catch (err) {
    logger.error('start-up failed', err);
    throw err;
  }
  secureSession(logger);
  const unregister = registerIpc(ipcMain, core, isTrustedSender, {
    logger,
    sendEvent: (message) => {
      if (window && !window.isDestroyed()) window.webContents.send(IPC_EVENT_CHANNEL, message);
    },
  });
  window = createWindow();
  logger.info(`Benchphant ${app.getVersion()} started; data in ${dataDir}`);

  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('activate', () => {
    window ??= createWindow();
  });
  app.on('window-all-closed', () => app.quit());

  // The sandbox PostgreSQL and the store must close before the process ends.
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    unregister();
    void core.close().finally(() => {
      closed = true;
      app.quit();
    });
  });
}

if (app.requestSingleInstanceLock()) {
  start().catch((err: unknown) => {
    // Opening the store says what to run when a native module does not load; show that as is.
    dialog.showErrorBox(
      'Benchphant cannot start',
      err instanceof Error ? err.message : String(err),
    );
    app.exit(1);
  });
} else {
  app.quit();
}
