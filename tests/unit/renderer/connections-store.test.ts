import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freeLoopbackPort } from '../../../main/core/sandbox/service';
import { ApiError } from '../../../renderer/src/api/api-error';
import {
  createConnectionsStore,
  type ConnectionsStore,
} from '../../../renderer/src/stores/connections-store';
import { createHarness, type Harness, until } from './harness';

const params = {
  type: 'postgresql' as const,
  host: '127.0.0.1',
  port: 5432,
  database: 'test',
  username: 'postgres',
};

let h: Harness;
let store: ConnectionsStore;

beforeEach(() => {
  h = createHarness();
  store = createConnectionsStore(h.client);
});

afterEach(async () => {
  store.dispose();
  await h.cleanup();
});

describe('connections store over the real dispatcher', () => {
  it('offers local files to an import only when the core is local, not across a socket', () => {
    expect(store.getState().readsLocalFiles).toBe(true);
    const remote = createConnectionsStore({ ...h.client, remote: true });
    expect(remote.getState().readsLocalFiles).toBe(false);
    remote.dispose();
  });

  it('loads an empty list, then creates, renames and deletes a connection', async () => {
    await store.getState().load();
    expect(store.getState()).toMatchObject({ status: 'ready', items: [], error: null });

    const created = await store.getState().create({ ...params, name: 'Local PG', tags: ['local'] });
    expect(created).toMatchObject({
      name: 'Local PG',
      environment: 'development',
      has_password: false,
    });
    expect(store.getState().items.map((c) => c.name)).toEqual(['Local PG']);
    expect((await h.client.call('connections.list')).map((c) => c.id)).toEqual([created.id]);

    const renamed = await store.getState().update(created.id, { name: 'Renamed PG' });
    expect(renamed.name).toBe('Renamed PG');
    expect(store.getState().items.map((c) => c.name)).toEqual(['Renamed PG']);
    expect(h.core.connections.get(created.id).name).toBe('Renamed PG');

    await store.getState().remove(created.id);
    expect(store.getState().items).toEqual([]);
    expect(h.core.connections.list()).toEqual([]);
  });

  it('keeps a password write-only: saved, reported by has_password, cleared with an empty string', async () => {
    const c = await store
      .getState()
      .create({ ...params, name: 'With secret', password: 's3cret-pw' });
    expect(c.has_password).toBe(true);
    expect(JSON.stringify(store.getState().items)).not.toContain('s3cret-pw');
    const cleared = await store.getState().update(c.id, { password: '' });
    expect(cleared.has_password).toBe(false);
  });

  it('refetches when the core announces connections.changed from elsewhere', async () => {
    await store.getState().load();
    await h.core.connections.create({
      ...params,
      name: 'Made by the CLI',
      environment: 'staging',
      description: '',
      tags: [],
      is_active: true,
    });
    const s = await until(store, (st) => st.items.length === 1);
    expect(s.items[0]).toMatchObject({ name: 'Made by the CLI', environment: 'staging' });
  });

  it('rejects bad input with the dispatcher’s readable BAD_INPUT message and changes nothing', async () => {
    const err = await store
      .getState()
      .create({ ...params, port: 70000, name: 'Bad port' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'BAD_INPUT' });
    expect((err as ApiError).message).toContain('port must be between 1 and 65535');
    expect(store.getState().items).toEqual([]);
    expect(h.core.connections.list()).toEqual([]);
  });

  it('rejects an unknown id with NOT_FOUND', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    await expect(store.getState().update(id, { name: 'x' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(store.getState().remove(id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('records a saved connection’s failed test inline, with the human message', async () => {
    const port = await freeLoopbackPort();
    const c = await store.getState().create({ ...params, port, name: 'Nobody home' });
    await store.getState().testSaved(c.id);
    const outcome = store.getState().tests[c.id];
    expect(outcome?.state).toBe('done');
    if (outcome?.state !== 'done') return;
    expect(outcome.result).toMatchObject({ success: false, code: 'CONNECTION_REFUSED' });
    expect(outcome.result.message).toMatch(/refused/i);
  });

  it('turns an error answer into a test outcome rather than a rejection', async () => {
    const c = await store.getState().create({ ...params, name: 'Lost secret', password: 'pw' });
    await h.secrets.delete(`connection/${c.id}`);
    await store.getState().testSaved(c.id);
    const outcome = store.getState().tests[c.id];
    expect(outcome).toMatchObject({
      state: 'failed',
      message:
        "The password of 'Lost secret' is missing from the in-memory store. Edit the connection and enter it again.",
    });
    expect(outcome?.state !== 'running' && outcome?.at).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('stamps a saved connection’s outcome with its time and drops the Sandbox’s when it stops', async () => {
    const port = await freeLoopbackPort();
    const c = await store.getState().create({ ...params, port, name: 'Sandbox-like' });
    const before = Date.now();
    await store.getState().testSaved(c.id);
    const outcome = store.getState().tests[c.id];
    expect(outcome?.state).toBe('done');
    if (outcome?.state !== 'done') return;
    expect(Date.parse(outcome.at!)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(outcome.at!)).toBeLessThanOrEqual(Date.now());
    // The core announces the Sandbox running, then stopped: only the stop makes the outcome stale.
    const status = { connection_id: c.id, port, message: null };
    h.core.events.emit('sandbox.changed', { ...status, state: 'running' });
    expect(store.getState().tests[c.id]).toBe(outcome);
    h.core.events.emit('sandbox.changed', { ...status, state: 'stopped' });
    await until(store, (s) => s.tests[c.id] === undefined);
  });

  it('tests unsaved parameters through connections.test', async () => {
    const port = await freeLoopbackPort();
    const result = await store.getState().test({ ...params, port });
    expect(result).toMatchObject({ success: false, code: 'CONNECTION_REFUSED' });
  });

  it('reports a failed load as a readable error, not an object', async () => {
    await h.core.close();
    await store.getState().load();
    const { status, error } = store.getState();
    expect(status).toBe('error');
    expect(error).toBe(
      // The core names the operation; the UI does not.
      'Benchphant hit an unexpected error; the log has the details.',
    );
  });
});
