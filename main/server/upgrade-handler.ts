// Runs in the headless server. Accepts WebSocket upgrades for registered paths after the same
// Host/Origin guard and token as the page; it must never upgrade an unauthenticated socket.
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '../core/logging/logger';
import { authenticate, PAGE_CREDENTIALS } from './auth';
import type { HostPolicy } from './request-guard';
import { guardFailure, requestUrl } from './request-handler';
import type { SocketHandler, SocketHub } from './websocket';

export interface UpgradeContext {
  token: string;
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
  return (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', (err) => ctx.logger.debug(`upgrade socket error: ${err.message}`));
    const url = requestUrl(req);
    if (!url) return refuse(socket, 400, 'Malformed request target');
    const refused = guardFailure(req, ctx.hostPolicy());
    if (refused) return refuse(socket, 403, refused);
    if (!authenticate(ctx.token, req.headers, url.searchParams, PAGE_CREDENTIALS).ok) {
      return refuse(socket, 401, 'Missing or wrong access token');
    }
    const handler = ctx.sockets.get(url.pathname);
    if (!handler) return refuse(socket, 404, `No WebSocket at ${url.pathname.slice(0, 200)}`);
    ctx.hub.accept(req, socket, head, handler);
  };
}
