import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APP_ENTRY_URL,
  createAppProtocolHandler,
  isAppUrl,
  isTrustedSender,
} from '../../../main/electron/app-protocol';
import { buildCsp } from '../../../shared/csp';

let root: string;
let handle: (request: Request) => Promise<Response>;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'benchphant-app-protocol-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>app</title>');
  writeFileSync(join(root, 'assets', 'main.js'), 'export {};');
  writeFileSync(join(root, '..', 'benchphant-app-outside.txt'), 'outside');
  handle = createAppProtocolHandler(root);
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(join(root, '..', 'benchphant-app-outside.txt'), { force: true });
});

describe('app:// trust', () => {
  it('trusts only frames showing app://benchphant', () => {
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true);
    expect(isTrustedSender({ url: 'app://benchphant/connections?x=1#y' })).toBe(true);
    for (const url of [
      'app://other/',
      'https://benchphant/',
      'file:///app/index.html',
      'about:blank',
      '',
    ]) {
      expect(isTrustedSender({ url }), url).toBe(false);
    }
    expect(isTrustedSender(null)).toBe(false);
  });
});

describe('createAppProtocolHandler', () => {
  it('serves the page and its assets with the CSP and the right types', async () => {
    const page = await handle(new Request(APP_ENTRY_URL));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>app</title>');
    expect(page.headers.get('content-security-policy')).toBe(buildCsp());
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const script = await handle(new Request('app://benchphant/assets/main.js'));
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const screen = await handle(new Request('app://benchphant/connections'));
    expect(await screen.text()).toContain('<title>app</title>');
  });

  it('answers 404 for missing files, other hosts, traversal and other methods', async () => {
    for (const url of [
      'app://benchphant/assets/none.js',
      'app://evil/index.html',
      'app://benchphant/..%2fbenchphant-app-outside.txt',
      'app://benchphant/%2e%2e/benchphant-app-outside.txt',
    ]) {
      const res = await handle(new Request(url));
      expect(res.status, url).toBe(404);
      expect(await res.text()).not.toContain('outside');
    }
    expect((await handle(new Request(APP_ENTRY_URL, { method: 'POST', body: 'x' }))).status).toBe(
      404,
    );
  });
});
