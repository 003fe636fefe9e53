// Runs in the Electron main process. Serves the built renderer on app://benchphant/ with the
// CSP header, so the page has a real origin ('self' means something) instead of file://.
// It must never serve a file outside the renderer directory.
import { readFile } from 'node:fs/promises';
import { buildCsp, CSP_HEADER } from '../../shared/csp';
import { contentType, lookupStaticFile } from '../server/static-files';

export const APP_SCHEME = 'app';
export const APP_HOST = 'benchphant';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/`;

/** For protocol.registerSchemesAsPrivileged: a standard, secure scheme behaves like https. */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
};

export function isAppUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
  } catch {
    return false;
  }
}

/** The IPC trust check: only a frame showing the app's own page may call the core. */
export function isTrustedSender(frame: { readonly url: string } | null): boolean {
  return frame !== null && isAppUrl(frame.url);
}

const notFound = () =>
  new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain' } });

/** The handler for protocol.handle(APP_SCHEME, …): the renderer's files, or index.html for a screen. */
export function createAppProtocolHandler(
  rendererDir: string,
): (request: Request) => Promise<Response> {
  const csp = buildCsp();
  return async (request) => {
    if (!isAppUrl(request.url) || (request.method !== 'GET' && request.method !== 'HEAD'))
      return notFound();
    const found = await lookupStaticFile(rendererDir, new URL(request.url).pathname);
    if (found.kind === 'missing') return notFound();
    const body = request.method === 'HEAD' ? null : await readFile(found.file);
    return new Response(body, {
      status: 200,
      headers: {
        'Content-Type': contentType(found.file),
        [CSP_HEADER]: csp,
        'X-Content-Type-Options': 'nosniff',
      },
    });
  };
}
