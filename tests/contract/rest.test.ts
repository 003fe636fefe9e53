// Runs in tests. What only the HTTP server does: REST routes and status codes, the token rules
// (Bearer for the API; ?token= and the cookie for the page and WebSocket only), redirects, size
// caps, Host/Origin guards, the page's CSP, and no password in any answer.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { silentLogger } from '../../main/core/logging/logger';
import { type RunningServer, startServer } from '../../main/server/server';
import { messageText, sendBounded, WS_MAX_PAYLOAD } from '../../main/server/websocket';
import { buildCsp } from '../../shared/csp';
import { type ServerMessage, WS_PATH } from '../../shared/transport';
import { createTestCore, MYSQL, PG, type TestCore } from './core-fixture';
import { type RawRequest, type RawResponse, rawRequest } from './http-client';
import { connectClient, openSocket, wsUrl } from './ws-client';

const TOKEN = 'rest-test-token-0123456789';
const PASSWORD = 'rest-suite-password-5b1e77';
const INDEX_HTML =
  '<!doctype html><html><head><title>Benchphant fixture</title></head><body></body></html>';
const ASSET_JS = 'console.info("fixture asset");';

let test: TestCore;
let server: RunningServer;
let staticDir: string;
const bodies: string[] = [];

async function http(req: RawRequest): Promise<RawResponse> {
  const res = await rawRequest(server.port, req);
  bodies.push(res.body);
  return res;
}

const bearer = { Authorization: `Bearer ${TOKEN}` };
const api = (method: string, path: string, body?: unknown) =>
  http({
    method,
    path,
    headers: { ...bearer, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

function expectError(
  res: RawResponse,
  status: number,
  code: string | undefined,
  message: RegExp,
): void {
  expect(res.status).toBe(status);
  const body = res.json<{ error: string; detail: string; code: string }>();
  expect(body.error).toMatch(message);
  expect(body.detail).toBe(body.error);
  expect(body.code).toBe(code);
  expect(Object.keys(body).sort()).toEqual(['code', 'detail', 'error']);
}

beforeAll(async () => {
  test = createTestCore();
  staticDir = mkdtempSync(join(tmpdir(), 'benchphant-static-'));
  mkdirSync(join(staticDir, 'assets'));
  writeFileSync(join(staticDir, 'index.html'), INDEX_HTML);
  writeFileSync(join(staticDir, 'assets', 'app-1a2b.js'), ASSET_JS);
  writeFileSync(join(staticDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  server = await startServer({
    core: test.core,
    port: 0,
    token: TOKEN,
    logger: silentLogger,
    staticDir,
    extraSockets: {
      '/api/v1/ws/echo': (ws) => ws.on('message', (data) => ws.send(messageText(data))),
    },
  });
});

afterAll(async () => {
  await server.close();
  await test.dispose();
  rmSync(staticDir, { recursive: true, force: true });
});

describe('REST routes from the contract', () => {
  let id: string;

  it('creates with 201, reads, updates and deletes with 200', async () => {
    const created = await api('POST', '/api/v1/connections', {
      ...PG,
      name: 'REST PG',
      password: PASSWORD,
    });
    expect(created.status).toBe(201);
    expect(created.headers['content-type']).toMatch(/^application\/json/);
    id = created.json<{ id: string }>().id;
    expect(created.json()).toMatchObject({ name: 'REST PG', has_password: true });

    const listed = await api('GET', '/api/v1/connections');
    expect(listed.status).toBe(200);
    expect(listed.json<Array<{ id: string }>>().map((c) => c.id)).toEqual([id]);

    expect((await api('GET', `/api/v1/connections/${id}`)).json()).toMatchObject({
      id,
      name: 'REST PG',
    });
    const updated = await api('PUT', `/api/v1/connections/${id}`, { host: 'localhost' });
    expect(updated.status).toBe(200);
    expect(updated.json()).toMatchObject({ id, host: 'localhost', name: 'REST PG', port: 5432 });
  });

  it('accepts the trailing slash of the spec examples', async () => {
    expect((await api('GET', '/api/v1/connections/')).status).toBe(200);
  });

  it('lets the path, not the body, name the resource', async () => {
    const res = await api('PUT', `/api/v1/connections/${id}`, {
      id: '00000000-0000-4000-8000-000000000000',
      description: 'by path',
    });
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ id, description: 'by path' });
  });

  it('tests unsaved parameters and a saved connection', async () => {
    const unsaved = await api('POST', '/api/v1/connections/test', MYSQL);
    expect(unsaved.status).toBe(200);
    expect(unsaved.json()).toMatchObject({ success: true });
    const saved = await api('POST', `/api/v1/connections/${id}/test`);
    expect(saved.status).toBe(200);
    expect(saved.json()).toMatchObject({ success: true });
  });

  it('creates from a URL with 201 and answers the info and sandbox status', async () => {
    const fromUrl = await api('POST', '/api/v1/connections/from-url', {
      url: 'mysql://root@127.0.0.1:3306/test',
    });
    expect(fromUrl.status).toBe(201);
    expect(fromUrl.json()).toMatchObject({ type: 'mysql', port: 3306 });
    expect((await api('GET', '/api/v1/info')).json()).toMatchObject({
      version: '0.0.0-test',
      secret_store: 'memory',
    });
    expect((await api('GET', '/api/v1/sandbox')).json()).toMatchObject({ state: 'stopped' });
  });

  it('answers 404 with {error, code} for an unknown id and 400 for bad input, changing nothing', async () => {
    const before = (await api('GET', '/api/v1/connections')).body;
    const missing = await api('GET', '/api/v1/connections/00000000-0000-4000-8000-000000000000');
    expectError(missing, 404, 'NOT_FOUND', /No connection/);
    expect(
      (await api('DELETE', '/api/v1/connections/00000000-0000-4000-8000-000000000000')).status,
    ).toBe(404);

    const bad = await api('POST', '/api/v1/connections', { ...PG, name: 'x', port: 70000 });
    expectError(bad, 400, 'BAD_INPUT', /port must be between 1 and 65535/);
    const badUrl = await api('POST', '/api/v1/connections/from-url', { url: 'postgres://nobody' });
    expectError(badUrl, 400, 'BAD_INPUT', /connection URL is not valid/);
    expect((await api('GET', '/api/v1/connections')).body).toBe(before);
  });

  it('answers 404 JSON for an unknown API route and 405 for a wrong method', async () => {
    const unknown = await api('GET', '/api/v1/nothing-here');
    expect(unknown.status).toBe(404);
    expect(unknown.json<{ error: string }>().error).toMatch(/No API route/);
    const wrong = await api('PATCH', '/api/v1/connections');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.allow).toBe('GET, POST');
  });

  it('refuses a body that is not JSON, not an object, or over 1 MiB', async () => {
    const notJson = await http({
      method: 'POST',
      path: '/api/v1/connections',
      headers: bearer,
      body: '{"name":',
    });
    expect(notJson.status).toBe(400);
    expect(notJson.json()).toEqual({
      error: 'Request body is not valid JSON',
      detail: 'Request body is not valid JSON',
      code: 'BAD_INPUT',
    });
    const list = await http({
      method: 'POST',
      path: '/api/v1/connections',
      headers: bearer,
      body: '[1,2]',
    });
    expect(list.status).toBe(400);
    expect(list.json<{ error: string }>().error).toMatch(/JSON object/);
    const huge = await http({
      method: 'POST',
      path: '/api/v1/connections',
      headers: bearer,
      body: 'x'.repeat(1024 * 1024 + 1),
    });
    expect(huge.status).toBe(413);
    expect(huge.json<{ error: string }>().error).toMatch(/larger than 1048576 bytes/);
    // A run bundle may be several megabytes: its route takes it, and judges it by the schema.
    const bundle = await http({
      method: 'POST',
      path: '/api/v1/results/import',
      headers: bearer,
      body: JSON.stringify({
        bundle: { format: 'benchphant-run', pad: 'x'.repeat(2 * 1024 * 1024) },
      }),
    });
    expect(bundle.status).toBe(400);
  });

  it('refuses an oversized chunked body (no Content-Length) with 413', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({
        host: '127.0.0.1',
        port: server.port,
        method: 'POST',
        path: '/api/v1/connections',
        headers: { ...bearer, Host: `127.0.0.1:${server.port}` },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      const chunk = Buffer.alloc(256 * 1024, 'a');
      for (let i = 0; i < 5; i++) req.write(chunk);
      req.end();
    });
    expect(status).toBe(413);
  });

  it('redirects the legacy /api/connections URLs to /api/v1 with 308, keeping method and body', async () => {
    const res = await http({ method: 'GET', path: '/api/connections/abc?x=1' });
    expect(res.status).toBe(308);
    expect(res.headers.location).toBe('/api/v1/connections/abc?x=1');
    const followed = await fetch(`http://127.0.0.1:${server.port}/api/connections/`, {
      method: 'POST',
      headers: { ...bearer, 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...PG, name: 'Via legacy URL' }),
    });
    expect(followed.status).toBe(201);
    expect(followed.url).toBe(`http://127.0.0.1:${server.port}/api/v1/connections/`);
    const body = await followed.text();
    bodies.push(body);
    expect(JSON.parse(body)).toMatchObject({ name: 'Via legacy URL' });
  });

  it.each([
    '/api/history/metrics?metric_type=cpu',
    '/api/history/metrics/types',
    '/api/history/compare?period=hour&compare_to=yesterday',
    '/api/config',
    '/api/config/retention',
  ])('redirects the PerfWatch spec path %s to /api/v1', async (path) => {
    const res = await http({ method: 'GET', path });
    expect(res.status).toBe(308);
    expect(res.headers.location).toBe(`/api/v1${path.slice('/api'.length)}`);
  });

  it('does not redirect paths that name no resource of the contract', async () => {
    const res = await http({ method: 'GET', path: '/api/nothing-here', headers: bearer });
    expect(res.status).toBe(404);
  });
});

describe('access token', () => {
  it('answers 401 JSON to the API without a token, with a wrong one, or with ?token=', async () => {
    for (const headers of [
      {},
      { Authorization: 'Bearer wrong' },
      { Authorization: `Basic ${TOKEN}` },
    ] as Array<Record<string, string>>) {
      const res = await http({ path: '/api/v1/connections', headers });
      expect(res.status).toBe(401);
      expect(res.json<{ error: string }>().error).toMatch(/access token/);
    }
    expect((await http({ path: `/api/v1/connections?token=${TOKEN}` })).status).toBe(401);
  });

  it('accepts the Bearer token in any letter case of the scheme', async () => {
    expect(
      (await http({ path: '/api/v1/connections', headers: { Authorization: `bearer ${TOKEN}` } }))
        .status,
    ).toBe(200);
  });

  it('shows a 401 page on opening the app without a token', async () => {
    for (const path of ['/', '/index.html', '/?token=wrong', '/connections']) {
      const res = await http({ path });
      expect(res.status, path).toBe(401);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.body).toContain('benchphant serve');
      expect(res.headers['set-cookie']).toBeUndefined();
    }
  });

  it('opens the page with ?token=, sets an HttpOnly SameSite=Strict cookie, which then opens pages but never the API', async () => {
    const page = await http({ path: `/?token=${TOKEN}` });
    expect(page.status).toBe(200);
    expect(page.body).toBe(INDEX_HTML);
    const cookie = page.headers['set-cookie']?.[0] ?? '';
    expect(cookie).toMatch(/^benchphant_token=/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/');
    const pair = cookie.split(';')[0]!;

    const again = await http({ path: '/index.html', headers: { Cookie: `other=1; ${pair}` } });
    expect(again.status).toBe(200);
    expect(again.headers['set-cookie']).toBeUndefined();
    const screen = await http({ path: '/connections/edit', headers: { Cookie: pair } });
    expect(screen.status).toBe(200);
    expect(screen.body).toBe(INDEX_HTML);

    const rest = await http({ path: '/api/v1/connections', headers: { Cookie: pair } });
    expect(rest.status).toBe(401);
    const post = await http({
      method: 'POST',
      path: '/api/v1/connections',
      headers: { Cookie: pair },
      body: JSON.stringify({ ...PG, name: 'csrf' }),
    });
    expect(post.status).toBe(401);
  });
});

describe('the renderer files', () => {
  it('serves the page with the CSP header, frame-ancestors included', async () => {
    const page = await http({ path: '/', headers: bearer });
    expect(page.headers['content-security-policy']).toBe(buildCsp());
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['cache-control']).toBe('no-store');
  });

  it('serves /assets/ without a token, with its content type, and 404 for a missing asset', async () => {
    const asset = await http({ path: '/assets/app-1a2b.js' });
    expect(asset.status).toBe(200);
    expect(asset.body).toBe(ASSET_JS);
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(asset.headers['cache-control']).toContain('immutable');
    expect((await http({ path: '/assets/missing.js' })).status).toBe(404);
    const icon = await http({ path: '/favicon.svg', headers: bearer });
    expect(icon.headers['content-type']).toBe('image/svg+xml');
  });

  it('never serves a file outside the renderer directory', async () => {
    writeFileSync(join(staticDir, '..', 'benchphant-outside.txt'), 'outside');
    for (const path of [
      '/assets/../../benchphant-outside.txt',
      '/assets/..%2f..%2fbenchphant-outside.txt',
      '/assets/%2e%2e/%2e%2e/benchphant-outside.txt',
      '/..%5cbenchphant-outside.txt',
      '/.%00./x',
    ]) {
      const res = await http({ path, headers: bearer });
      expect(res.body, path).not.toContain('outside');
      expect([400, 404], path).toContain(res.status);
    }
    rmSync(join(staticDir, '..', 'benchphant-outside.txt'));
  });

  it('says how to build the renderer when it is missing, while the API keeps working', async () => {
    const bare = await startServer({
      core: test.core,
      port: 0,
      token: TOKEN,
      logger: silentLogger,
      staticDir: join(staticDir, 'not-built'),
    });
    const page = await rawRequest(bare.port, { path: '/', headers: bearer });
    expect(page.status).toBe(503);
    expect(page.body).toContain('npm run build');
    expect((await rawRequest(bare.port, { path: '/api/v1/info', headers: bearer })).status).toBe(
      200,
    );
    await bare.close();
  });

  it('refuses to change anything through the static files', async () => {
    const res = await http({ method: 'POST', path: '/index.html', headers: bearer, body: 'x' });
    expect(res.status).toBe(405);
    expect(readFileSync(join(staticDir, 'index.html'), 'utf8')).toBe(INDEX_HTML);
  });
});

describe('Host and Origin guards', () => {
  it('refuses a foreign Host (DNS rebinding) on pages and the API, even with the token', async () => {
    for (const host of [
      'evil.example',
      `evil.example:${server.port}`,
      `127.0.0.1:${server.port + 1}`,
    ]) {
      const res = await http({ path: '/api/v1/connections', headers: { ...bearer, Host: host } });
      expect(res.status, host).toBe(403);
      expect(res.json<{ error: string }>().error).toMatch(/Host/);
    }
    expect(
      (
        await http({
          path: '/api/v1/connections',
          headers: { ...bearer, Host: `localhost:${server.port}` },
        })
      ).status,
    ).toBe(200);
  });

  it('refuses a cross-origin request and accepts a same-origin one', async () => {
    const foreign = await http({
      method: 'POST',
      path: '/api/v1/connections/test',
      headers: { ...bearer, Origin: 'https://evil.example' },
      body: JSON.stringify(PG),
    });
    expect(foreign.status).toBe(403);
    const own = await http({
      path: '/api/v1/connections',
      headers: { ...bearer, Origin: `http://127.0.0.1:${server.port}` },
    });
    expect(own.status).toBe(200);
  });
});

describe('WebSocket', () => {
  const url = () => wsUrl(server.url, WS_PATH);
  const statusOf = (p: Promise<WebSocket>) =>
    p.then(
      (ws) => {
        ws.terminate();
        return 101;
      },
      (err: { status?: number }) => err.status,
    );

  it('refuses the upgrade without a token or with a wrong one', async () => {
    expect(await statusOf(openSocket(url()))).toBe(401);
    expect(await statusOf(openSocket(`${url()}?token=wrong`))).toBe(401);
  });

  it('refuses the upgrade from a foreign Origin or Host, even with the token', async () => {
    expect(
      await statusOf(openSocket(`${url()}?token=${TOKEN}`, { Origin: 'https://evil.example' })),
    ).toBe(403);
    expect(await statusOf(openSocket(`${url()}?token=${TOKEN}`, { Origin: 'null' }))).toBe(403);
    expect(await statusOf(openSocket(`${url()}?token=${TOKEN}`, { Host: 'evil.example' }))).toBe(
      403,
    );
  });

  it('accepts ?token=, the cookie and Bearer, and a same-origin browser', async () => {
    expect(
      await statusOf(
        openSocket(`${url()}?token=${TOKEN}`, { Origin: `http://127.0.0.1:${server.port}` }),
      ),
    ).toBe(101);
    expect(await statusOf(openSocket(url(), { Cookie: `benchphant_token=${TOKEN}` }))).toBe(101);
    expect(await statusOf(openSocket(url(), bearer))).toBe(101);
  });

  it('answers 404 for an unknown socket path and serves a registered extra one', async () => {
    expect(await statusOf(openSocket(wsUrl(server.url, '/api/v1/ws/nothing'), bearer))).toBe(404);
    expect(await statusOf(openSocket(wsUrl(server.url, '/api/v1/ws/echo')))).toBe(401);
    const echo = await openSocket(wsUrl(server.url, '/api/v1/ws/echo'), bearer);
    const reply = new Promise<string>((resolve) =>
      echo.once('message', (d: Buffer) => resolve(d.toString())),
    );
    echo.send('hello');
    expect(await reply).toBe('hello');
    echo.terminate();
  });

  it('answers ping with pong and a malformed call with BAD_INPUT', async () => {
    const client = await connectClient(url(), bearer);
    const seen: unknown[] = [];
    client.onMessage((m) => seen.push(m));
    client.socket.send(JSON.stringify({ type: 'ping' }));
    client.socket.send(JSON.stringify({ type: 'call', id: 7, method: 'm'.repeat(500) }));
    await expect.poll(() => seen.length).toBe(2);
    expect(seen).toContainEqual({ type: 'pong' });
    const result = seen.find(
      (m): m is ServerMessage & { type: 'result' } => (m as ServerMessage).type === 'result',
    );
    expect(result?.id).toBe(7);
    expect(result?.result.ok === false && result.result.error.code).toBe('BAD_INPUT');
    await client.close();
  });

  it('closes the socket (1008) on a message that is not JSON', async () => {
    const ws = await openSocket(url(), bearer);
    const code = new Promise<number>((resolve) => ws.once('close', (c: number) => resolve(c)));
    ws.send('this is not json');
    expect(await code).toBe(1008);
  });

  it('answers a call over its method’s limit with BAD_INPUT, and closes the socket (1009) over the largest', async () => {
    const client = await connectClient(url(), bearer);
    const big = await client.call('connections.list', 'x'.repeat(1024 * 1024));
    expect(big).toEqual({
      ok: false,
      error: { code: 'BAD_INPUT', message: 'A connections.list call is larger than 1048576 bytes' },
    });
    const ws = await openSocket(url(), bearer);
    const code = new Promise<number>((resolve) => ws.once('close', (c: number) => resolve(c)));
    ws.send(
      JSON.stringify({
        type: 'call',
        id: 1,
        method: 'results.import',
        input: 'x'.repeat(WS_MAX_PAYLOAD),
      }),
    );
    expect(await code).toBe(1009);
  });

  it('forwards core events to every client', async () => {
    const client = await connectClient(url(), bearer);
    const events: unknown[] = [];
    client.onMessage((m) => m.type === 'event' && events.push(m));
    const created = await client.call('connections.create', {
      ...MYSQL,
      name: 'Event source',
      password: PASSWORD,
    });
    bodies.push(JSON.stringify(created));
    expect(created.ok).toBe(true);
    await expect.poll(() => events.length).toBeGreaterThan(0);
    expect(events[0]).toMatchObject({ type: 'event', event: 'connections.changed' });
    await client.close();
  });

  it('drops a client that stops reading instead of buffering for it', () => {
    let terminated = false;
    let sent = false;
    const slow = {
      readyState: 1,
      bufferedAmount: 5 * 1024 * 1024,
      terminate: () => (terminated = true),
      send: () => (sent = true),
    } as unknown as WebSocket;
    expect(sendBounded(slow, { type: 'pong' })).toBe(false);
    expect({ terminated, sent }).toEqual({ terminated: true, sent: false });
  });
});

describe('secrets', () => {
  it('never puts the password in a response body or the log', () => {
    expect(bodies.length).toBeGreaterThan(20);
    for (const body of bodies) expect(body).not.toContain(PASSWORD);
    expect(readFileSync(test.logFile, 'utf8')).not.toContain(PASSWORD);
  });
});

describe('closing', () => {
  it('says goodbye to WebSocket clients (1001) and stops listening', async () => {
    const extra = createTestCore();
    const other = await startServer({
      core: extra.core,
      port: 0,
      token: TOKEN,
      logger: silentLogger,
      staticDir,
    });
    const ws = await openSocket(wsUrl(other.url, WS_PATH), bearer);
    const code = new Promise<number>((resolve) => ws.once('close', (c: number) => resolve(c)));
    await other.close();
    expect(await code).toBe(1001);
    await expect(rawRequest(other.port, { path: '/' })).rejects.toThrow(/ECONNREFUSED/);
    await other.close();
    await extra.dispose();
  });

  it('prints a URL that opens the page, and refuses a port already taken', async () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${TOKEN}`);
    const page = await fetch(server.url);
    bodies.push(await page.text());
    expect(page.status).toBe(200);
    await expect(
      startServer({
        core: test.core,
        port: server.port,
        token: TOKEN,
        logger: silentLogger,
        staticDir,
      }),
    ).rejects.toThrow(/already in use/);
  });
});
