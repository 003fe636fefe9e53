// Runs in the coordinator (app, server or CLI). The WebSocket listener one distributed run's agents
// dial: it upgrades only a request that names this run, a valid shard and the run's agent token;
// it must never hand an unauthenticated socket to the run.
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, STATUS_CODES } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { AGENT_PATH, MAX_AGENT_MESSAGE_BYTES, parseShard } from './wire';

export interface AgentListener {
  /** The URL agents dial (the advertised one when given). */
  readonly url: string;
  /** Where this machine reaches the listener (what a tunnel back to it connects to). */
  readonly local: { host: string; port: number };
  close(): Promise<void>;
}

export interface ListenOptions {
  host: string;
  port: number;
  runId: string;
  token: string;
  count: number;
  advertisedUrl?: string;
  /** An authenticated agent of shard `shard`; false refuses it (the shard is taken). */
  accept(shard: number, ws: WebSocket): boolean;
  /** Whether shard `shard` may connect now (not already connected, not lost). */
  open(shard: number): boolean;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Constant-time comparison of the presented token with the run's. */
export function tokenMatches(presented: string | undefined, expected: string): boolean {
  if (presented === undefined) return false;
  return timingSafeEqual(digest(presented), digest(expected));
}

function refuse(socket: Duplex, status: number, message: string): void {
  const body = JSON.stringify({ error: message });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

function bearer(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7) : undefined;
}

export async function listenForAgents(o: ListenOptions): Promise<AgentListener> {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_AGENT_MESSAGE_BYTES });
  const http = createServer((_req, res) => {
    res.writeHead(426, { 'Content-Type': 'text/plain' }).end('agents connect over WebSocket\n');
  });
  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => undefined);
    const url = new URL(req.url ?? '/', 'ws://agent.invalid');
    if (url.pathname !== AGENT_PATH) return refuse(socket, 404, 'no such path');
    if (!tokenMatches(bearer(req), o.token))
      return refuse(socket, 401, 'missing or wrong agent token');
    if (url.searchParams.get('run') !== o.runId) return refuse(socket, 404, 'no such run here');
    const shard = parseShard(url.searchParams.get('shard') ?? '');
    if (!shard || shard.count !== o.count)
      return refuse(socket, 400, `the run has ${o.count} shards; give --shard i/${o.count}`);
    if (!o.open(shard.index)) return refuse(socket, 409, 'that shard is taken or lost');
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (!o.accept(shard.index, ws)) ws.close(1008, 'that shard is taken');
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(o.port, o.host, () => resolve());
  });
  const { port } = http.address() as AddressInfo;
  const host = o.host.includes(':') ? `[${o.host}]` : o.host;
  const anyAddress = o.host === '0.0.0.0' || o.host === '::';
  return {
    url: o.advertisedUrl ?? `ws://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}${AGENT_PATH}`,
    local: { host: anyAddress ? '127.0.0.1' : o.host, port },
    async close() {
      for (const c of wss.clients) c.terminate();
      wss.close();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
