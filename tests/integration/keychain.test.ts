import { AsyncEntry } from '@napi-rs/keyring';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createKeychainSecretStore, keychainWorks } from '../../main/core/secrets/keychain';
import { selectSecretStore } from '../../main/core/secrets/select';
import { makeTestCore, type TestCore } from '../support/test-core';
import { makeTempDir } from '../support/temp-dir';

const PASSWORD = 'Zq9-keychain-S3cret';
const SKIP = process.env.BENCHPHANT_TEST_NO_KEYCHAIN === '1';
const UNREACHABLE =
  'No OS keychain answers, so the keychain tests cannot prove anything. Run them under a D-Bus session with an ' +
  "unlocked gnome-keyring: dbus-run-session -- sh -c 'echo -n pw | gnome-keyring-daemon --unlock --components=secrets " +
  ">/dev/null; exec npx vitest run --project integration' (npm test does this), or set BENCHPHANT_TEST_NO_KEYCHAIN=1 to skip them knowingly.";

if (SKIP)
  console.warn(
    'keychain tests skipped: BENCHPHANT_TEST_NO_KEYCHAIN=1 is set, so the OS keychain is not exercised.',
  );

/** Read straight from the keychain, the way another program would, not through Benchphant. */
const keychainEntry = (id: string) =>
  new AsyncEntry(
    'benchphant',
    `connection/${id}`,
    process.platform === 'linux' ? { linux: { store: 'secret-service' } } : {},
  );

describe.skipIf(SKIP)('the real OS keychain', () => {
  let reachable = false;
  let core: TestCore | undefined;

  beforeAll(async () => {
    reachable = await keychainWorks();
  });
  afterEach(() => core?.dispose());

  const requireKeychain = () => {
    if (!reachable) throw new Error(UNREACHABLE);
  };

  it('is reachable', () => {
    requireKeychain();
    expect(reachable).toBe(true);
  });

  it('is the store Benchphant picks by default', async () => {
    requireKeychain();
    const dir = makeTempDir();
    try {
      const choice = await selectSecretStore({ secretsFile: `${dir.path}/secrets.enc`, env: {} });
      expect(choice.store?.kind).toBe('keychain');
      expect(choice.message).toBeNull();
    } finally {
      dir.remove();
    }
  });

  it('keeps a connection password in the keychain, and removes it with the connection', async () => {
    requireKeychain();
    core = makeTestCore({ secrets: createKeychainSecretStore() });
    const c = await core.connections.create({
      name: 'keychain-backed',
      type: 'postgresql',
      host: '127.0.0.1',
      port: 5432,
      database: 'test',
      username: 'postgres',
      password: PASSWORD,
      environment: 'test',
      description: '',
      tags: [],
      is_active: true,
    });
    expect(c).toMatchObject({
      has_password: true,
      secret_ref: `keychain:benchphant/connection/${c.id}`,
    });
    expect(await keychainEntry(c.id).getPassword()).toBe(PASSWORD);

    await core.connections.update(c.id, { password: `${PASSWORD}-changed` });
    expect(await keychainEntry(c.id).getPassword()).toBe(`${PASSWORD}-changed`);

    await core.connections.delete(c.id);
    expect(await keychainEntry(c.id).getPassword()).toBeNull();
  });

  it("clears the keychain entry when the password is updated to ''", async () => {
    requireKeychain();
    core = makeTestCore({ secrets: createKeychainSecretStore() });
    const c = await core.connections.createFromUrl({
      url: `postgres://postgres:${PASSWORD}@127.0.0.1:5432/test`,
    });
    expect(await keychainEntry(c.id).getPassword()).toBe(PASSWORD);
    expect(await core.connections.update(c.id, { password: '' })).toMatchObject({
      has_password: false,
      secret_ref: null,
    });
    expect(await keychainEntry(c.id).getPassword()).toBeNull();
  });
});
