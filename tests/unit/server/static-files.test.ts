import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  contentType,
  isSpaRoute,
  lookupStaticFile,
  resolveStaticPath,
} from '../../../main/server/static-files';

let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'benchphant-static-unit-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html>');
  writeFileSync(join(root, 'assets', 'main-abc.js'), '');
  writeFileSync(join(root, '.env'), 'SECRET=1');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('resolveStaticPath', () => {
  it('maps paths inside the root, / to index.html', () => {
    expect(resolveStaticPath(root, '/')).toBe(join(root, 'index.html'));
    expect(resolveStaticPath(root, '/assets/main-abc.js')).toBe(
      join(root, 'assets', 'main-abc.js'),
    );
    expect(resolveStaticPath(root, '/assets/a%20b.js')).toBe(join(root, 'assets', 'a b.js'));
  });

  it('refuses traversal, encoded or not, hidden files, NUL and backslashes', () => {
    for (const path of [
      '/..',
      '/../etc/passwd',
      '/assets/..%2f..%2fetc/passwd',
      '/%2e%2e/x',
      '/.env',
      '/assets/.hidden',
      '/a%00b',
      '/..%5c..%5cx',
      '/%E0%A4%A',
    ]) {
      expect(resolveStaticPath(root, path), path).toBeNull();
    }
    expect(resolveStaticPath(root, '//assets//main-abc.js')).toBe(
      join(root, 'assets', 'main-abc.js'),
    );
  });
});

describe('lookupStaticFile', () => {
  it('finds files, falls back to index.html for screens, and not for assets or hidden files', async () => {
    expect(await lookupStaticFile(root, '/assets/main-abc.js')).toMatchObject({
      kind: 'file',
      file: join(root, 'assets', 'main-abc.js'),
    });
    expect(await lookupStaticFile(root, '/connections/new')).toMatchObject({
      kind: 'file',
      file: join(root, 'index.html'),
    });
    expect(await lookupStaticFile(root, '/assets/gone')).toEqual({ kind: 'missing' });
    expect(await lookupStaticFile(root, '/gone.js')).toEqual({ kind: 'missing' });
    expect(await lookupStaticFile(root, '/.env')).toEqual({ kind: 'missing' });
    expect(await lookupStaticFile(root, '/assets')).toMatchObject({
      kind: 'file',
      file: join(root, 'index.html'),
    });
  });

  it('reports a missing build as missing', async () => {
    expect(await lookupStaticFile(join(root, 'nope'), '/')).toEqual({ kind: 'missing' });
  });
});

describe('helpers', () => {
  it('classifies single-page routes and content types', () => {
    expect(isSpaRoute('/connections')).toBe(true);
    expect(isSpaRoute('/assets/x')).toBe(false);
    expect(isSpaRoute('/favicon.ico')).toBe(false);
    expect(contentType('/a/b.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentType('/a/b.css')).toBe('text/css; charset=utf-8');
    expect(contentType('/a/b.bin')).toBe('application/octet-stream');
  });
});
