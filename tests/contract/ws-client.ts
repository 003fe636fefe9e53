// Runs in tests. A minimal client of the server's WebSocket protocol (shared/transport.ts), with
// control over the handshake headers so tests can play a browser from another site.
import WebSocket from 'ws';
import type { Envelope } from '../../shared/errors';
import type { ServerMessage } from '../../shared/transport';

export interface WsClient {
  socket: WebSocket;
  call(method: string, input: unknown): Promise<Envelope<unknown>>;
  onMessage(cb: (m: ServerMessage) => void): () => void;
  close(): Promise<void>;
}

export function wsUrl(httpUrl: string, path: string): string {
  const url = new URL(path, httpUrl.replace(/^http/, 'ws'));
  url.search = '';
  return url.toString();
}

/** Resolves with the open socket, or rejects with the HTTP status the server refused the upgrade with. */
export function openSocket(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_req, res) => {
      reject(
        Object.assign(new Error(`upgrade refused with ${res.statusCode}`), {
          status: res.statusCode,
        }),
      );
      res.resume();
      socket.terminate();
    });
    socket.once('error', reject);
  });
}

export async function connectClient(
  url: string,
  headers: Record<string, string> = {},
): Promise<WsClient> {
  const socket = await openSocket(url, headers);
  const listeners = new Set<(m: ServerMessage) => void>();
  const pending = new Map<number, (e: Envelope<unknown>) => void>();
  let nextId = 1;
  socket.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString()) as ServerMessage;
    if (message.type === 'result') pending.get(message.id)?.(message.result);
    for (const l of listeners) l(message);
  });
  return {
    socket,
    call(method, input) {
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, (result) => {
          pending.delete(id);
          resolve(result);
        });
        socket.send(JSON.stringify({ type: 'call', id, method, input }));
      });
    },
    onMessage(cb) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    close() {
      if (socket.readyState === WebSocket.CLOSED) return Promise.resolve();
      return new Promise((done) => {
        socket.once('close', () => done());
        socket.close();
      });
    },
  };
}
