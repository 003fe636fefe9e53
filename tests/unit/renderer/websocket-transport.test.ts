import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket as ServerSocket } from 'ws';
import { silentLogger } from '../../../main/core/logging/logger';
import { freeLoopbackPort } from '../../../main/core/sandbox/service';
import { startServer } from '../../../main/server/server';
import { ApiError } from '../../../renderer/src/api/api-error';
import { createClient } from '../../../renderer/src/api/client';
import type { LinkState } from '../../../renderer/src/api/transport';
import {
  createWebSocketTransport,
  type WebSocketTransport,
} from '../../../renderer/src/api/websocket-transport';
import { createStores } from '../../../renderer/src/stores/stores';
import { createHarness, until } from './harness';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const FAST = { backoff: { initialMs: 10, maxMs: 50 } };

function transport(
  url: string,
  opts: Partial<Parameters<typeof createWebSocketTransport>[0]> = {},
): WebSocketTransport {
  const t = createWebSocketTransport({ url, ...FAST, ...opts });
  cleanups.push(() => t.close());
  return t;
}

/** A scripted server: `onCall` decides what each call gets back. */
async function fakeServer(
  onCall: (socket: ServerSocket, msg: { id: number; method: string }) => void,
) {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', resolve));
  let connections = 0;
  wss.on('connection', (socket) => {
    connections += 1;
    socket.on('message', (data: Buffer) => {
      const msg = JSON.parse(data.toString()) as { type: string; id: number; method: string };
      if (msg.type === 'call') onCall(socket, msg);
    });
  });
  cleanups.push(() => new Promise((resolve) => wss.close(resolve)));
  const { port } = wss.address() as { port: number };
  return { url: `ws://127.0.0.1:${port}/api/v1/ws`, wss, connections: () => connections };
}

const answer = (socket: ServerSocket, id: number, value: unknown) =>
  socket.send(JSON.stringify({ type: 'result', id, result: { ok: true, value } }));

function nextLink(t: WebSocketTransport, wanted: LinkState): Promise<void> {
  return new Promise((resolve) => {
    const stop = t.onLinkChange?.((link) => {
      if (link !== wanted) return;
      stop?.();
      resolve();
    });
  });
}

describe('WebSocket transport against the real server', () => {
  it('calls the core and receives its events', async () => {
    const h = createHarness();
    cleanups.push(() => h.cleanup());
    const server = await startServer({
      core: h.core,
      port: 0,
      token: 'tok-123',
      logger: silentLogger,
    });
    cleanups.push(() => server.close());
    const client = createClient(transport(`ws://127.0.0.1:${server.port}/api/v1/ws?token=tok-123`));
    // The core is across a socket: the page uploads files instead of naming them.
    expect(client.remote).toBe(true);

    // Sent before the socket is open: queued, then delivered.
    await expect(client.call('connections.list')).resolves.toEqual([]);
    const changed = new Promise((resolve) => client.on('connections.changed', resolve));
    const created = await client.call('connections.create', {
      name: 'Over the wire',
      type: 'postgresql',
      host: '127.0.0.1',
      port: 5432,
      database: 'test',
      username: 'postgres',
    });
    await expect(changed).resolves.toEqual({ id: created.id });
    await expect(
      client.call('connections.update', { id: created.id, port: 0 }),
    ).rejects.toMatchObject({
      code: 'BAD_INPUT',
    });
  });
});

describe('WebSocket transport when things go wrong', () => {
  it('fails a call in flight when the link drops, then reconnects by itself', async () => {
    let drop = true;
    const server = await fakeServer((socket, msg) => {
      if (drop) socket.terminate();
      else answer(socket, msg.id, []);
    });
    const t = transport(server.url);
    const client = createClient(t);
    const err = await client.call('connections.list').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'DISCONNECTED' });
    expect((err as ApiError).message).toContain('closed before the answer came');

    drop = false;
    await nextLink(t, 'open');
    await expect(client.call('connections.list')).resolves.toEqual([]);
    expect(server.connections()).toBe(2);
  });

  it('ignores messages that do not follow the protocol', async () => {
    const server = await fakeServer((socket, msg) => {
      socket.send('not json');
      socket.send(JSON.stringify({ type: 'result', id: 'one', result: {} }));
      socket.send(JSON.stringify({ type: 'mystery', id: msg.id }));
      socket.send(JSON.stringify({ type: 'event' }));
      answer(socket, msg.id, []);
    });
    await expect(createClient(transport(server.url)).call('connections.list')).resolves.toEqual([]);
  });

  it('gives up on a queued call when no server answers, with a clear message', async () => {
    const port = await freeLoopbackPort();
    const t = transport(`ws://127.0.0.1:${port}/api/v1/ws`, { queueTimeoutMs: 150 });
    const err = await t.call('connections.list', {}).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'DISCONNECTED' });
    expect((err as ApiError).message).toMatch(/^Cannot reach the Benchphant server/);
  });

  it('drops a silent link after a missed heartbeat and opens a new one', async () => {
    // The fake server never answers the transport's {type:'ping'}: a heartbeat later the link is dead.
    const server = await fakeServer(() => undefined);
    const t = transport(server.url, { heartbeatMs: 30 });
    await nextLink(t, 'open');
    await nextLink(t, 'connecting');
    await nextLink(t, 'open');
    expect(server.connections()).toBeGreaterThanOrEqual(2);
  });

  it('says the server is not responding when a ping is overdue, and clears once it answers', async () => {
    // The fake server answers calls but never pings, as a server whose event loop is blocked
    // keeps its socket open and answers nothing.
    const server = await fakeServer((socket, msg) => answer(socket, msg.id, []));
    const t = transport(server.url, { stallMs: 60 });
    await nextLink(t, 'open');
    await nextLink(t, 'unresponsive');
    const back = nextLink(t, 'open');
    await expect(t.call('connections.list', {})).resolves.toMatchObject({ ok: true });
    await back;
  });

  it('fails everything still waiting when closed', async () => {
    const server = await fakeServer(() => undefined);
    const t = createWebSocketTransport({ url: server.url, ...FAST });
    const pending = t.call('connections.list', {});
    t.close();
    await expect(pending).rejects.toMatchObject({ code: 'DISCONNECTED' });
    await expect(t.call('connections.list', {})).rejects.toMatchObject({ code: 'DISCONNECTED' });
  });
});

describe('stores over a link that drops', () => {
  it('shows the link as lost, then reloads every store once it is back', async () => {
    const ANSWERS: Record<string, unknown> = {
      'connections.list': [],
      'sandbox.status': { state: 'stopped', connection_id: null, port: null, message: null },
      'app.info': {
        version: '1.2.3',
        data_dir: '/d',
        secret_store: 'keychain',
        secret_store_message: null,
      },
    };
    const calls: string[] = [];
    // Every store loadAll reads asks once per load; the reload after the link is back asks again.
    let perLoad = Infinity;
    let reloaded: () => void = () => undefined;
    const allReloaded = new Promise<void>((resolve) => (reloaded = resolve));
    const server = await fakeServer((socket, msg) => {
      calls.push(msg.method);
      answer(socket, msg.id, ANSWERS[msg.method]);
      if (calls.length === 2 * perLoad) reloaded();
    });
    const stores = createStores(createClient(transport(server.url)));
    cleanups.push(() => stores.dispose());
    await stores.loadAll();
    perLoad = calls.length;
    expect(calls).toEqual(
      expect.arrayContaining(['app.info', 'connections.list', 'sandbox.status', 'settings.get']),
    );
    expect(stores.link.getState()).toEqual({ lost: false, everOpen: true, unresponsive: false });
    expect(stores.appInfo.getState().info?.version).toBe('1.2.3');

    for (const socket of server.wss.clients) socket.terminate();
    await until(stores.link, (s) => s.lost);
    await until(stores.link, (s) => !s.lost);
    await allReloaded;
    expect(calls.slice(perLoad).sort()).toEqual(calls.slice(0, perLoad).sort());
  });
});
