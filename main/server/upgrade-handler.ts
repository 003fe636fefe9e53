// Runs in the headless server. Accepts WebSocket upgrades for registered paths after the same
// Host/Origin guard as the page and any credential a browser can send (the start-up token, a
// login JWT as `?token=`); it must never upgrade an unauthenticated socket.
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AccountService } from '../core/accounts/service';
import type { Logger } from '../core/logging/logger';
import { PAGE_CREDENTIALS } from './auth';
import { resolveIdentity } from './identity';
import type { HostPolicy } from './request-guard';
import { guardFailure, requestUrl } from './request-handler';
import type { SocketHandler, SocketHub } from './websocket';

export interface UpgradeContext {
  token: string;
  accounts: AccountService;
  hostPolicy: () => HostPolicy;
  sockets: ReadonlyMap<string, SocketHandler>;
  hub: SocketHub;
  logger: Logger;
}

function refuse(socket: Duplex, status: number, message: string): void {
  const body = JSON.stringify({ error: message });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
      'Connection: close\r\nContent-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

export function createUpgradeHandler(ctx: UpgradeContext) {
  const upgrade = async (req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> => {
    const url = requestUrl(req);
    if (!url) return refuse(socket, 400, 'Malformed request target');
    const refused = guardFailure(req, ctx.hostPolicy());
    if (refused) return refuse(socket, 403, refused);
    const ip = req.socket.remoteAddress;
    const { identity } = await resolveIdentity(
      ctx,
      req.headers,
      url.searchParams,
      PAGE_CREDENTIALS,
      ip,
    );
    if (!identity) return refuse(socket, 401, 'Missing or wrong access token');
    const handler = ctx.sockets.get(url.pathname);
    if (!handler) return refuse(socket, 404, `No WebSocket at ${url.pathname.slice(0, 200)}`);
    ctx.hub.accept(req, socket, head, handler, { identity, ...(ip === undefined ? {} : { ip }) });
  };
  return (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', (err) => ctx.logger.debug(`upgrade socket error: ${err.message}`));
    upgrade(req, socket, head).catch((err: unknown) => {
      ctx.logger.error('WebSocket upgrade failed', err);
      refuse(socket, 500, 'Internal server error; the server log has the details');
    });
  };
}
