// Runs in the Electron main process. The window's security settings and the guards on every
// web contents, as plain functions a unit test can assert; it must never relax them per window.

/** The BrowserWindow webPreferences this app uses, and nothing looser. */
export interface SecureWebPreferences {
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  nodeIntegrationInSubFrames: false;
  webviewTag: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  experimentalFeatures: false;
  navigateOnDragDrop: false;
  spellcheck: false;
  preload: string;
}

export function secureWebPreferences(preload: string): SecureWebPreferences {
  return {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    preload,
  };
}

/** Only web pages leave the app: no file:, no javascript:, no custom schemes, no credentials. */
export function isSafeExternalUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password
    );
  } catch {
    return false;
  }
}

/** The one way the app opens a link outside itself. Returns whether the link was handed on. */
export function createExternalOpener(
  openExternal: (url: string) => Promise<void>,
  onError: (err: unknown) => void,
) {
  return (url: string): boolean => {
    if (!isSafeExternalUrl(url)) return false;
    openExternal(url).catch(onError);
    return true;
  };
}

interface PreventableEvent {
  preventDefault(): void;
}

/** The part of Electron's WebContents the guards touch. */
export interface WebContentsLike {
  on(
    event: 'will-navigate' | 'will-redirect',
    listener: (event: PreventableEvent, url: string) => void,
  ): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/**
 * The app is a single page: it never navigates, redirects or opens windows. A link to a web page
 * opens in the user's browser instead.
 */
export function guardWebContents(
  contents: WebContentsLike,
  openExternal: (url: string) => boolean,
): void {
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    openExternal(url);
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openExternal(url);
    return { action: 'deny' };
  });
}

/** The part of Electron's Session the permission guards touch. */
export interface SessionLike {
  setPermissionRequestHandler(
    handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void,
  ): void;
  setPermissionCheckHandler(handler: (contents: unknown, permission: string) => boolean): void;
}

/** All the app asks for: writing (never reading) the clipboard, for its Copy buttons. */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

/**
 * Denies by default: no camera, microphone, notifications, geolocation, clipboard reads, devices
 * or anything else a page may ask for, whether requested or checked. Each denial is reported.
 */
export function guardPermissions(session: SessionLike, onDenied: (permission: string) => void) {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    const granted = ALLOWED_PERMISSIONS.has(permission);
    if (!granted) onDenied(permission);
    callback(granted);
  });
  session.setPermissionCheckHandler((_contents, permission) => ALLOWED_PERMISSIONS.has(permission));
}

type HeaderMap = Record<string, string[] | string>;

/** Response headers with our CSP in place of any other (header names are case-insensitive). */
export function withCspHeader(
  headers: HeaderMap | undefined,
  csp: string,
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() === 'content-security-policy') continue;
    out[name] = Array.isArray(value) ? value : [value];
  }
  out['Content-Security-Policy'] = [csp];
  return out;
}
