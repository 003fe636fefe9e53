// An isolation move killed (SIGKILL) at every crash point of its journal, back and forth between
// the shared server and a private one (PostgreSQL with password auth; MariaDB). After a restart the tenant lives on
// exactly one server (the target if the switch was recorded, else the source), readable and
// writable by its own role with all its rows, with no copy or role left on the other server and
// no dump left in the data directory.
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ConnectionParams, DbType } from '../../../shared/model/connection';
import { openClient } from '../../../main/core/db/client';
import { tenantRole } from '../../../main/core/tenants/names';
import { crashMatrix, openSharedCore } from '../../support/crash-run';
import { startPrivateMariadb } from '../../support/private-mariadb';
import { startPrivatePostgres } from '../../support/private-postgres';
import { makeTempDir, type TempDir } from '../../support/temp-dir';
import {
  addConnection,
  call,
  dropEverything,
  makeBlueprint,
  serverParams,
  type TestCore,
} from '../tenants/harness';
import { asTenantOn } from '../tenant-ops/helpers';
import { addCustomer, report } from './support';

/** A private server of the engine: PostgreSQL with a password, MariaDB as root. */
async function privateServer(type: DbType) {
  return type === 'postgresql'
    ? startPrivatePostgres({ password: `bpj-${randomBytes(6).toString('hex')}` })
    : startPrivateMariadb();
}

describe.each<DbType>(['postgresql', 'mysql'])(
  'an isolation move crashed at every step (%s)',
  (type) => {
    const prefix = `bpj_${randomBytes(3).toString('hex')}`;
    const bp = `${prefix}_mv`;
    const tenant = 'acme';
    const database = `${bp}__${tenant}`;
    const role = tenantRole(database);
    let dedicated: { params: ConnectionParams; stop(): Promise<void> } | null = null;
    let dir: TempDir | null = null;

    afterAll(async () => {
      await dedicated?.stop();
      dir?.remove();
      await dropEverything(type, prefix);
    });

    const present = async (server: ConnectionParams) => {
      const c = await openClient(server);
      try {
        const [db, r] =
          type === 'postgresql'
            ? [
                await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]),
                await c.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]),
              ]
            : [
                await c.query(
                  'SELECT 1 AS x FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?',
                  [database],
                ),
                await c.query('SELECT 1 AS x FROM mysql.user WHERE User = ?', [role]),
              ];
        return { database: db.rows.length > 0, role: r.rows.length > 0 };
      } finally {
        await c.close();
      }
    };

    it('leaves the tenant whole on exactly one server at every crash point', async () => {
      dedicated = await privateServer(type);
      dir = makeTempDir('bp-crash-');
      const masterKey = `crash-${randomBytes(8).toString('hex')}`;
      const setup = openSharedCore(dir.path, masterKey);
      const shared = await addConnection(setup, type);
      const p = dedicated.params;
      const dedicatedId = (
        await call(setup, 'connections.create', {
          name: 'bpj dedicated',
          type,
          host: p.host,
          port: p.port,
          database: p.database,
          username: p.username,
          ...(p.password ? { password: p.password } : {}),
          tls: { mode: 'disable' },
        })
      ).id;
      await makeBlueprint(setup, shared, bp);
      const made = await call(setup, 'tenants.create', {
        tenant_id: tenant,
        databases: [{ blueprint: bp, isolation_level: 1 }],
      });
      expect(made.status).toBe('ready');
      await addCustomer(type, database, 'first@x.test');
      await setup.dispose();

      const servers: Record<string, ConnectionParams> = {
        [shared]: serverParams(type),
        [dedicatedId]: dedicated.params,
      };
      const insertCustomer =
        type === 'postgresql'
          ? 'INSERT INTO customers (email, name) VALUES ($1, $2)'
          : 'INSERT INTO customers (email, name) VALUES (?, ?)';
      const placement = async (core: TestCore) =>
        (await call(core, 'tenants.get', { id: tenant })).databases[0]?.connection_id ?? '';
      let from = '';
      let emails: string[] = [];
      const tally = await crashMatrix({
        dataDir: dir.path,
        masterKey,
        async prepare(core) {
          from = await placement(core);
          const c = await asTenantOn(core, bp, tenant, servers[from] ?? serverParams(type));
          try {
            await c.query(insertCustomer, [
              `row-${randomBytes(3).toString('hex')}@x.test`,
              'written before the move',
            ]);
            emails = (await c.query('SELECT email FROM customers ORDER BY email')).rows.map((r) =>
              String(r.email),
            );
          } finally {
            await c.close();
          }
        },
        calls: () => [
          {
            method: 'tenants.setIsolation',
            input:
              from === shared
                ? { id: tenant, isolation_level: 2, connection_id: dedicatedId }
                : { id: tenant, isolation_level: 1 },
          },
        ],
        async check(core, crashed) {
          const at = await placement(core);
          const other = at === shared ? dedicatedId : shared;
          const switched = crashed === null || /(before|after) switched$/.test(crashed.label);
          expect(at).toBe(switched ? (from === shared ? dedicatedId : shared) : from);
          const c = await asTenantOn(core, bp, tenant, servers[at] ?? serverParams(type));
          try {
            const rows = await c.query('SELECT email FROM customers ORDER BY email');
            expect(rows.rows.map((r) => String(r.email))).toEqual(emails);
            // Writes are back: the freeze of the move did not outlive it.
            await c.query("INSERT INTO customers (email, name) VALUES ('probe@x.test', 'probe')");
            await c.query("DELETE FROM customers WHERE email = 'probe@x.test'");
          } finally {
            await c.close();
          }
          expect(await present(servers[other] ?? serverParams(type))).toEqual({
            database: false,
            role: false,
          });
          expect(core.journal.open()).toEqual([]);
          const moves = join(core.paths.root, 'moves');
          expect(existsSync(moves) ? readdirSync(moves) : []).toEqual([]);
          if (crashed) {
            expect(core.journal.store.recovered('move')[0]?.message).toMatch(
              /^recovered: the move of /,
            );
          }
        },
      });
      report(`isolation move (${type})`, tally);
      expect(tally.failures).toEqual([]);
      expect(tally.lost).toBe(0);
      expect(tally.injected).toBeGreaterThanOrEqual(12);
    }, 600_000);
  },
);
