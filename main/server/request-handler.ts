// Runs in the headless server. Routes each HTTP request: Host/Origin guard, legacy redirect,
// rate limit, credentials, then REST or the renderer's files. It must never answer with a stack.
import { randomUUID } from 'node:crypto';
import type { Registry } from 'prom-client';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Handlers, operations } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { AccountService } from '../core/accounts/service';
import type { Logger } from '../core/logging/logger';
import {
  API_CREDENTIALS,
  bearerToken,
  cookieToken,
  PAGE_CREDENTIALS,
  sessionCookie,
  tokenMatches,
} from './auth';
import { HttpError, sendHtml, sendJsonError, setSecurityHeaders } from './http-util';
import { resolveIdentity, type Resolved } from './identity';
import { UNAUTHORIZED_PAGE } from './pages';
import type { ApiRateLimiter } from './rate-limit';
import { type HostPolicy, isAllowedHost, isAllowedOrigin } from './request-guard';
import { handleRest, unauthorized } from './rest';
import type { CompiledRoute } from './routes';
import {
  handleLogin,
  handleLogout,
  LOGIN_PATH,
  LOGOUT_PATH,
  sendLoginPage,
  SESSION_COOKIE,
} from './session';
import { METRICS_PATH } from './prometheus';
import { serveStatic } from './static';

export interface RequestContext {
  token: string;
  accounts: AccountService;
  /** Null when the server was started without a limit. */
  rateLimiter: ApiRateLimiter | null;
  hostPolicy: () => HostPolicy;
  handlers: Handlers;
  routes: readonly CompiledRoute[];
  staticDir: string;
  logger: Logger;
  /** `/metrics`: the registry a scrape renders, and the read-only token that may open it. */
  scrape?: { registry: Registry; token: string | null };
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
  // Under Referrer-Policy: no-referrer a browser sends `Origin: null` on its own form posts (login,
  // logout); its Sec-Fetch-Site header, which no page can forge, says whether they are ours.
  const ownFormPost =
    req.headers.origin === 'null' && req.headers['sec-fetch-site'] === 'same-origin';
  if (!ownFormPost && !isAllowedOrigin(req.headers.origin, req.headers.host))
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

  const ip = req.socket.remoteAddress;
  if (url.pathname === METRICS_PATH && ctx.scrape) {
    await scrape(req, res, url, ctx, ctx.scrape, ip);
    return;
  }
  if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
    // The owner's token is never counted: the local page and the CLI may call as often as they need.
    const owner = tokenMatches(ctx.token, bearerToken(req.headers));
    if (ctx.rateLimiter && !owner && !(await ctx.rateLimiter.admit(ip ?? 'unknown', res))) {
      throw new HttpError(429, 'Too many requests from this address; wait as Retry-After says');
    }
    const resolved = await identify(ctx, req, url, ip);
    await handleRest(req, res, url, {
      handlers: ctx.handlers,
      routes: ctx.routes,
      logger: ctx.logger,
      call: { identity: resolved.identity, ...(ip === undefined ? {} : { ip }) },
    });
    return;
  }

  if (url.pathname === LOGIN_PATH || url.pathname === LOGOUT_PATH) {
    await sessionRoute(req, res, url, ctx, ip);
    return;
  }

  // Hashed build assets hold nothing private; the page that references them is what needs a credential.
  if (!url.pathname.startsWith('/assets/')) {
    const auth = await resolveIdentity(ctx, req.headers, url.searchParams, PAGE_CREDENTIALS, ip);
    if (!auth.identity) {
      // With accounts on this server the browser is asked to log in; without, only the token opens it.
      if (ctx.accounts.hasAccounts()) {
        res.statusCode = 303;
        res.setHeader('Location', LOGIN_PATH);
        res.end();
      } else sendHtml(res, 401, UNAUTHORIZED_PAGE);
      return;
    }
    if (auth.via === 'query' && auth.identity.kind === 'owner')
      res.setHeader('Set-Cookie', sessionCookie(ctx.token));
  }
  await serveStatic(req, res, url.pathname, ctx.staticDir, ctx.logger);
}

/** GET /metrics with the scrape token, the server's token or an account's API credentials. */
async function scrape(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ctx: RequestContext,
  s: NonNullable<RequestContext['scrape']>,
  ip: string | undefined,
): Promise<void> {
  if (req.method !== 'GET') {
    res.setHeader('Allow', 'GET');
    throw new HttpError(405, `Method ${req.method ?? ''} is not allowed here`);
  }
  const bearer = bearerToken(req.headers);
  const scraper = s.token !== null && tokenMatches(s.token, bearer);
  if (!scraper && !(await identify(ctx, req, url, ip)).identity)
    throw unauthorized('Missing or wrong access token');
  const text = await s.registry.metrics();
  res.statusCode = 200;
  res.setHeader('Content-Type', s.registry.contentType);
  res.setHeader('Cache-Control', 'no-store');
  res.end(text);
}

/** GET /login shows the form (when there are accounts), POST /login and /logout do what they say. */
async function sessionRoute(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ctx: RequestContext,
  ip: string | undefined,
): Promise<void> {
  if (url.pathname === LOGIN_PATH && req.method === 'GET') {
    if (ctx.accounts.hasAccounts()) sendLoginPage(res, 200);
    else sendHtml(res, 401, UNAUTHORIZED_PAGE);
    return;
  }
  if (req.method !== 'POST') {
    res.setHeader('Allow', url.pathname === LOGIN_PATH ? 'GET, POST' : 'POST');
    throw new HttpError(405, `Method ${req.method ?? ''} is not allowed here`);
  }
  if (url.pathname === LOGIN_PATH) await handleLogin(req, res, ctx.accounts, ip);
  else await handleLogout(res, ctx.accounts, cookieToken(req.headers, SESSION_COOKIE));
}

/** A wrong Basic password is a 401 with the challenge; too many of them a 429 with the wait. */
async function identify(
  ctx: RequestContext,
  req: IncomingMessage,
  url: URL,
  ip: string | undefined,
): Promise<Resolved> {
  try {
    return await resolveIdentity(ctx, req.headers, url.searchParams, API_CREDENTIALS, ip);
  } catch (err) {
    if (err instanceof AppError && err.code === 'UNAUTHORIZED') throw unauthorized(err.message);
    if (err instanceof AppError && err.code === 'RATE_LIMITED')
      throw new HttpError(429, err.message, { 'Retry-After': String(err.retryAfter ?? 60) });
    throw err;
  }
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
        for (const [name, value] of Object.entries(err.headers)) res.setHeader(name, value);
        // The body may be unread (413, 400): close rather than read on for the next request.
        if (err.status === 413) res.setHeader('Connection', 'close');
        sendJsonError(res, err.status, err.message);
        return;
      }
      const errorId = randomUUID();
      ctx.logger.error(`${req.method ?? ''} request failed (error_id ${errorId})`, err);
      sendJsonError(
        res,
        500,
        `Internal server error; the server log has the details under error_id ${errorId}`,
        'INTERNAL',
        errorId,
      );
    });
  };
}
