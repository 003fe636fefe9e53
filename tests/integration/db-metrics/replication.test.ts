// Replication lag against a real streaming pair: a private primary and a standby made with
// pg_basebackup, on this helper's reserved ports. The standby's lag comes from its replay
// position and time; it grows while replay is paused under writes on the primary and falls back
// to zero once replay catches up; the primary reports its standby's lag from pg_stat_replication.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbSample } from '../../../shared/contract/db-metrics';
import type { ConnectionParams } from '../../../shared/model/connection';
import { openClient, type DbClient } from '../../../main/core/db/client';
import { startPrivatePostgres, type PrivatePostgres } from '../../support/private-postgres';
import { startPrivateStandby, type PrivateStandby } from '../../support/private-standby';
import { call, makeTestCore, runPrefix, type TestCore } from '../tenants/harness';

const PRIMARY_PORT = 15440;
const STANDBY_PORT = 15441;
const prefix = runPrefix();
let core: TestCore;
let primary: PrivatePostgres;
let standby: PrivateStandby;

beforeAll(async () => {
  core = makeTestCore();
  primary = await startPrivatePostgres({ password: 'repl-pw', port: PRIMARY_PORT });
  standby = await startPrivateStandby(primary, STANDBY_PORT);
}, 180_000);

afterAll(async () => {
  await core?.dispose();
  await standby?.stop();
  await primary?.stop();
});

function sampleWhere(connectionId: string, ok: (s: DbSample) => boolean, timeoutMs = 30_000) {
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

async function connection(name: string, p: ConnectionParams): Promise<string> {
  const c = await call(core, 'connections.create', {
    name: `${prefix} ${name}`,
    type: 'postgresql',
    host: p.host,
    port: p.port,
    database: p.database,
    username: p.username,
    password: primary.password,
    tls: { mode: 'disable' },
  });
  return c.id;
}

const lag = (s: DbSample) => s.values.replication_lag_s;

describe('replication lag', () => {
  it('is measured on a standby and on its primary', async () => {
    const standbyId = await connection('standby', standby.params);
    const primaryId = await connection('primary', primary.params);
    const releaseStandby = core.dbMetrics.watch(standbyId);
    const releasePrimary = core.dbMetrics.watch(primaryId);
    let writer: DbClient | null = null;
    let replica: DbClient | null = null;
    try {
      writer = await openClient(primary.params);
      replica = await openClient(standby.params);
      const w = writer;
      await w.query(`CREATE TABLE ${prefix}_repl (id serial PRIMARY KEY, at timestamptz)`);
      const write = () => w.query(`INSERT INTO ${prefix}_repl (at) VALUES (now())`);
      // Caught up: the standby has replayed everything it received.
      await write();
      const caughtUp = await sampleWhere(standbyId, (s) => lag(s) === 0);
      expect(caughtUp.values.replication_lag_s).toBe(0);

      // Replay paused while the primary keeps writing: the standby falls behind, in seconds.
      await replica.query('SELECT pg_wal_replay_pause()');
      const writes = setInterval(() => void write().catch(() => undefined), 200);
      try {
        const behind = await sampleWhere(standbyId, (s) => (lag(s) ?? 0) >= 1);
        expect(behind.values.replication_lag_s).toBeGreaterThanOrEqual(1);
        expect(behind.break).toBe(false);
      } finally {
        clearInterval(writes);
      }
      await replica.query('SELECT pg_wal_replay_resume()');
      await write();
      const back = await sampleWhere(standbyId, (s) => lag(s) === 0);
      expect(back.values.replication_lag_s).toBe(0);

      // The primary's view: its standby's replay lag, a small number just after writes.
      const fromPrimary = await sampleWhere(primaryId, (s) => {
        void write().catch(() => undefined);
        return lag(s) !== null && lag(s) !== undefined;
      });
      expect(fromPrimary.values.replication_lag_s).toBeGreaterThanOrEqual(0);
      expect(fromPrimary.values.replication_lag_s).toBeLessThan(60);
    } finally {
      releaseStandby();
      releasePrimary();
      await replica?.close();
      await writer?.query(`DROP TABLE IF EXISTS ${prefix}_repl`).catch(() => undefined);
      await writer?.close();
    }
  }, 120_000);
});
