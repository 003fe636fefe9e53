// Runs in the headless server process (`benchphant serve`, tests). Starts HTTP + WebSocket over
// a core the caller owns; it must never bind beyond what it was told, nor answer without credentials.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WS_PATH } from '../../shared/transport';
import type { Core } from '../core/app';
import type { Logger } from '../core/logging/logger';
import { LEGACY_METRICS_WS_PATH, METRICS_WS_PATH, metricsSocket } from './metrics-socket';
import { defaultStaticDir } from './package-root';
import { createApiRateLimiter, DEFAULT_RATE_LIMIT, type RateLimitOptions } from './rate-limit';
import { createScrapeRegistry } from './prometheus';
import { coreScrapeSources } from './prometheus-sources';
import { createRequestHandler } from './request-handler';
import { type HostPolicy, isLoopbackAddress } from './request-guard';
import { compileRoutes } from './routes';
import { createUpgradeHandler } from './upgrade-handler';
import { createSocketHub, rpcSocket, type SocketHandler } from './websocket';

export interface ServerOptions {
  /** Served through its remoteHandlers: a caller over HTTP gets nothing from this machine's files. */
  core: Pick<Core, 'remoteHandlers' | 'events' | 'metrics' | 'accounts'> &
    Partial<Pick<Core, 'benchmarks' | 'dbMetrics'>>;
  /** Default 127.0.0.1; anything else exposes the server beyond this machine. */
  host?: string;
  /** Default 8000; 0 picks any free port. */
  port?: number;
  token: string;
  logger: Logger;
  /** Requests per window and client address on /api/* (default 100 a minute); false for none. */
  rateLimit?: RateLimitOptions | false;
  /** The built renderer; default dist/renderer in the package root. */
  staticDir?: string;
  /** A read-only token that opens /metrics and nothing else (for a Prometheus scraper). */
  scrapeToken?: string;
  /** More WebSocket endpoints (path → handler), behind the same Host/Origin/token checks. */
  extraSockets?: Record<string, SocketHandler>;
}

export interface RunningServer {
  /** The address to open, token included: print it once, never log it. */
  url: string;
  port: number;
  close(): Promise<void>;
}

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 8000;
const CLOSE_GRACE_MS = 2_000;

function socketRoutes(opts: ServerOptions): Map<string, SocketHandler> {
  const metrics = metricsSocket(
    { events: opts.core.events, latest: () => opts.core.metrics.current() },
    opts.logger,
  );
  const routes = new Map<string, SocketHandler>([
    [
      WS_PATH,
      rpcSocket(
        {
          handlers: opts.core.remoteHandlers,
          events: opts.core.events,
          accounts: opts.core.accounts,
        },
        opts.logger,
      ),
    ],
    [METRICS_WS_PATH, metrics],
    [LEGACY_METRICS_WS_PATH, metrics],
  ]);
  for (const [path, handler] of Object.entries(opts.extraSockets ?? {})) {
    if (!path.startsWith('/') || routes.has(path))
      throw new Error(`Cannot register a WebSocket at '${path}'`);
    routes.set(path, handler);
  }
  return routes;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      const where = `${host}:${port}`;
      if (err.code === 'EADDRINUSE')
        reject(new Error(`Port ${port} is already in use (${where}); choose another with --port`));
      else if (err.code === 'EACCES')
        reject(new Error(`Not allowed to listen on ${where}; choose a port above 1023`));
      else if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND')
        reject(new Error(`Cannot listen on ${host}: no such local address`));
      else reject(err);
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function openUrl(host: string, port: number, token: string): string {
  const shown = host === '0.0.0.0' || host === '::' || host === '' ? DEFAULT_HOST : host;
  const bracketed = shown.includes(':') && !shown.startsWith('[') ? `[${shown}]` : shown;
  return `http://${bracketed}:${port}/?token=${encodeURIComponent(token)}`;
}

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  if (opts.token.trim() === '') throw new Error('The server needs a non-empty access token');
  const host = opts.host ?? DEFAULT_HOST;
  const sockets = socketRoutes(opts);
  const hub = createSocketHub(opts.logger);
  let policy: HostPolicy = {
    loopbackOnly: isLoopbackAddress(host),
    port: opts.port ?? DEFAULT_PORT,
  };
  const hostPolicy = () => policy;

  const server = createServer(
    createRequestHandler({
      token: opts.token,
      accounts: opts.core.accounts,
      rateLimiter:
        opts.rateLimit === false
          ? null
          : createApiRateLimiter(opts.rateLimit ?? DEFAULT_RATE_LIMIT),
      hostPolicy,
      handlers: opts.core.remoteHandlers,
      routes: compileRoutes(),
      staticDir: opts.staticDir ?? defaultStaticDir(),
      logger: opts.logger,
      scrape: {
        registry: createScrapeRegistry(coreScrapeSources(opts.core)),
        token: opts.scrapeToken ?? null,
      },
    }),
  );
  server.on(
    'upgrade',
    createUpgradeHandler({
      token: opts.token,
      accounts: opts.core.accounts,
      hostPolicy,
      sockets,
      hub,
      logger: opts.logger,
    }),
  );

  const port = await listen(server, opts.port ?? DEFAULT_PORT, host);
  policy = { ...policy, port };
  opts.logger.info(`server listening on ${host}:${port}`);

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      const stopped = new Promise<void>((done) => server.close(() => done()));
      server.closeIdleConnections();
      await hub.close();
      const grace = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
      await stopped;
      clearTimeout(grace);
      opts.logger.info('server stopped');
    })();
    return closing;
  };
  return { url: openUrl(host, port, opts.token), port, close };
}
