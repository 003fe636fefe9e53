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
