import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Method } from '../../shared/contract';
import { createKeychainSecretStore, keychainWorks } from '../../main/core/secrets/keychain';
import { createMemorySecretStore, type SecretStore } from '../../main/core/secrets/secret-store';
import { freeLoopbackPort } from '../../main/core/sandbox/service';
import { dispatch } from '../../main/rpc/dispatch';
import { startServer } from '../../main/server/server';
import { startPrivatePostgres, type PrivatePostgres } from '../support/private-postgres';
import {
  findSecret,
  scanDirectory,
  type SecretForm,
  type SecretHit,
  secretForms,
} from '../support/secret-scan';
import { makeTempDir } from '../support/temp-dir';
import { makeTestCore, type TestCore } from '../support/test-core';

// Distinctive, and full of characters that need escaping in URLs and JSON.
const PASSWORD = `Zq9-NoLeak-${randomBytes(6).toString('hex')}-@:/%?&"`;
const FORMS = secretForms(PASSWORD);

interface Seen {
  where: string;
  text: string;
}

describe("a saved password's bytes appear nowhere", () => {
  let pg: PrivatePostgres;
  let core: TestCore;
  let storeKind: SecretStore['kind'];
  const seen: Seen[] = [];

  const call = async (method: Method, input: unknown) => {
    const envelope = await dispatch(core.handlers, method, input, core.logger);
    seen.push({ where: `dispatch ${method}`, text: JSON.stringify(envelope) });
    return envelope;
  };

  beforeAll(async () => {
    pg = await startPrivatePostgres({ password: PASSWORD });
    const keychain = await keychainWorks();
    const secrets = keychain ? createKeychainSecretStore() : createMemorySecretStore();
    storeKind = secrets.kind;
    console.info(
      `no-secret-leak: passwords go to the ${storeKind} store${keychain ? '' : ' (no keychain reachable)'}`,
    );
    core = makeTestCore({ secrets });
    core.events.subscribe((e) =>
      seen.push({ where: `event ${e.event}`, text: JSON.stringify(e.payload) }),
    );
  });
  afterAll(async () => {
    await core?.dispose();
    await pg?.stop();
  });

  it('the scanner finds the password in every form it looks for (so a clean scan means something)', () => {
    const dir = makeTempDir();
    try {
      const raw = Buffer.from(PASSWORD);
      writeFileSync(join(dir.path, 'plain'), `x${PASSWORD}y`);
      writeFileSync(
        join(dir.path, 'b64'),
        `prefix:${Buffer.concat([Buffer.from('ab'), raw]).toString('base64')}`,
      );
      writeFileSync(join(dir.path, 'hex'), raw.toString('hex'));
      writeFileSync(join(dir.path, 'url'), `postgres://u:${encodeURIComponent(PASSWORD)}@h/db`);
      const { hits } = scanDirectory(dir.path, FORMS);
      expect(new Set(hits.map((h) => h.where.split('/').at(-1)))).toEqual(
        new Set(['plain', 'b64', 'hex', 'url']),
      );
    } finally {
      dir.remove();
    }
  });

  it('is used, tested and refused through every way in, and shows up in no answer, event, file or log', async () => {
    const { params } = pg;
    const saved = { ...params, environment: 'test', tags: ['leak-check'] };

    // In-process dispatch, as the IPC and CLI transports do.
    const a = await call('connections.create', { ...saved, name: 'leak-a' });
    expect(a).toMatchObject({ ok: true, value: { has_password: true } });
    const idA = a.ok ? (a.value as { id: string }).id : '';
    expect(await call('connections.testSaved', { id: idA })).toMatchObject({
      ok: true,
      value: { success: true },
    });

    const url = `postgres://${params.username}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${params.port}/postgres?sslmode=disable`;
    const b = await call('connections.createFromUrl', { url, name: 'leak-b' });
    const idB = b.ok ? (b.value as { id: string }).id : '';
    expect(await call('connections.testSaved', { id: idB })).toMatchObject({
      ok: true,
      value: { success: true },
    });
    expect(await call('connections.test', params)).toMatchObject({
      ok: true,
      value: { success: true },
    });

    const refusedPort = await freeLoopbackPort();
    const failures: [Record<string, unknown>, string][] = [
      [{ host: 'leak-check.benchphant.invalid' }, 'HOST_NOT_FOUND'],
      [{ port: refusedPort }, 'CONNECTION_REFUSED'],
      [{ database: 'no_such_database' }, 'DATABASE_NOT_FOUND'],
      [{ username: 'nobody' }, 'AUTH_FAILED'],
    ];
    for (const [change, code] of failures) {
      expect(await call('connections.test', { ...params, ...change })).toMatchObject({
        ok: true,
        value: { success: false, code },
      });
    }
    await call('connections.update', { id: idA, username: 'nobody' });
    expect(await call('connections.testSaved', { id: idA })).toMatchObject({
      ok: true,
      value: { success: false, code: 'AUTH_FAILED' },
    });
    await call('connections.update', { id: idA, username: params.username, password: PASSWORD });

    for (const [method, input] of [
      ['connections.create', { ...saved, name: 'bad', port: 70000 }],
      ['connections.create', { ...saved, name: '' }],
      ['connections.createFromUrl', { url: url.replace(`:${params.port}/`, ':70000/') }],
      ['connections.createFromUrl', { url: url.replace('postgres://', 'http://') }],
      ['connections.createFromUrl', { url: url.replace('/postgres?', '/?') }],
      ['connections.update', { id: idA, password: PASSWORD.repeat(80) }],
    ] as [Method, unknown][]) {
      expect(await call(method, input)).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    }
    await call('connections.list', {});
    await call('connections.get', { id: idA });

    // Over HTTP, as the browser does.
    const token = randomBytes(24).toString('base64url');
    const server = await startServer({
      core,
      host: '127.0.0.1',
      port: 0,
      token,
      logger: core.logger,
    });
    const http = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`http://127.0.0.1:${server.port}${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      seen.push({
        where: `HTTP ${method} ${path}`,
        text: `${JSON.stringify([...res.headers])}\n${text}`,
      });
      return { status: res.status, json: () => JSON.parse(text) as Record<string, unknown> };
    };
    try {
      const c = await http('POST', '/api/v1/connections', { ...saved, name: 'leak-c' });
      expect(c.status).toBe(201);
      const idC = String(c.json().id);
      expect((await http('POST', `/api/v1/connections/${idC}/test`, {})).json()).toMatchObject({
        success: true,
      });
      expect(
        (
          await http('POST', '/api/v1/connections/test', {
            ...params,
            database: 'no_such_database',
          })
        ).json(),
      ).toMatchObject({
        success: false,
        code: 'DATABASE_NOT_FOUND',
      });
      expect(
        (await http('POST', '/api/v1/connections/from-url', { url, name: 'leak-d' })).status,
      ).toBe(201);
      expect(
        (await http('PUT', `/api/v1/connections/${idC}`, { name: 'leak-c2', password: PASSWORD }))
          .status,
      ).toBe(200);
      expect(
        (await http('POST', '/api/v1/connections', { ...saved, name: 'bad', port: 70000 })).status,
      ).toBe(400);
      expect(
        (
          await http('POST', '/api/v1/connections/from-url', {
            url: url.replace('postgres://', 'ftp://'),
          })
        ).status,
      ).toBe(400);
      await http('GET', '/api/v1/connections');
      await http('GET', `/api/v1/connections/${idC}`);
      expect((await http('DELETE', `/api/v1/connections/${idC}`)).status).toBe(200);
    } finally {
      await server.close();
    }
    await call('connections.delete', { id: idB });

    const answerHits: SecretHit[] = seen.flatMap((s) => findSecret(s.where, s.text, FORMS));
    expect(answerHits).toEqual([]);
    expect(seen.length).toBeGreaterThan(30);

    // While the store is open: the SQLite file, its -wal and -shm, and the log.
    const open = scanDirectory(core.dataDir, FORMS);
    const names = [...open.files.keys()].map((f) => f.slice(core.dataDir.length + 1));
    expect(names).toEqual(
      expect.arrayContaining([
        'benchphant.sqlite',
        'benchphant.sqlite-wal',
        'benchphant.sqlite-shm',
        join('logs', 'benchphant.log'),
      ]),
    );
    expect(open.files.get(join(core.dataDir, 'benchphant.sqlite-wal'))).toBeGreaterThan(0);
    expect(open.files.get(join(core.dataDir, 'logs', 'benchphant.log'))).toBeGreaterThan(0);
    expect(open.hits).toEqual([]);

    // After closing, once the WAL has been folded into the main file.
    await core.close();
    const closed = scanDirectory(core.dataDir, FORMS);
    expect(closed.files.get(join(core.dataDir, 'benchphant.sqlite'))).toBeGreaterThan(0);
    expect(closed.hits).toEqual([]);
  });
});

describe("an account's password, the JWT signing key and API keys appear nowhere", () => {
  const ACCOUNT_PASSWORD = `Acct-NoLeak-${randomBytes(6).toString('hex')}-:@"%`;
  const OWNER = randomBytes(24).toString('base64url');

  it('through signup, every login, Basic, keys and their deletion: not in the data directory, log, answers or exports', async () => {
    const secrets = createMemorySecretStore();
    const core = makeTestCore({ secrets });
    const server = await startServer({ core, port: 0, token: OWNER, logger: core.logger });
    const answers: Seen[] = [];
    // The key's one-time displays: its creation (signup, POST /apikeys) and TenantsDB's login.
    const displays: Seen[] = [];
    const http = async (method: string, path: string, auth: string | null, body?: unknown) => {
      const res = await fetch(`http://127.0.0.1:${server.port}${path}`, {
        method,
        headers: {
          ...(auth === null ? {} : { Authorization: auth }),
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      const seen = {
        where: `HTTP ${method} ${path}`,
        text: `${JSON.stringify([...res.headers])}\n${text}`,
      };
      const display =
        ['/api/v1/signup', '/api/v1/apikeys', '/api/v1/login'].includes(path) && method === 'POST';
      (display ? displays : answers).push(seen);
      return { status: res.status, json: () => JSON.parse(text) as Record<string, unknown> };
    };
    const basic = (password: string) =>
      `Basic ${Buffer.from(`leak@example.com:${password}`).toString('base64')}`;
    const keys: string[] = [];
    try {
      const signup = await http('POST', '/api/v1/signup', null, {
        email: 'leak@example.com',
        password: ACCOUNT_PASSWORD,
        project_name: 'Leak',
      });
      expect(signup.status).toBe(201);
      keys.push(String(signup.json().api_key));
      const login = await http('POST', '/api/v1/auth/login', null, {
        username: 'leak@example.com',
        password: ACCOUNT_PASSWORD,
      });
      const jwt = String(login.json().access_token);
      expect(
        (
          await http('POST', '/api/v1/auth/login', null, {
            username: 'leak@example.com',
            password: `${ACCOUNT_PASSWORD}x`,
          })
        ).status,
      ).toBe(401);
      expect((await http('GET', '/api/v1/auth/me', `Bearer ${jwt}`)).status).toBe(200);
      expect((await http('GET', '/api/v1/connections', basic(ACCOUNT_PASSWORD))).status).toBe(200);
      expect((await http('GET', '/api/v1/connections', basic(`${ACCOUNT_PASSWORD}y`))).status).toBe(
        401,
      );
      const made = await http('POST', '/api/v1/apikeys', `Bearer ${jwt}`, { project_name: 'CI' });
      keys.push(String(made.json().api_key));
      expect(
        (
          await http('POST', '/api/v1/login', null, {
            email: 'leak@example.com',
            password: ACCOUNT_PASSWORD,
          })
        ).status,
      ).toBe(200);
      for (const key of keys) {
        expect((await http('GET', '/api/v1/tenants', `Bearer ${key}`)).status).toBe(200);
        expect((await http('GET', '/api/v1/apikeys', `Bearer ${key}`)).status).toBe(200);
      }
      expect(
        (await http('DELETE', `/api/v1/apikeys/${String(made.json().id)}`, `Bearer ${jwt}`)).status,
      ).toBe(200);
      expect((await http('GET', '/api/v1/projects', `Bearer ${jwt}`)).status).toBe(200);
      expect(
        (
          await http('PUT', '/api/v1/auth/password', `Bearer ${jwt}`, {
            current_password: ACCOUNT_PASSWORD,
            new_password: `${ACCOUNT_PASSWORD}2`,
          })
        ).status,
      ).toBe(200);
      expect((await http('POST', '/api/v1/auth/logout', `Bearer ${jwt}`)).status).toBe(200);
      const exported = await dispatch(core.handlers, 'connections.export', {}, core.logger);
      answers.push({ where: 'connections.export', text: JSON.stringify(exported) });
    } finally {
      await server.close();
    }

    const signingKey = (await secrets.get('auth/jwt-signing-key')) ?? '';
    expect(signingKey).not.toBe('');
    const forms = [
      ...secretForms(ACCOUNT_PASSWORD),
      ...secretForms(`${ACCOUNT_PASSWORD}2`),
      ...secretForms(signingKey),
      ...findable(Buffer.from(signingKey, 'base64url')),
    ];
    const keyForms = keys.flatMap((k) => secretForms(k.slice('tenantsdb_sk_'.length)));
    expect(keys).toHaveLength(2);
    expect(answers.flatMap((s) => findSecret(s.where, s.text, [...forms, ...keyForms]))).toEqual(
      [],
    );
    // The displays hold the key they display, and nothing else secret.
    expect(displays.flatMap((s) => findSecret(s.where, s.text, forms))).toEqual([]);
    expect(displays.some((s) => s.text.includes(keys[1] ?? '-'))).toBe(true);
    expect(answers.length).toBeGreaterThan(12);

    const open = scanDirectory(core.dataDir, [...forms, ...keyForms]);
    expect(open.files.get(join(core.dataDir, 'logs', 'benchphant.log'))).toBeGreaterThan(0);
    expect(open.hits).toEqual([]);
    await core.close();
    expect(scanDirectory(core.dataDir, [...forms, ...keyForms]).hits).toEqual([]);
    await core.dispose();
  }, 60_000);
});

/** Raw bytes are found as hex and base64 by secretForms; this adds the bytes themselves. */
function findable(raw: Buffer): SecretForm[] {
  return [
    { label: 'raw key bytes', bytes: raw },
    { label: 'key hex', bytes: Buffer.from(raw.toString('hex')) },
    { label: 'key base64', bytes: Buffer.from(raw.toString('base64').slice(0, -4)) },
  ];
}
