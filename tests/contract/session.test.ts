// Runs in tests. The browser's login for accounts: with accounts on the server, a page without
// credentials leads to a script-free login form; the form's cookie (HttpOnly, SameSite=Strict)
// opens the page and the app's WebSocket but never the REST API; logging out ends both.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../main/core/logging/logger';
import { type RunningServer, startServer } from '../../main/server/server';
import { WS_PATH } from '../../shared/transport';
import { makeTestCore, type TestCore } from '../support/test-core';
import { rawRequest } from './http-client';
import { connectClient } from './ws-client';

const TOKEN = 'session-suite-owner-token-4d2a';
const PASSWORD = 'session-password-8c1f';
const INDEX = '<!doctype html><title>fixture</title>';
let core: TestCore;
let server: RunningServer;
let staticDir: string;

const form = (username: string, password: string, headers: Record<string, string> = {}) =>
  rawRequest(server.port, {
    method: 'POST',
    path: '/login',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({ username, password }).toString(),
  });

const cookieOf = (setCookie: string | string[] | undefined) =>
  (Array.isArray(setCookie) ? setCookie[0] : setCookie)?.split(';')[0] ?? '';

beforeAll(async () => {
  core = makeTestCore();
  staticDir = mkdtempSync(join(tmpdir(), 'benchphant-session-'));
  mkdirSync(join(staticDir, 'assets'));
  writeFileSync(join(staticDir, 'index.html'), INDEX);
  server = await startServer({ core, port: 0, token: TOKEN, logger: silentLogger, staticDir });
});
afterAll(async () => {
  await server?.close();
  await core?.dispose();
  rmSync(staticDir, { recursive: true, force: true });
});

describe('without accounts', () => {
  it('keeps the token page and offers no login form', async () => {
    expect((await rawRequest(server.port, { path: '/' })).status).toBe(401);
    expect((await rawRequest(server.port, { path: '/login' })).status).toBe(401);
  });
});

describe('with accounts', () => {
  let cookie = '';

  beforeAll(async () => {
    await core.handlers['users.create']({ username: 'ada', password: PASSWORD, admin: false });
  });

  it('sends a browser without credentials to the login form', async () => {
    const page = await rawRequest(server.port, { path: '/' });
    expect(page.status).toBe(303);
    expect(page.headers.location).toBe('/login');
    const login = await rawRequest(server.port, { path: '/login' });
    expect(login.status).toBe(200);
    expect(login.body).toContain('<form method="post" action="/login">');
    expect(login.body).not.toContain('<script');
  });

  it('answers a wrong password on the form without echoing anything typed', async () => {
    const res = await form('ada<b>', 'not-the-password');
    expect(res.status).toBe(401);
    expect(res.body).toContain('Wrong username or password.');
    expect(res.body).not.toContain('ada&lt;b&gt;');
    expect(res.body).not.toContain('not-the-password');
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('refuses a login form posted from another site', async () => {
    const res = await form('ada', PASSWORD, { Origin: 'http://evil.example' });
    expect(res.status).toBe(403);
  });

  it('logs in with an HttpOnly, SameSite=Strict cookie that opens the page and the WebSocket only', async () => {
    const res = await form('ada', PASSWORD);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/');
    const set = String(res.headers['set-cookie']);
    expect(set).toMatch(/^benchphant_session=eyJ/);
    expect(set).toContain('HttpOnly');
    expect(set).toContain('SameSite=Strict');
    cookie = cookieOf(res.headers['set-cookie']);

    const page = await rawRequest(server.port, { path: '/', headers: { Cookie: cookie } });
    expect(page.status).toBe(200);
    expect(page.body).toBe(INDEX);
    const api = await rawRequest(server.port, {
      path: '/api/v1/auth/me',
      headers: { Cookie: cookie },
    });
    expect(api.status).toBe(401);

    const ws = await connectClient(`ws://127.0.0.1:${server.port}${WS_PATH}`, { Cookie: cookie });
    expect(await ws.call('auth.me', {})).toMatchObject({ ok: true, value: { username: 'ada' } });
    await ws.close();
  });

  it('logs out: the cookie is cleared and revoked, and an open socket stops answering', async () => {
    const ws = await connectClient(`ws://127.0.0.1:${server.port}${WS_PATH}`, { Cookie: cookie });
    const closed = new Promise<number>((done) => ws.socket.once('close', (code) => done(code)));
    const out = await rawRequest(server.port, {
      method: 'POST',
      path: '/logout',
      headers: { Cookie: cookie },
    });
    expect(out.status).toBe(303);
    expect(out.headers.location).toBe('/login');
    expect(String(out.headers['set-cookie'])).toMatch(/^benchphant_session=; .*Max-Age=0/);
    expect((await rawRequest(server.port, { path: '/', headers: { Cookie: cookie } })).status).toBe(
      303,
    );
    void ws.call('connections.list', {});
    expect(await closed).toBe(4401);
  });

  it('still opens the page for the owner by the printed URL', async () => {
    expect((await rawRequest(server.port, { path: `/?token=${TOKEN}` })).status).toBe(200);
  });
});
