// Replication lag against a real streaming pair: a private primary and a standby made with
// pg_basebackup, on free ports. The standby's lag comes from its replay position and time; it
// grows while replay is paused under writes on the primary and falls back to zero once replay
// catches up; the primary reports its standby's lag from pg_stat_replication.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbSample } from '../../../shared/contract/db-metrics';
import type { ConnectionParams } from '../../../shared/model/connection';
import { openClient, type DbClient } from '../../../main/core/db/client';
import { dataPaths } from '../../../main/core/paths';
import { startPrivatePostgres, type PrivatePostgres } from '../../support/private-postgres';
import { startPrivateStandby, type PrivateStandby } from '../../support/private-standby';
import { call, makeTestCore, runPrefix, type TestCore } from '../tenants/harness';

const prefix = runPrefix();
let core: TestCore;
let primary: PrivatePostgres;
let standby: PrivateStandby;

beforeAll(async () => {
  core = makeTestCore();
  primary = await startPrivatePostgres({ password: 'repl-pw' });
  standby = await startPrivateStandby(primary);
}, 180_000);

afterAll(async () => {
  await core?.dispose();
  await standby?.stop();
  await primary?.stop();
});

/**
 * The first sample of the connection that `ok` accepts. `nudge` runs on a sample it refuses,
 * at most every 3 s. On timeout the error tells the step, the lags seen, what the sampler
 * logged and both servers' logs: a failure on a slow machine must say why.
 */
function sampleWhere(
  step: string,
  connectionId: string,
  ok: (s: DbSample) => boolean,
  nudge?: () => void,
) {
  const timeoutMs = 30_000;
  const seen: string[] = [];
  let nudged = 0;
  return new Promise<DbSample>((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      const log = readFileSync(dataPaths(core.dataDir).log, 'utf8')
        .split('\n')
        .filter((l) => l.includes('database metrics'))
        .slice(-5)
        .join('\n');
      reject(
        new Error(
          `${step}: no matching sample within ${timeoutMs} ms; lags seen: ${seen.slice(-15).join(', ') || 'none'}\n` +
            `sampler: ${log || 'no warning'}\nstandby log:\n${standby.logTail()}\nprimary log:\n${primary.logTail()}`,
        ),
      );
    }, timeoutMs);
    const stop = core.events.subscribe((e) => {
      if (e.event !== 'dbmetrics.sampled' || e.payload.connection_id !== connectionId) return;
      seen.push(String(lag(e.payload)));
      if (!ok(e.payload)) {
        if (nudge && Date.now() - nudged >= 3000) {
          nudged = Date.now();
          nudge();
        }
        return;
      }
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
      const writeLater = () => void write().catch(() => undefined);
      // Caught up: the standby has replayed everything it received. A write now and then while
      // waiting: WAL the server writes on its own (a flush that ends mid-record) can leave the
      // standby's received position ahead of its replay until the next commit.
      await write();
      const caughtUp = await sampleWhere('caught up', standbyId, (s) => lag(s) === 0, writeLater);
      expect(caughtUp.values.replication_lag_s).toBe(0);

      // Replay paused while the primary keeps writing: the standby falls behind, in seconds.
      await replica.query('SELECT pg_wal_replay_pause()');
      const writes = setInterval(writeLater, 200);
      try {
        const behind = await sampleWhere('behind', standbyId, (s) => (lag(s) ?? 0) >= 1);
        expect(behind.values.replication_lag_s).toBeGreaterThanOrEqual(1);
        expect(behind.break).toBe(false);
      } finally {
        clearInterval(writes);
      }
      await replica.query('SELECT pg_wal_replay_resume()');
      await write();
      const back = await sampleWhere('back', standbyId, (s) => lag(s) === 0, writeLater);
      expect(back.values.replication_lag_s).toBe(0);

      // The primary's view: its standby's replay lag, a small number just after writes.
      const fromPrimary = await sampleWhere('from the primary', primaryId, (s) => {
        writeLater();
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
