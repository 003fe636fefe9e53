import { describe, expect, it } from 'vitest';
import {
  createExternalOpener,
  guardPermissions,
  guardWebContents,
  isSafeExternalUrl,
  secureWebPreferences,
  type SessionLike,
  type WebContentsLike,
  withCspHeader,
} from '../../../main/electron/security';
import { buildCsp } from '../../../shared/csp';

describe('secureWebPreferences', () => {
  it('isolates and sandboxes the renderer, with no Node and no webview', () => {
    const prefs = secureWebPreferences('/app/dist/preload/index.cjs');
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      preload: '/app/dist/preload/index.cjs',
    });
  });
});

describe('external links', () => {
  it('lets only plain http(s) web pages out', () => {
    for (const url of ['https://www.postgresql.org/docs/', 'http://example.com/a?b=c'])
      expect(isSafeExternalUrl(url), url).toBe(true);
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'app://benchphant/',
      'smb://host/share',
      'ms-settings:',
      'https://user:pw@example.com/',
      'not a url',
      '',
    ]) {
      expect(isSafeExternalUrl(url), url).toBe(false);
    }
  });

  it('hands safe links to the shell and refuses the rest', async () => {
    const opened: string[] = [];
    const errors: unknown[] = [];
    const open = createExternalOpener(
      async (url) => {
        opened.push(url);
        if (url.includes('fail')) throw new Error('no browser');
      },
      (err) => errors.push(err),
    );
    expect(open('https://example.com/')).toBe(true);
    expect(open('file:///etc/passwd')).toBe(false);
    expect(open('https://example.com/fail')).toBe(true);
    await expect.poll(() => errors.length).toBe(1);
    expect(opened).toEqual(['https://example.com/', 'https://example.com/fail']);
  });
});

describe('guardWebContents', () => {
  function fakeContents() {
    const listeners = new Map<string, (event: { preventDefault(): void }, url: string) => void>();
    let openHandler: ((details: { url: string }) => { action: 'deny' }) | undefined;
    const contents: WebContentsLike = {
      on: (event, listener) => listeners.set(event, listener),
      setWindowOpenHandler: (handler) => (openHandler = handler),
    };
    const fire = (event: string, url: string) => {
      let prevented = false;
      listeners.get(event)?.({ preventDefault: () => (prevented = true) }, url);
      return prevented;
    };
    return { contents, fire, openWindow: (url: string) => openHandler?.({ url }) };
  }

  it('blocks navigation and redirects, sending web links to the browser', () => {
    const opened: string[] = [];
    const { contents, fire } = fakeContents();
    guardWebContents(contents, (url) => (isSafeExternalUrl(url) ? opened.push(url) > 0 : false));
    expect(fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(fire('will-redirect', 'https://elsewhere.example/')).toBe(true);
    expect(opened).toEqual(['https://evil.example/']);
  });

  it('denies every window.open, opening web links outside', () => {
    const opened: string[] = [];
    const { contents, openWindow } = fakeContents();
    guardWebContents(contents, (url) => (isSafeExternalUrl(url) ? opened.push(url) > 0 : false));
    expect(openWindow('https://docs.example/')).toEqual({ action: 'deny' });
    expect(openWindow('javascript:alert(1)')).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://docs.example/']);
  });
});

describe('withCspHeader', () => {
  it('puts our CSP in place of any other, keeping the rest', () => {
    const csp = buildCsp();
    const out = withCspHeader(
      { 'content-security-policy': ['default-src *'], 'Content-Type': 'text/html', 'X-A': ['1'] },
      csp,
    );
    expect(out).toEqual({
      'Content-Type': ['text/html'],
      'X-A': ['1'],
      'Content-Security-Policy': [csp],
    });
    expect(withCspHeader(undefined, csp)).toEqual({ 'Content-Security-Policy': [csp] });
  });
});

describe('guardPermissions', () => {
  it('denies every permission request and check but writing the clipboard, reporting each denial', () => {
    let request: Parameters<SessionLike['setPermissionRequestHandler']>[0] | undefined;
    let check: Parameters<SessionLike['setPermissionCheckHandler']>[0] | undefined;
    const denied: string[] = [];
    guardPermissions(
      {
        setPermissionRequestHandler: (h) => (request = h),
        setPermissionCheckHandler: (h) => (check = h),
      },
      (p) => denied.push(p),
    );
    const answers: boolean[] = [];
    const asked = ['media', 'notifications', 'geolocation', 'clipboard-read', 'hid', 'unknown-new'];
    for (const permission of [...asked, 'clipboard-sanitized-write'])
      request?.({}, permission, (granted) => answers.push(granted));
    expect(answers).toEqual([...asked.map(() => false), true]);
    expect(denied).toEqual(asked);
    expect(check?.({}, 'media')).toBe(false);
    expect(check?.({}, 'clipboard-read')).toBe(false);
    expect(check?.({}, 'clipboard-sanitized-write')).toBe(true);
  });
});
