import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../../shared/errors';
import { type ConnectionCreate, connectionCreateSchema } from '../../../../shared/model/connection';
import { ConnectionRepository } from '../../../../main/core/connections/repository';
import { ConnectionService } from '../../../../main/core/connections/service';
import { type AnyEvent, createEventBus } from '../../../../main/core/events';
import { silentLogger } from '../../../../main/core/logging/logger';
import {
  createMemorySecretStore,
  type SecretStore,
} from '../../../../main/core/secrets/secret-store';
import { type Db, openDatabase } from '../../../../main/core/store/database';
import { rejectedAppError } from '../../../support/app-error';

const SECRET = 'Zq9-service-S3cret';

const input = (over: Partial<ConnectionCreate> = {}): ConnectionCreate =>
  connectionCreateSchema.parse({
    name: 'orders',
    type: 'postgresql',
    host: '127.0.0.1',
    port: 5432,
    database: 'orders',
    username: 'app',
    ...over,
  });

/** A memory store whose operations can be made to fail on demand, like a locked keychain. */
function flakyStore() {
  const inner = createMemorySecretStore();
  const failing = { set: false, delete: false, get: false };
  const refuse = () =>
    Promise.reject(new AppError('SECRET_STORE_UNAVAILABLE', 'The keychain is locked.'));
  const store: SecretStore = {
    kind: 'memory',
    get: (a) => (failing.get ? refuse() : inner.get(a)),
    set: (a, s) => (failing.set ? refuse() : inner.set(a, s)),
    delete: (a) => (failing.delete ? refuse() : inner.delete(a)),
  };
  return { store, inner, failing };
}

describe('ConnectionService with the memory secret store', () => {
  let db: Db;
  let secrets: ReturnType<typeof flakyStore>;
  let events: AnyEvent[];
  let service: ConnectionService;

  const build = (store: SecretStore | null) => {
    const bus = createEventBus();
    bus.subscribe((e) => events.push(e));
    return new ConnectionService({
      repo: new ConnectionRepository(db),
      secrets: store,
      events: bus,
      logger: silentLogger,
    });
  };

  beforeEach(() => {
    db = openDatabase(':memory:');
    secrets = flakyStore();
    events = [];
    service = build(secrets.store);
  });
  afterEach(() => db.close());

  it('keeps the password in the secret store and only a reference in the connection', async () => {
    const c = await service.create(input({ password: SECRET }));
    expect(c).toMatchObject({
      has_password: true,
      secret_ref: `memory:benchphant/connection/${c.id}`,
    });
    expect(await secrets.inner.get(`connection/${c.id}`)).toBe(SECRET);
    expect(JSON.stringify(service.list())).not.toContain(SECRET);
    expect(JSON.stringify(db.prepare('SELECT * FROM connections').all())).not.toContain(SECRET);
    expect((await service.resolveParams(c.id)).password).toBe(SECRET);
    expect(events).toEqual([{ event: 'connections.changed', payload: { id: c.id } }]);
  });

  it('saves nothing when the secret store refuses the password', async () => {
    secrets.failing.set = true;
    const err = await rejectedAppError(service.create(input({ password: SECRET })));
    expect(err).toMatchObject({
      code: 'SECRET_STORE_UNAVAILABLE',
      message: 'The keychain is locked.',
    });
    expect(service.list()).toEqual([]);
    expect(secrets.inner.size).toBe(0);
    expect(events).toEqual([]);
  });

  it('removes the stored password again when the database refuses the row', async () => {
    // Past the contract's validation on purpose: the table's CHECK constraint is the last line.
    await expect(service.create({ ...input({ password: SECRET }), port: 70000 })).rejects.toThrow(
      /CHECK constraint/,
    );
    expect(service.list()).toEqual([]);
    expect(secrets.inner.size).toBe(0);
  });

  it('refuses a password when no secret store exists, and saves nothing', async () => {
    service = build(null);
    const err = await rejectedAppError(service.create(input({ password: SECRET })));
    expect(err.code).toBe('SECRET_STORE_UNAVAILABLE');
    expect(err.message).toContain('BENCHPHANT_MASTER_KEY');
    expect(err.message).not.toContain(SECRET);
    expect(service.list()).toEqual([]);
    expect(await service.create(input())).toMatchObject({ has_password: false, secret_ref: null });
  });

  it('delete removes the secret with the connection', async () => {
    const c = await service.create(input({ password: SECRET }));
    expect(await service.delete(c.id)).toEqual({ message: "Connection 'orders' deleted." });
    expect(secrets.inner.size).toBe(0);
    expect(await rejectedAppError(Promise.resolve().then(() => service.get(c.id)))).toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('keeps the connection whole when its secret cannot be removed', async () => {
    const c = await service.create(input({ password: SECRET }));
    secrets.failing.delete = true;
    expect((await rejectedAppError(service.delete(c.id))).code).toBe('SECRET_STORE_UNAVAILABLE');
    expect(service.get(c.id).has_password).toBe(true);
    expect(await secrets.inner.get(`connection/${c.id}`)).toBe(SECRET);
  });

  it("update with '' clears the password; a new one replaces it; no password field keeps it", async () => {
    const c = await service.create(input({ password: SECRET }));
    const renamed = await service.update(c.id, { name: 'orders-2' });
    expect(renamed).toMatchObject({ name: 'orders-2', has_password: true });
    expect(await secrets.inner.get(`connection/${c.id}`)).toBe(SECRET);

    await service.update(c.id, { password: 'replacement' });
    expect(await secrets.inner.get(`connection/${c.id}`)).toBe('replacement');

    const cleared = await service.update(c.id, { password: '' });
    expect(cleared).toMatchObject({ has_password: false, secret_ref: null });
    expect(service.get(c.id)).toMatchObject({ has_password: false, secret_ref: null });
    expect(secrets.inner.size).toBe(0);
    expect((await service.resolveParams(c.id)).password).toBeUndefined();
  });

  it('update puts the previous password back when the database refuses the change', async () => {
    const c = await service.create(input({ password: SECRET }));
    await expect(service.update(c.id, { password: 'replacement', port: 70000 })).rejects.toThrow(
      /CHECK constraint/,
    );
    expect(await secrets.inner.get(`connection/${c.id}`)).toBe(SECRET);
    expect(service.get(c.id)).toMatchObject({ port: 5432, has_password: true });
  });

  it('update of an unknown id is NOT_FOUND and touches no secret', async () => {
    const id = '6f1c1d2e-8a4b-4c3d-9e5f-0a1b2c3d4e5f';
    expect((await rejectedAppError(service.update(id, { password: SECRET }))).code).toBe(
      'NOT_FOUND',
    );
    expect(secrets.inner.size).toBe(0);
  });

  it('says so when a saved password has gone missing from the store', async () => {
    const c = await service.create(input({ password: SECRET }));
    await secrets.inner.delete(`connection/${c.id}`);
    const err = await rejectedAppError(service.testSaved(c.id));
    expect(err.code).toBe('SECRET_STORE_UNAVAILABLE');
    expect(err.message).toMatch(
      /^The password of 'orders' is missing from the [\w -]+\. Edit the connection and enter it again\.$/,
    );
  });

  it('creates from a URL, keeping its password in the store', async () => {
    const c = await service.createFromUrl({
      url: `mysql://shop:${encodeURIComponent(SECRET)}@db.example:3307/shop?ssl-mode=REQUIRED`,
    });
    expect(c).toMatchObject({
      name: 'shop@db.example/shop',
      type: 'mysql',
      host: 'db.example',
      port: 3307,
      environment: 'development',
      tls: { mode: 'require' },
      has_password: true,
    });
    expect(await secrets.inner.get(`connection/${c.id}`)).toBe(SECRET);
  });

  it('refuses a URL with an impossible port in the words of the contract', async () => {
    const err = await rejectedAppError(
      service.createFromUrl({ url: `postgres://u:${SECRET}@h:0/db` }),
    );
    expect(err).toMatchObject({
      code: 'BAD_INPUT',
      message: 'The connection URL is not valid: port must be between 1 and 65535.',
    });
    expect(service.list()).toEqual([]);
  });
});
