// A stored password is bound to its endpoint and never goes out in clear text where it could be
// read, against a fake server on loopback that asks for it in clear text and records what comes:
// the drivers' hook refuses when the rule says no (and sends when the peer is loopback), and a
// saved connection moved to a new address without its password being resent sends none.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openClient } from '../../../main/core/db/client';
import { classifyConnectError } from '../../../main/core/connections/classify-error';
import { AppError } from '../../../shared/errors';
import type { ConnectionParams, DbType } from '../../../shared/model/connection';
import { type FakeServer, startFakeCleartextServer } from '../../support/fake-cleartext-server';
import { testPg } from '../../support/test-databases';
import { makeTestCore, type TestCore } from '../../support/test-core';

const SECRET = 'pw-bound-to-its-endpoint';

describe.each<DbType>(['postgresql', 'mysql'])('cleartext password requests (%s)', (type) => {
  let fake: FakeServer;
  const params = (): ConnectionParams => ({
    type,
    host: '127.0.0.1',
    port: fake.port,
    database: 'app',
    username: 'someone',
    password: SECRET,
    tls: { mode: 'disable' },
  });

  beforeAll(async () => {
    fake = await startFakeCleartextServer(type);
  });
  afterAll(async () => {
    await fake.close();
  });
  afterEach(() => {
    fake.received.length = 0;
    fake.asked = 0;
  });

  it('refuses to answer when the rule says the peer may not have it', async () => {
    const seen: { address: string | undefined; tls: boolean }[] = [];
    const err = await openClient(params(), {
      cleartext: (peer, tls) => {
        seen.push({ address: peer.address, tls });
        return false;
      },
    }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(fake.asked).toBe(1);
    expect(seen).toEqual([{ address: '127.0.0.1', tls: false }]);
    const classified = classifyConnectError(err, params(), 5000);
    expect(classified).toBeInstanceOf(AppError);
    expect(classified.code).toBe('REFUSED');
    expect(classified.message).toMatch(/clear text over an unencrypted connection/);
    expect(classified.message).not.toContain(SECRET);
    expect(fake.received).toEqual([]);
  });

  it('answers a loopback peer under the default rule (and the fake does record it)', async () => {
    await expect(openClient(params())).rejects.toBeTruthy();
    expect(fake.received).toEqual([SECRET]);
  });
});

describe('a saved password stays with its endpoint', () => {
  let fake: FakeServer;
  let core: TestCore;

  beforeAll(async () => {
    fake = await startFakeCleartextServer('postgresql');
    core = makeTestCore();
  });
  afterAll(async () => {
    await core.dispose();
    await fake.close();
  });
  afterEach(() => {
    fake.received.length = 0;
  });

  async function saved() {
    const pg = testPg();
    return core.connections.create({
      ...pg,
      password: SECRET,
      name: `bound ${Math.random()}`,
      environment: 'test',
      description: '',
      tags: [],
      is_active: true,
    });
  }

  it('testing edited host and port sends the stored password only when confirmed', async () => {
    const c = await saved();
    expect(await core.connections.testSaved(c.id)).toMatchObject({ success: true });
    const moved = { host: 'localhost', port: fake.port, tls: { mode: 'disable' as const } };
    const unconfirmed = await core.connections.testSaved(c.id, moved);
    expect(unconfirmed.success).toBe(false);
    expect(fake.received).not.toContain(SECRET);
    await core.connections.testSaved(c.id, moved, true);
    expect(fake.received).toContain(SECRET);
  });

  it('saving a new host and port forgets the password unless it is resent or kept', async () => {
    const c = await saved();
    const moved = await core.connections.update(c.id, {
      host: 'localhost',
      port: fake.port,
      tls: { mode: 'disable' },
    });
    expect(moved.has_password).toBe(false);
    const r = await core.connections.testSaved(c.id);
    expect(r.success).toBe(false);
    expect(fake.asked).toBeGreaterThan(0);
    expect(fake.received.filter((p) => p !== '')).toEqual([]);

    const kept = await saved();
    const keptMoved = await core.connections.update(kept.id, {
      port: fake.port,
      tls: { mode: 'disable' },
      keep_password: true,
    });
    expect(keptMoved.has_password).toBe(true);
    await core.connections.testSaved(kept.id);
    expect(fake.received).toContain(SECRET);

    // A change elsewhere (the name) keeps the password without being asked.
    const renamed = await core.connections.update(kept.id, { name: `renamed ${Math.random()}` });
    expect(renamed.has_password).toBe(true);
  });
});
