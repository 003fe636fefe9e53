// Runs in tests. connections-api.md's own create body, as written: no `type` (PostgreSQL), a
// `vault_path` that names where the secret store keeps the credentials, unique per connection.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { silentLogger } from '../../main/core/logging/logger';
import { createMemorySecretStore } from '../../main/core/secrets/secret-store';
import { type RunningServer, startServer } from '../../main/server/server';
import { makeTestCore, type TestCore } from '../support/test-core';
import { rawRequest } from './http-client';

const TOKEN = 'connections-spec-token-61c2';
const secrets = createMemorySecretStore();
let core: TestCore;
let server: RunningServer;

const SPEC_BODY = {
  name: 'Production DB',
  vault_path: 'secret/database/connections/prod-main',
  environment: 'production',
  description: 'Основная продакшн база данных',
  tags: ['production', 'critical', 'main'],
  is_active: true,
  host: 'prod-db.company.com',
  port: 5432,
  database: 'main_app',
  username: 'app_user',
  password: 'secure_password_123',
};

const post = (body: unknown) =>
  rawRequest(server.port, {
    method: 'POST',
    path: '/api/v1/connections/',
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });

beforeAll(async () => {
  core = makeTestCore({ secrets });
  server = await startServer({ core, port: 0, token: TOKEN, logger: silentLogger });
});
afterAll(async () => {
  await server?.close();
  await core?.dispose();
});

it('creates from the spec body and keeps the password under its vault_path', async () => {
  const res = await post(SPEC_BODY);
  expect(res.status).toBe(201);
  const made = res.json<Record<string, unknown>>();
  expect(made).toMatchObject({
    name: 'Production DB',
    type: 'postgresql',
    vault_path: 'secret/database/connections/prod-main',
    has_password: true,
  });
  expect(res.body).not.toContain('secure_password_123');
  expect(await secrets.get('vault/secret/database/connections/prod-main')).toBe(
    'secure_password_123',
  );
  expect(await secrets.get(`connection/${String(made.id)}`)).toBeNull();
  const listed = await rawRequest(server.port, {
    path: '/api/v1/connections/',
    headers: { Authorization: `Bearer ${TOKEN}` },
  });
  expect(listed.json<Array<{ vault_path: string }>>()[0]?.vault_path).toBe(SPEC_BODY.vault_path);
});

it('refuses a vault_path another connection uses, and names a default one otherwise', async () => {
  const again = await post({ ...SPEC_BODY, name: 'Copy' });
  expect(again.status).toBe(409);
  expect(again.json<{ error: string }>().error).toMatch(/vault_path/);
  const plain = await post({ ...SPEC_BODY, name: 'Plain', vault_path: undefined });
  const id = plain.json<{ id: string }>().id;
  expect(plain.json()).toMatchObject({ vault_path: `connection/${id}` });
  expect(await secrets.get(`connection/${id}`)).toBe('secure_password_123');
});

it('refuses a vault_path that could climb out of its place', async () => {
  for (const vault_path of ['../auth/jwt-signing-key', 'a/../../auth', '/abs', 'a b', ''])
    expect((await post({ ...SPEC_BODY, name: 'Bad', vault_path })).status, vault_path).toBe(400);
});

it('deletes the credentials from under the vault_path with the connection', async () => {
  const list = await rawRequest(server.port, {
    path: '/api/v1/connections',
    headers: { Authorization: `Bearer ${TOKEN}` },
  });
  const prod = list
    .json<Array<{ id: string; name: string }>>()
    .find((c) => c.name === 'Production DB');
  const res = await rawRequest(server.port, {
    method: 'DELETE',
    path: `/api/v1/connections/${prod?.id ?? ''}`,
    headers: { Authorization: `Bearer ${TOKEN}` },
  });
  expect(res.status).toBe(200);
  expect(await secrets.get('vault/secret/database/connections/prod-main')).toBeNull();
});
