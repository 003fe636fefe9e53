// Database metrics against the real servers: a row lock held by another session shows as a lock
// wait on PostgreSQL and MariaDB, counters become rates, history answers raw seconds and minute
// rollups, and a restart of a private PostgreSQL or MariaDB shows as a break, never a negative
// rate.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbSample } from '../../../shared/contract/db-metrics';
import type { DbType } from '../../../shared/model/connection';
import { openClient, type DbClient } from '../../../main/core/db/client';
import { silentLogger } from '../../../main/core/logging/logger';
import { startServer, type RunningServer } from '../../../main/server/server';
import { startPrivateMariadb, type PrivateMariadb } from '../../support/private-mariadb';
import { startPrivatePostgres, type PrivatePostgres } from '../../support/private-postgres';
import {
  addConnection,
  admin,
  call,
  makeTestCore,
  runPrefix,
  type TestCore,
} from '../tenants/harness';

const prefix = runPrefix();
let core: TestCore;

beforeAll(() => {
  core = makeTestCore();
});
afterAll(async () => {
  await core?.dispose();
});

/** Resolves with the first sample of the connection that satisfies `ok`. */
function sampleWhere(connectionId: string, ok: (s: DbSample) => boolean, timeoutMs = 20_000) {
  return new Promise<DbSample>((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`no matching sample of ${connectionId} within ${timeoutMs} ms`));
    }, timeoutMs);
    const stop = core.events.subscribe((e) => {
      if (e.event !== 'dbmetrics.sampled' || e.payload.connection_id !== connectionId) return;
      if (!ok(e.payload)) return;
      clearTimeout(timer);
      stop();
      resolve(e.payload);
    });
  });
}

describe.each(['postgresql', 'mysql'] as DbType[])('on %s', (type) => {
  it('shows a session waiting on a row lock, and rates from the counters', async () => {
    const id = await addConnection(core, type, `${prefix} ${type}`);
    const table = `${prefix}_locks`;
    const setup = await admin(type);
    await setup.query(`CREATE TABLE ${table} (id integer PRIMARY KEY, v integer NOT NULL)`);
    await setup.query(`INSERT INTO ${table} VALUES (1, 0)`);
    let holder: DbClient | null = null;
    let waiter: DbClient | null = null;
    const release = core.dbMetrics.watch(id);
    try {
      // Something happens between two samples: the commits show as a rate.
      await sampleWhere(id, () => true);
      for (let i = 0; i < 20; i++) await setup.query(`UPDATE ${table} SET v = v + 1 WHERE id = 1`);
      const busy = await sampleWhere(id, (s) => (s.values.commits_per_sec ?? 0) > 0);
      expect(busy.break).toBe(false);

      holder = await admin(type);
      waiter = await admin(type);
      await holder.query(type === 'postgresql' ? 'BEGIN' : 'START TRANSACTION');
      await holder.query(`UPDATE ${table} SET v = v + 1 WHERE id = 1`);
      const blocked = waiter.query(`UPDATE ${table} SET v = v + 1 WHERE id = 1`).catch(() => null);
      const waiting = await sampleWhere(id, (s) => (s.values.sessions_waiting_lock ?? 0) >= 1);
      expect(waiting.values.sessions_waiting_lock).toBeGreaterThanOrEqual(1);
      if (type === 'postgresql') expect(waiting.waits.Lock).toBeGreaterThanOrEqual(1);
      expect(waiting.values.longest_transaction_s).toBeGreaterThanOrEqual(0);
      if (type === 'mysql') {
        // InnoDB counts a row lock wait when it begins: the sample that saw it waiting, or the next.
        const counted =
          (waiting.values.lock_waits_per_sec ?? 0) > 0 ||
          (await sampleWhere(id, (s) => (s.values.lock_waits_per_sec ?? 0) > 0, 5000).then(
            () => true,
            () => false,
          ));
        expect(counted).toBe(true);
      }
      await holder.query('ROLLBACK');
      await blocked;

      const now = Date.now();
      const raw = await call(core, 'dbmetrics.history', {
        id,
        metric: 'sessions_waiting_lock',
        start_time: new Date(now - 120_000).toISOString(),
        end_time: new Date(now + 1000).toISOString(),
      });
      expect(raw.interval).toBe('1s');
      expect(raw.points.some((p) => (p.max ?? 0) >= 1)).toBe(true);
      const minutes = await call(core, 'dbmetrics.history', {
        id,
        metric: 'sessions_waiting_lock',
        start_time: new Date(now - 3_600_000).toISOString(),
        end_time: new Date(now + 60_000).toISOString(),
        interval: '1m',
      });
      expect(minutes.points.length).toBeGreaterThanOrEqual(1);
      expect(Math.max(...minutes.points.map((p) => p.max ?? 0))).toBeGreaterThanOrEqual(1);
    } finally {
      release();
      await holder?.close();
      await waiter?.close();
      await setup.query(`DROP TABLE IF EXISTS ${table}`);
      await setup.close();
    }
  }, 60_000);
});

describe('a server restart', () => {
  let pg: PrivatePostgres;
  beforeAll(async () => {
    pg = await startPrivatePostgres({ password: 'restart-pw' });
  }, 120_000);
  afterAll(async () => {
    await pg?.stop();
  });

  it('is a break in the series, never a negative rate', async () => {
    const p = pg.params;
    const id = (
      await call(core, 'connections.create', {
        name: `${prefix} restart`,
        type: 'postgresql',
        host: p.host,
        port: p.port,
        database: p.database,
        username: p.username,
        password: pg.password,
        tls: { mode: 'disable' },
      })
    ).id;
    const seen: DbSample[] = [];
    const stop = core.events.subscribe((e) => {
      if (e.event === 'dbmetrics.sampled' && e.payload.connection_id === id) seen.push(e.payload);
    });
    const release = core.dbMetrics.watch(id);
    try {
      const load = await openClient(p);
      for (let i = 0; i < 50; i++) await load.query('SELECT 1');
      await load.close();
      await sampleWhere(id, () => seen.length >= 2);
      await pg.restart();
      const after = await sampleWhere(id, (s) => s.break, 30_000);
      expect(after.values.commits_per_sec ?? null).toBeNull();
      const next = await sampleWhere(id, (s) => !s.break && s.values.commits_per_sec !== undefined);
      expect(next.values.commits_per_sec).toBeGreaterThanOrEqual(0);
      for (const s of seen)
        for (const [k, v] of Object.entries(s.values))
          if (k.endsWith('_per_sec'))
            expect(v ?? 0, `${k} at ${s.timestamp}`).toBeGreaterThanOrEqual(0);
    } finally {
      release();
      stop();
    }
  }, 90_000);
});

describe('a MariaDB restart', () => {
  let maria: PrivateMariadb;
  beforeAll(async () => {
    maria = await startPrivateMariadb({ port: 15444 });
  }, 120_000);
  afterAll(async () => {
    await maria?.stop();
  });

  it('is a break in the series (its uptime went back), never a negative rate', async () => {
    const p = maria.params;
    const id = (
      await call(core, 'connections.create', {
        name: `${prefix} maria restart`,
        type: 'mysql',
        host: p.host,
        port: p.port,
        database: p.database,
        username: p.username,
        tls: { mode: 'disable' },
      })
    ).id;
    const seen: DbSample[] = [];
    const stop = core.events.subscribe((e) => {
      if (e.event === 'dbmetrics.sampled' && e.payload.connection_id === id) seen.push(e.payload);
    });
    const release = core.dbMetrics.watch(id);
    try {
      const load = await openClient(p);
      for (let i = 0; i < 50; i++) await load.query('SELECT 1');
      await load.close();
      await sampleWhere(id, () => seen.length >= 2);
      await maria.restart();
      const after = await sampleWhere(id, (s) => s.break, 30_000);
      expect(after.values.queries_per_sec ?? null).toBeNull();
      const next = await sampleWhere(id, (s) => !s.break && s.values.queries_per_sec !== undefined);
      expect(next.values.queries_per_sec).toBeGreaterThanOrEqual(0);
      for (const s of seen)
        for (const [k, v] of Object.entries(s.values))
          if (k.endsWith('_per_sec'))
            expect(v ?? 0, `${k} at ${s.timestamp}`).toBeGreaterThanOrEqual(0);
    } finally {
      release();
      stop();
    }
  }, 90_000);
});

describe('over REST', () => {
  it('answers live and history on the routes the issue names, and 404 for an unknown connection', async () => {
    const id = await addConnection(core, 'postgresql', `${prefix} rest`);
    const token = 'db-metrics-token';
    const server: RunningServer = await startServer({ core, port: 0, token, logger: silentLogger });
    const get = (path: string) =>
      fetch(`http://127.0.0.1:${server.port}${path}`, {
        headers: { Authorization: `Bearer ${token}` },
      });
    try {
      const first = await get(`/api/v1/connections/${id}/metrics/live`);
      expect(first.status).toBe(200);
      await sampleWhere(id, () => true);
      const live = (await (await get(`/api/v1/connections/${id}/metrics/live`)).json()) as DbSample;
      expect(live.connection_id).toBe(id);
      expect(live.values.sessions_total).toBeGreaterThanOrEqual(0);
      const q = new URLSearchParams({
        metric: 'sessions_total',
        start_time: new Date(Date.now() - 60_000).toISOString(),
        end_time: new Date().toISOString(),
      });
      const history = await get(`/api/v1/connections/${id}/metrics/history?${q.toString()}`);
      expect(history.status).toBe(200);
      expect(((await history.json()) as { points: unknown[] }).points.length).toBeGreaterThan(0);
      const unknown = await get(`/api/v1/connections/${crypto.randomUUID()}/metrics/live`);
      expect(unknown.status).toBe(404);
    } finally {
      await server.close();
    }
  }, 60_000);
});

describe('a dashboard closing', () => {
  it('ends its named lease at once, without ending another watcher’s', async () => {
    const id = await addConnection(core, 'postgresql', `${prefix} leases`);
    const token = 'db-metrics-token';
    const server: RunningServer = await startServer({ core, port: 0, token, logger: silentLogger });
    const send = (method: string, path: string, body?: unknown) =>
      fetch(`http://127.0.0.1:${server.port}${path}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const watch = `/api/v1/connections/${id}/metrics/watch`;
    try {
      expect((await send('POST', watch, { seconds: 600, lease: 'window-a' })).status).toBe(200);
      expect((await send('POST', watch, { seconds: 600, lease: 'window-b' })).status).toBe(200);
      await sampleWhere(id, () => true);

      const endA = await send('DELETE', `${watch}?lease=window-a`);
      expect(endA.status).toBe(200);
      expect(await endA.json()).toEqual({ watching: true });
      expect(core.dbMetrics.watching()).toContain(id);

      const endB = await send('DELETE', `${watch}?lease=window-b`);
      expect(await endB.json()).toEqual({ watching: false });
      expect(core.dbMetrics.watching()).not.toContain(id);
      // Stopped: no sample arrives in the next three intervals.
      await expect(sampleWhere(id, () => true, 3_000)).rejects.toThrow(/no matching sample/);

      expect((await send('DELETE', `${watch}?lease=bad%20name`)).status).toBe(400);
      const unknown = await send(
        'DELETE',
        `/api/v1/connections/${crypto.randomUUID()}/metrics/watch?lease=x`,
      );
      expect(unknown.status).toBe(404);
    } finally {
      await server.close();
    }
  }, 60_000);
});
