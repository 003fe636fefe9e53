// The PerfWatch live stream over the headless server: token, no token, ping/pong, real samples,
// and a client that cannot keep up being dropped instead of buffered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { silentLogger } from '../../../main/core/logging/logger';
import { LEGACY_METRICS_WS_PATH, METRICS_WS_PATH } from '../../../main/server/metrics-socket';
import { startServer, type RunningServer } from '../../../main/server/server';
import { metricsMessageSchema, type MetricsMessage } from '../../../shared/contract/metrics';
import { makeTestCore, type TestCore } from '../../support/test-core';

const TOKEN = 'metrics-socket-token';
let core: TestCore;
let server: RunningServer;

beforeAll(async () => {
  core = makeTestCore();
  await core.handlers['config.update']({ sampling_interval_seconds: 1 });
  // The server serves the stream by itself: nothing here registers it.
  server = await startServer({ core, port: 0, token: TOKEN, logger: silentLogger });
  core.metrics.start();
});

afterAll(async () => {
  await server?.close();
  await core?.dispose();
});

const url = (path: string, token?: string) =>
  `ws://127.0.0.1:${server.port}${path}${token === undefined ? '' : `?token=${encodeURIComponent(token)}`}`;

function open(path: string, token?: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url(path, token));
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function nextMessage(
  ws: WebSocket,
  accept: (m: Record<string, unknown>) => boolean,
): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const on = (data: Buffer) => {
      const m = JSON.parse(data.toString('utf8')) as Record<string, unknown>;
      if (!accept(m)) return;
      ws.off('message', on);
      resolve(m);
    };
    ws.on('message', on);
  });
}

describe('WS /api/v1/ws/metrics', () => {
  it('refuses a connection without a token, or with a wrong one', async () => {
    await expect(open(METRICS_WS_PATH)).rejects.toThrow('HTTP 401');
    await expect(open(METRICS_WS_PATH, 'wrong')).rejects.toThrow('HTTP 401');
  });

  it('streams real samples in the spec shape to a client with the token', async () => {
    const ws = await open(METRICS_WS_PATH, TOKEN);
    const first = metricsMessageSchema.parse(await nextMessage(ws, (m) => m.type === 'metrics'));
    const second = metricsMessageSchema.parse(
      await nextMessage(ws, (m) => m.type === 'metrics' && m.timestamp !== first.timestamp),
    );
    expect(Date.parse(second.timestamp)).toBeGreaterThan(Date.parse(first.timestamp));
    expect(second.data.cpu.per_core.length).toBeGreaterThan(0);
    expect(second.data.perf.available).toBe(false);
    ws.close();
  });

  it('answers ping with pong, on the legacy path as well', async () => {
    for (const path of [METRICS_WS_PATH, LEGACY_METRICS_WS_PATH]) {
      const ws = await open(path, TOKEN);
      const pong = nextMessage(ws, (m) => m.type === 'pong');
      ws.send(JSON.stringify({ type: 'ping' }));
      expect(await pong).toEqual({ type: 'pong' });
      ws.close();
    }
  });

  it('closes on a message that is not a ping', async () => {
    const ws = await open(METRICS_WS_PATH, TOKEN);
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('hello');
    expect(await closed).toBe(1008);
  });

  it('drops a client that cannot keep up instead of buffering without bound', async () => {
    const ws = await open(METRICS_WS_PATH, TOKEN);
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    const sample = core.metrics.current();
    if (!sample) throw new Error('no sample yet');
    const big: MetricsMessage = {
      ...sample,
      data: {
        ...sample.data,
        cpu: { ...sample.data.cpu, per_core: Array.from({ length: 2000 }, () => 1.5) },
      },
    };
    // Emitted synchronously, so nothing drains in between: the backlog passes the limit.
    for (let i = 0; i < 2000; i += 1) core.events.emit('metrics.sampled', big);
    expect(await closed).toBe(1006);
    const healthy = await open(METRICS_WS_PATH, TOKEN);
    const pong = nextMessage(healthy, (m) => m.type === 'pong');
    healthy.send(JSON.stringify({ type: 'ping' }));
    expect(await pong).toEqual({ type: 'pong' });
    healthy.close();
  });
});
