// Runs in the browser renderer. Contract calls and events over the server's WebSocket
// (shared/transport.ts): reconnects with backoff, and never retries a call the server may have run.
import { z } from 'zod';
import type { ClientMessage } from '../../../shared/transport';
import { ApiError } from './api-error';
import type { LinkState, Transport } from './transport';

const serverMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('result'), id: z.number().int(), result: z.unknown() }),
  z.object({ type: z.literal('event'), event: z.string(), payload: z.unknown() }),
  z.object({ type: z.literal('pong') }),
]);

export interface WebSocketTransportOptions {
  url: string;
  /** Tests pass their own; the page uses the browser's WebSocket. */
  connect?: (url: string) => WebSocket;
  /** First reconnect delay and its ceiling; each failed attempt doubles the delay. */
  backoff?: { initialMs: number; maxMs: number };
  /** How long a call may wait for the link before it fails. */
  queueTimeoutMs?: number;
  /** A silent link is declared dead after one heartbeat without any message. */
  heartbeatMs?: number;
  /**
   * The server counts as not responding once a ping has waited this long (it is pinged every
   * half of it): a blocked server keeps its socket open, so only an overdue answer shows it.
   */
  stallMs?: number;
}

interface Queued {
  method: string;
  input: unknown;
  resolve: (raw: unknown) => void;
  reject: (err: ApiError) => void;
  timer: ReturnType<typeof setTimeout>;
}

interface Pending {
  method: string;
  resolve: (raw: unknown) => void;
  reject: (err: ApiError) => void;
}

export interface WebSocketTransport extends Transport {
  /** Closes the link for good and fails every call still waiting. */
  close(): void;
}

export function createWebSocketTransport(opts: WebSocketTransportOptions): WebSocketTransport {
  const connect = opts.connect ?? ((url: string) => new WebSocket(url));
  const backoff = opts.backoff ?? { initialMs: 250, maxMs: 10_000 };
  const queueTimeoutMs = opts.queueTimeoutMs ?? 15_000;
  const heartbeatMs = opts.heartbeatMs ?? 20_000;
  const stallMs = opts.stallMs ?? 3_000;

  let socket: WebSocket | null = null;
  let link: LinkState = 'connecting';
  let attempt = 0;
  let nextId = 1;
  let shutDown = false;
  let heardSincePing = true;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  let heartbeatTimer: ReturnType<typeof setInterval> | undefined;
  let stallTimer: ReturnType<typeof setInterval> | undefined;
  /** When the oldest unanswered ping went out; null when every ping has had an answer. */
  let pingSince: number | null = null;
  const queue: Queued[] = [];
  const pending = new Map<number, Pending>();
  const eventListeners = new Map<string, Set<(payload: unknown) => void>>();
  const linkListeners = new Set<(link: LinkState) => void>();

  const setLink = (next: LinkState) => {
    if (next === link) return;
    link = next;
    for (const l of linkListeners) l(next);
  };

  const send = (message: ClientMessage) => socket?.send(JSON.stringify(message));

  const dispatchCall = (q: Omit<Queued, 'timer'>) => {
    const id = nextId++;
    pending.set(id, { method: q.method, resolve: q.resolve, reject: q.reject });
    send({ type: 'call', id, method: q.method, input: q.input });
  };

  const onMessage = (data: unknown) => {
    heardSincePing = true;
    pingSince = null;
    if (link === 'unresponsive') setLink('open');
    if (typeof data !== 'string') return;
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      return;
    }
    const parsed = serverMessageSchema.safeParse(json);
    if (!parsed.success) return;
    const msg = parsed.data;
    if (msg.type === 'result') {
      const p = pending.get(msg.id);
      pending.delete(msg.id);
      p?.resolve(msg.result);
    } else if (msg.type === 'event') {
      for (const l of eventListeners.get(msg.event) ?? []) l(msg.payload);
    }
  };

  // Calls already sent may have run on the server, so they fail rather than being sent twice.
  const failPending = () => {
    for (const p of pending.values()) {
      p.reject(
        new ApiError(
          'DISCONNECTED',
          'The connection to the Benchphant server closed before the answer came. It reconnects by itself; try again in a moment.',
        ),
      );
    }
    pending.clear();
  };

  const failQueued = (message: string) => {
    for (const q of queue.splice(0)) {
      clearTimeout(q.timer);
      q.reject(new ApiError('DISCONNECTED', message));
    }
  };

  const scheduleReconnect = () => {
    const delay = Math.min(backoff.maxMs, backoff.initialMs * 2 ** attempt);
    attempt += 1;
    // Jitter keeps many tabs from reconnecting in lockstep after a server restart.
    reconnectTimer = setTimeout(open, delay * (0.5 + Math.random() / 2));
  };

  const lost = (ws: WebSocket) => {
    if (ws !== socket) return;
    socket = null;
    clearInterval(heartbeatTimer);
    clearInterval(stallTimer);
    pingSince = null;
    failPending();
    if (shutDown) return;
    setLink('connecting');
    scheduleReconnect();
  };

  const heartbeat = (ws: WebSocket) => {
    if (!heardSincePing) {
      lost(ws);
      ws.close();
      return;
    }
    heardSincePing = false;
    send({ type: 'ping' });
  };

  /** Pings often and says when an answer is overdue; the heartbeat alone decides the link is dead. */
  const watchStall = () => {
    if (pingSince === null) {
      pingSince = Date.now();
      send({ type: 'ping' });
    } else if (Date.now() - pingSince >= stallMs && link === 'open') {
      setLink('unresponsive');
    }
  };

  function open() {
    if (shutDown) return;
    setLink('connecting');
    let ws: WebSocket;
    try {
      ws = connect(opts.url);
    } catch {
      scheduleReconnect();
      return;
    }
    socket = ws;
    ws.addEventListener('open', () => {
      if (ws !== socket) return;
      attempt = 0;
      heardSincePing = true;
      heartbeatTimer = setInterval(() => heartbeat(ws), heartbeatMs);
      pingSince = null;
      stallTimer = setInterval(watchStall, Math.max(10, stallMs / 2));
      setLink('open');
      for (const q of queue.splice(0)) {
        clearTimeout(q.timer);
        dispatchCall(q);
      }
    });
    ws.addEventListener('message', (ev) => {
      if (ws === socket) onMessage(ev.data);
    });
    ws.addEventListener('close', () => lost(ws));
  }

  open();

  return {
    remote: true,
    call(method, input) {
      return new Promise<unknown>((resolve, reject) => {
        if (shutDown) {
          reject(
            new ApiError(
              'DISCONNECTED',
              'The connection to the Benchphant server has been closed.',
            ),
          );
          return;
        }
        if ((link === 'open' || link === 'unresponsive') && socket) {
          dispatchCall({ method, input, resolve, reject });
          return;
        }
        const entry: Queued = {
          method,
          input,
          resolve,
          reject,
          timer: setTimeout(() => {
            const i = queue.indexOf(entry);
            if (i >= 0) queue.splice(i, 1);
            reject(
              new ApiError(
                'DISCONNECTED',
                `Cannot reach the Benchphant server (waited ${Math.round(queueTimeoutMs / 1000)} s). Is it still running?`,
              ),
            );
          }, queueTimeoutMs),
        };
        queue.push(entry);
      });
    },
    on(event, listener) {
      let set = eventListeners.get(event);
      if (!set) eventListeners.set(event, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
    onLinkChange(listener) {
      linkListeners.add(listener);
      return () => linkListeners.delete(listener);
    },
    close() {
      shutDown = true;
      clearTimeout(reconnectTimer);
      clearInterval(heartbeatTimer);
      clearInterval(stallTimer);
      const ws = socket;
      socket = null;
      ws?.close();
      failPending();
      failQueued('The connection to the Benchphant server has been closed.');
      setLink('closed');
    },
  };
}
