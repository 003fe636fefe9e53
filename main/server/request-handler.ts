// Runs in the headless server. Routes each HTTP request: Host/Origin guard, legacy redirect,
// token, then REST or the renderer's files. It must never answer with a stack trace.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Handlers, operations } from '../../shared/contract';
import type { Logger } from '../core/logging/logger';
import { API_CREDENTIALS, authenticate, PAGE_CREDENTIALS, sessionCookie } from './auth';
import { HttpError, sendHtml, sendJsonError, setSecurityHeaders } from './http-util';
import { UNAUTHORIZED_PAGE } from './pages';
import { type HostPolicy, isAllowedHost, isAllowedOrigin } from './request-guard';
import { handleRest } from './rest';
import type { CompiledRoute } from './routes';
import { serveStatic } from './static';

export interface RequestContext {
  token: string;
  hostPolicy: () => HostPolicy;
  handlers: Handlers;
  routes: readonly CompiledRoute[];
  staticDir: string;
  logger: Logger;
}

/** Parses the request target as a path; `//evil.example/x` stays a path, never a host. */
export function requestUrl(req: IncomingMessage): URL | null {
  const raw = req.url ?? '';
  if (!raw.startsWith('/')) return null;
  try {
    return new URL(`http://internal${raw}`);
  } catch {
    return null;
  }
}

/** Rejects requests that a foreign page could have made: wrong Host (DNS rebinding) or Origin. */
export function guardFailure(req: IncomingMessage, policy: HostPolicy): string | null {
  if (!isAllowedHost(req.headers.host, policy)) return 'Host header does not name this server';
  if (!isAllowedOrigin(req.headers.origin, req.headers.host))
    return 'Cross-origin requests are not allowed';
  return null;
}

/**
 * The specs name some routes without the version (`/api/connections`, PerfWatch's `/api/history/…`,
 * `/api/config`); every resource the contract serves under /api/v1 is reachable that way too.
 */
const LEGACY_RESOURCES = new Set(
  Object.values(operations).flatMap((op) => {
    const resource = op.rest?.path.match(/^\/api\/v1\/([^/{]+)/)?.[1];
    return resource ? [resource] : [];
  }),
);

function legacyRedirect(url: URL): string | null {
  const resource = url.pathname.match(/^\/api\/([^/]+)/)?.[1];
  if (!resource || !LEGACY_RESOURCES.has(resource)) return null;
  return `/api/v1${url.pathname.slice('/api'.length)}${url.search}`;
}

async function route(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: RequestContext,
): Promise<void> {
  const url = requestUrl(req);
  if (!url) throw new HttpError(400, 'Malformed request target');
  const refused = guardFailure(req, ctx.hostPolicy());
  if (refused) throw new HttpError(403, refused);

  const location = legacyRedirect(url);
  if (location) {
    // 308 keeps the method and the body, so a legacy POST still creates.
    res.statusCode = 308;
    res.setHeader('Location', location);
    res.end();
    return;
  }

  if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
    if (!authenticate(ctx.token, req.headers, url.searchParams, API_CREDENTIALS).ok) {
      throw new HttpError(401, 'Missing or wrong access token: send Authorization: Bearer <token>');
    }
    await handleRest(req, res, url, {
      handlers: ctx.handlers,
      routes: ctx.routes,
      logger: ctx.logger,
    });
    return;
  }

  // Hashed build assets hold nothing private; the page that references them is what needs the token.
  if (!url.pathname.startsWith('/assets/')) {
    const auth = authenticate(ctx.token, req.headers, url.searchParams, PAGE_CREDENTIALS);
    if (!auth.ok) {
      sendHtml(res, 401, UNAUTHORIZED_PAGE);
      return;
    }
    if (auth.via === 'query') res.setHeader('Set-Cookie', sessionCookie(ctx.token));
  }
  await serveStatic(req, res, url.pathname, ctx.staticDir, ctx.logger);
}

export function createRequestHandler(ctx: RequestContext) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    setSecurityHeaders(res);
    route(req, res, ctx).catch((err: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (err instanceof HttpError) {
        // The body may be unread (413, 400): close rather than read on for the next request.
        if (err.status === 413) res.setHeader('Connection', 'close');
        sendJsonError(res, err.status, err.message);
        return;
      }
      ctx.logger.error(`${req.method ?? ''} request failed`, err);
      sendJsonError(res, 500, 'Internal server error; the server log has the details');
    });
  };
}
