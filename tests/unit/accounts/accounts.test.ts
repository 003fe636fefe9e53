// Runs in tests. Accounts over a real store: Argon2id hashes, JWTs that expire and are revoked
// by logout and by a password change, API keys kept only as digests, failed logins slowed.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountService } from '../../../main/core/accounts/service';
import { silentLogger } from '../../../main/core/logging/logger';
import { createMemorySecretStore } from '../../../main/core/secrets/secret-store';
import { openDatabase, type Db } from '../../../main/core/store/database';
import { usersCommand } from '../../../main/cli/commands/users';
import { runInProcess } from '../../support/in-process-cli';
import { makeTempDir, type TempDir } from '../../support/temp-dir';

const PASSWORD = 'correct-horse-battery-7f3a';

let dir: TempDir;
let db: Db;
let clock: number;
let secrets: ReturnType<typeof createMemorySecretStore>;
let accounts: AccountService;

beforeEach(() => {
  dir = makeTempDir('benchphant-accounts-');
  db = openDatabase(`${dir.path}/benchphant.sqlite`);
  clock = 1_800_000_000;
  secrets = createMemorySecretStore();
  accounts = new AccountService({
    db,
    secrets,
    logger: silentLogger,
    now: () => clock,
    tokenTtlSeconds: 3600,
    loginLimits: { perAccount: 3, perAddress: 50, baseDelayMs: 1 },
  });
});
afterEach(() => {
  db.close();
  dir.remove();
});

describe('accounts', () => {
  it('stores an Argon2id hash, never the password, and checks it', async () => {
    await accounts.add('admin', PASSWORD, true);
    const row = accounts.store.byName('ADMIN');
    expect(row?.password_hash).toMatch(/^\$argon2id\$/);
    expect(readFileSync(`${dir.path}/benchphant.sqlite`).includes(PASSWORD)).toBe(false);
    await expect(accounts.checkPassword('admin', PASSWORD)).resolves.toMatchObject({ admin: 1 });
    await expect(accounts.checkPassword('admin', 'wrong-password')).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
    await expect(accounts.checkPassword('nobody', PASSWORD)).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
      message: 'Invalid username or password',
    });
  });

  it('refuses a duplicate name (any letter case) and a short password', async () => {
    await accounts.add('ada', PASSWORD, false);
    await expect(accounts.add('ADA', PASSWORD, false)).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(accounts.add('bob', 'short', false)).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });

  it('locks out an account and address after repeated failures, and says how long', async () => {
    await accounts.add('ada', PASSWORD, false);
    for (let i = 0; i < 3; i++)
      await expect(accounts.checkPassword('ada', 'nope-nope', '10.0.0.1')).rejects.toMatchObject({
        code: 'UNAUTHORIZED',
      });
    // Now even the right password is refused from that address, with a time to wait…
    const locked = await accounts
      .checkPassword('ada', PASSWORD, '10.0.0.1')
      .catch((e: unknown) => e);
    expect(locked).toMatchObject({ code: 'RATE_LIMITED' });
    expect((locked as { retryAfter: number }).retryAfter).toBeGreaterThan(60);
    // …while another address still gets in.
    await expect(accounts.checkPassword('ada', PASSWORD, '10.0.0.2')).resolves.toBeTruthy();
  });
});

describe('JWTs', () => {
  it('accepts its own token until it expires', async () => {
    const row = await accounts.add('ada', PASSWORD, false);
    const { token } = await accounts.login('ada', PASSWORD);
    expect(await accounts.fromJwt(token)).toMatchObject({ account_id: row.id, via: 'jwt' });
    expect(accounts.store.byId(row.id)?.last_login).not.toBeNull();
    clock += 3601;
    expect(await accounts.fromJwt(token)).toBeNull();
  });

  it('keeps the signing key in the secret store, never in SQLite', async () => {
    await accounts.add('ada', PASSWORD, false);
    await accounts.login('ada', PASSWORD);
    const key = await secrets.get('auth/jwt-signing-key');
    expect(key).toMatch(/^[\w-]{43}$/);
    const file = readFileSync(`${dir.path}/benchphant.sqlite`);
    expect(file.includes(key as string)).toBe(false);
    expect(file.includes(Buffer.from(key as string, 'base64url'))).toBe(false);
  });

  it('refuses a forged or tampered token', async () => {
    await accounts.add('ada', PASSWORD, false);
    const { token } = await accounts.login('ada', PASSWORD);
    const [h, p, s] = token.split('.');
    const claims = JSON.parse(Buffer.from(p as string, 'base64url').toString()) as object;
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: '999' })).toString('base64url');
    expect(await accounts.fromJwt(`${h}.${forged}.${s}`)).toBeNull();
    expect(await accounts.fromJwt(`${h}.${p}.${(s as string).slice(0, -2)}AA`)).toBeNull();
  });

  it('revokes a logged-out token and, on a password change, every other one', async () => {
    await accounts.add('ada', PASSWORD, false);
    const a = await accounts.login('ada', PASSWORD);
    const b = await accounts.login('ada', PASSWORD);
    const c = await accounts.login('ada', PASSWORD);
    const idA = await accounts.fromJwt(a.token);
    expect(idA).not.toBeNull();
    expect(accounts.logout(idA!)).toBe(true);
    expect(await accounts.fromJwt(a.token)).toBeNull();
    expect(await accounts.fromJwt(b.token)).not.toBeNull();

    await accounts.setPassword('ada', 'a-new-password-123', b.jti);
    expect(await accounts.fromJwt(b.token)).not.toBeNull();
    expect(await accounts.fromJwt(c.token)).toBeNull();
    const d = await accounts.login('ada', 'a-new-password-123');
    expect(await accounts.fromJwt(d.token)).not.toBeNull();
  });
});

describe('API keys', () => {
  it('are tenantsdb_sk_ + 64 hex, kept as SHA-256 in SQLite and the key in the secret store', async () => {
    const row = await accounts.add('ada', PASSWORD, false);
    const project = accounts.keys.insertProject('Shop', row.id, new Date().toISOString());
    const { row: key, key: secret } = await accounts.createKey(row.id, project.id, 'CI');
    expect(secret).toMatch(/^tenantsdb_sk_[0-9a-f]{64}$/);
    expect(await secrets.get(`apikey/${key.id}`)).toBe(secret);
    expect(readFileSync(`${dir.path}/benchphant.sqlite`).includes(secret.slice(13))).toBe(false);
    expect(accounts.fromApiKey(secret)).toMatchObject({
      via: 'api-key',
      project_id: project.id,
      api_key_id: key.id,
    });
    expect(accounts.keys.byId(key.id)?.last_used_at).not.toBeNull();
    const other = secret.endsWith('0') ? '1' : '0';
    expect(accounts.fromApiKey(`${secret.slice(0, -1)}${other}`)).toBeNull();

    await accounts.deleteKey(key);
    expect(accounts.fromApiKey(secret)).toBeNull();
    expect(await secrets.get(`apikey/${key.id}`)).toBeNull();
  });
});

describe('benchphant users', () => {
  const env = () => ({ BENCHPHANT_DATA_DIR: dir.path, BENCHPHANT_SECRET_STORE: 'memory' });
  it('adds (the first one admin), lists, changes a password and removes accounts', async () => {
    db.close();
    const run = (args: string[], extra: NodeJS.ProcessEnv = {}) =>
      runInProcess((p, io) => usersCommand(p, io), ['users', ...args], { ...env(), ...extra });
    expect((await run(['list'])).out).toMatch(/No accounts yet/);
    const add = await run(['add', 'admin'], { BENCHPHANT_PASSWORD: PASSWORD });
    expect(add).toMatchObject({ code: 0 });
    expect(add.out).toMatch(/admin \(admin\) created/);
    expect((await run(['add', 'bob'], { BENCHPHANT_PASSWORD: PASSWORD })).out).toMatch(
      /Account bob created/,
    );
    const listed = JSON.parse((await run(['list', '--json'])).out) as Array<{
      username: string;
      admin: boolean;
    }>;
    expect(listed.map((a) => [a.username, a.admin])).toEqual([
      ['admin', true],
      ['bob', false],
    ]);
    expect((await run(['passwd', 'bob'], { BENCHPHANT_PASSWORD: 'other-password-42' })).code).toBe(
      0,
    );
    expect((await run(['rm', 'bob', '--yes'])).out).toMatch(/deleted/);
    expect((await run(['rm', 'bob', '--yes'])).code).toBe(1);
    for (const out of [add.out, add.err]) expect(out).not.toContain(PASSWORD);
    db = openDatabase(`${dir.path}/benchphant.sqlite`);
    accounts = new AccountService({ db, secrets, logger: silentLogger });
    await expect(accounts.checkPassword('admin', PASSWORD)).resolves.toBeTruthy();
  }, 30_000);
});
