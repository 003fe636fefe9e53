// Runs in the headless server. The WebSocket side: the RPC socket (contract calls + events) and a
// hub that accepts upgrades for any registered path. It must never buffer without bound.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type RawData, WebSocket, WebSocketServer } from 'ws';
import {
  type CallContext,
  DEFAULT_MAX_BODY_BYTES,
  isMethod,
  METHODS,
  operations,
} from '../../shared/contract';
import { type WireError } from '../../shared/errors';
import {
  type ClientMessage,
  clientMessageSchema,
  type ServerMessage,
} from '../../shared/transport';
import type { Core } from '../core/app';
import type { Logger } from '../core/logging/logger';
import { dispatch } from '../rpc/dispatch';

/** The same cap per call as its REST route has, so no transport takes more than another. */
const callLimit = (method: string): number =>
  (isMethod(method) ? operations[method].rest?.maxBodyBytes : undefined) ?? DEFAULT_MAX_BODY_BYTES;
export const WS_MAX_PAYLOAD = Math.max(...METHODS.map(callLimit));
/** A client that lets this much pile up unread is too slow to follow; it is dropped. */
export const WS_MAX_BUFFERED = 4 * 1024 * 1024;
const HEARTBEAT_MS = 30_000;
const CLOSE_GRACE_MS = 1_000;
const MALFORMED_CALL: WireError = {
  code: 'BAD_INPUT',
  message:
    'A call needs {type: "call", id: <integer>, method: <name of at most 100 characters>, input}',
};

/** Serves one accepted WebSocket; registered per path through `startServer({ extraSockets })`. */
export type SocketHandler = (ws: WebSocket, req: IncomingMessage, call: CallContext) => void;

/**
 * Sends one JSON message, or drops the client when it is not reading. Returns whether the
 * message was queued. Every socket handler sends through this.
 */
export function sendBounded(ws: WebSocket, message: unknown, logger?: Logger): boolean {
  if (ws.readyState !== WebSocket.OPEN) return false;
  if (ws.bufferedAmount > WS_MAX_BUFFERED) {
    logger?.warn('dropping a WebSocket client that stopped reading');
    ws.terminate();
    return false;
  }
  ws.send(JSON.stringify(message));
  return true;
}

/** The text of a frame, whichever of ws's buffer shapes it arrived in. */
export function messageText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return (data instanceof ArrayBuffer ? Buffer.from(data) : data).toString('utf8');
}

function byteLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((n, b) => n + b.length, 0);
  return data.byteLength;
}

type Parsed = { ok: true; message: ClientMessage } | { ok: false; id: number | null };

/** A call that is malformed but carries an id still gets an answer, so the caller is not left waiting. */
function parseClientMessage(data: RawData, isBinary: boolean): Parsed {
  if (isBinary) return { ok: false, id: null };
  let json: unknown;
  try {
    json = JSON.parse(messageText(data));
  } catch {
    return { ok: false, id: null };
  }
  const parsed = clientMessageSchema.safeParse(json);
  if (parsed.success) return { ok: true, message: parsed.data };
  const id = (json as { id?: unknown } | null)?.id;
  return { ok: false, id: typeof id === 'number' && Number.isInteger(id) ? id : null };
}

/** The app's own socket (shared/transport.ts): calls go through dispatch(); every event is forwarded. */
export function rpcSocket(
  core: Pick<Core, 'handlers' | 'events' | 'accounts'>,
  logger: Logger,
): SocketHandler {
  return (ws, _req, call) => {
    const send = (message: ServerMessage) => sendBounded(ws, message, logger);
    const unsubscribe = core.events.subscribe(({ event, payload }) => {
      send({ type: 'event', event, payload });
    });
    ws.on('close', unsubscribe);
    ws.on('message', (data, isBinary) => {
      const parsed = parseClientMessage(data, isBinary);
      if (!parsed.ok) {
        if (parsed.id === null) ws.close(1008, 'Messages must be JSON calls or pings');
        else send({ type: 'result', id: parsed.id, result: { ok: false, error: MALFORMED_CALL } });
        return;
      }
      const { message } = parsed;
      if (message.type === 'ping') {
        send({ type: 'pong' });
        return;
      }
      const limit = callLimit(message.method);
      if (byteLength(data) > limit) {
        const error: WireError = {
          code: 'BAD_INPUT',
          message: `A ${message.method} call is larger than ${limit} bytes`,
        };
        send({ type: 'result', id: message.id, result: { ok: false, error } });
        return;
      }
      // A socket outlives the login that opened it: a logout or password change ends it here.
      if (!core.accounts.stillValid(call.identity)) {
        ws.close(4401, 'Your login ended; log in again');
        return;
      }
      void dispatch(core.handlers, message.method, message.input, logger, call).then((result) =>
        send({ type: 'result', id: message.id, result }),
      );
    });
  };
}

export interface SocketHub {
  accept(
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    handler: SocketHandler,
    call: CallContext,
  ): void;
  /** Says goodbye to every client, and cuts those that do not answer within a second. */
  close(): Promise<void>;
}

export function createSocketHub(logger: Logger): SocketHub {
  const wss = new WebSocketServer({ noServer: true, maxPayload: WS_MAX_PAYLOAD });
  const alive = new WeakSet<WebSocket>();
  // Pings find clients whose network vanished without a close, so their subscriptions end.
  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.has(ws)) {
        ws.terminate();
        continue;
      }
      alive.delete(ws);
      ws.ping();
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();

  return {
    accept(req, socket, head, handler, call) {
      wss.handleUpgrade(req, socket, head, (ws) => {
        alive.add(ws);
        ws.on('pong', () => alive.add(ws));
        ws.on('error', (err) => logger.debug(`WebSocket error: ${err.message}`));
        handler(ws, req, call);
      });
    },
    async close() {
      clearInterval(heartbeat);
      const clients = [...wss.clients];
      for (const ws of clients) ws.close(1001, 'Benchphant is shutting down');
      const closed = clients.map(
        (ws) =>
          new Promise<void>((done) =>
            ws.readyState === WebSocket.CLOSED ? done() : ws.once('close', () => done()),
          ),
      );
      const grace = setTimeout(() => clients.forEach((ws) => ws.terminate()), CLOSE_GRACE_MS);
      await Promise.all(closed);
      clearTimeout(grace);
      await new Promise<void>((done) => wss.close(() => done()));
    },
  };
}
