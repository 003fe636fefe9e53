// Backups and safe restores of one database on the real servers, with the machine's own dump
// programs: rows changed after a backup come back; a broken backup file or a copy that does not
// match its manifest changes nothing; PostgreSQL's database-level grants survive the swap.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionParams } from '../../../shared/model/connection';
import { openClient, type DbClient } from '../../../main/core/db/client';
import {
  type BackupFile,
  dumpDatabase,
  fileDigest,
} from '../../../main/core/tenant-ops/backups/dump';
import { restoreDatabase } from '../../../main/core/tenant-ops/backups/restore';
import { findDumpTools, type DumpTools } from '../../../main/core/tenant-ops/backups/tools';
import { testMysql, testPg } from '../../support/test-databases';
import { makeTempDir } from '../../support/temp-dir';
import { inDatabase } from './helpers';

const dir = makeTempDir('bp-backups-');
let tools: DumpTools;
beforeAll(async () => {
  tools = await findDumpTools();
});
afterAll(() => dir.remove());

const engines: [string, () => ConnectionParams][] = [
  ['postgresql', () => ({ ...testPg(), tls: { mode: 'disable' } })],
  ['mysql', () => ({ ...testMysql(), tls: { mode: 'disable' } })],
];

describe.each(engines)('backup and restore on %s', (engine, params) => {
  const db = `bpo_bk_${randomBytes(3).toString('hex')}`;
  const role = `${db}_role`;
  let admin: DbClient;
  const inDb = <T>(fn: (c: DbClient) => Promise<T>): Promise<T> =>
    inDatabase({ ...params(), database: db }, fn);
  const names = () =>
    inDb(async (c) =>
      (await c.query('SELECT name FROM items ORDER BY id')).rows.map((r) => r.name),
    );
  const leftovers = async () => {
    const sql =
      engine === 'postgresql'
        ? "SELECT datname AS d FROM pg_database WHERE datname LIKE 'bp\\_restore\\_%' OR datname LIKE 'bp\\_replaced\\_%'"
        : "SELECT schema_name AS d FROM information_schema.schemata WHERE schema_name LIKE 'bp\\_restore\\_%' OR schema_name LIKE 'bp\\_replaced\\_%'";
    return (await admin.query(sql)).rows;
  };

  beforeAll(async () => {
    admin = await openClient(params());
    await admin.query(`CREATE DATABASE ${db}`);
    if (engine === 'postgresql') {
      await admin.query(`CREATE ROLE ${role} LOGIN`);
      await admin.query(`REVOKE ALL ON DATABASE ${db} FROM PUBLIC`);
      await admin.query(`GRANT CONNECT ON DATABASE ${db} TO ${role}`);
    }
    await inDb(async (c) => {
      await c.query('CREATE TABLE items (id int PRIMARY KEY, name varchar(40) NOT NULL)');
      await c.query('CREATE TABLE notes (id int PRIMARY KEY, item_id int REFERENCES items (id))');
      await c.query("INSERT INTO items VALUES (1, 'alpha'), (2, 'beta'), (3, 'gamma')");
      await c.query('INSERT INTO notes VALUES (10, 1)');
    });
  });
  afterAll(async () => {
    await admin.query(
      engine === 'postgresql'
        ? `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`
        : `DROP DATABASE IF EXISTS ${db}`,
    );
    if (engine === 'postgresql') await admin.query(`DROP ROLE IF EXISTS ${role}`);
    await admin.close();
  });

  let backup: BackupFile;
  const file = join(dir.path, `${engine}.dump`);

  it('backs up with the rows of each table, its size and checksum', async () => {
    const progress: number[] = [];
    backup = await dumpDatabase({
      params: params(),
      database: db,
      file,
      tools,
      onProgress: (f) => progress.push(f),
    });
    expect(backup.rows).toEqual({ items: 3, notes: 1 });
    expect(backup.tool).toMatch(engine === 'postgresql' ? /^pg_dump$/ : /dump$/);
    expect(backup).toMatchObject(await fileDigest(file));
    expect(backup.size).toBeGreaterThan(100);
    expect(progress.at(-1)).toBe(1);
  });

  it('restores the backed-up rows over later changes, through a verified copy', async () => {
    await inDb(async (c) => {
      await c.query('DELETE FROM notes');
      await c.query("UPDATE items SET name = 'changed' WHERE id = 1");
      await c.query('DELETE FROM items WHERE id = 3');
      await c.query("INSERT INTO items VALUES (4, 'delta')");
    });
    const steps: string[] = [];
    await restoreDatabase({
      params: params(),
      database: db,
      file,
      backup,
      tools,
      onStep: (s) => steps.push(s),
    });
    expect(steps).toEqual(['checking', 'restoring', 'verifying', 'swapping', 'done']);
    expect(await names()).toEqual(['alpha', 'beta', 'gamma']);
    expect(
      await inDb(async (c) => (await c.query('SELECT count(*) AS n FROM notes')).rows[0]?.n),
    ).toEqual(engine === 'postgresql' ? '1' : 1);
    expect(await leftovers()).toEqual([]);
    if (engine === 'postgresql') {
      const acl = await admin.query(
        "SELECT has_database_privilege($1, $2, 'CONNECT') AS role_ok, has_database_privilege('public', $2, 'CONNECT') AS public_ok",
        [role, db],
      );
      expect(acl.rows[0]).toEqual({ role_ok: true, public_ok: false });
    }
  });

  it('refuses a backup file that no longer matches its checksum, and changes nothing', async () => {
    await inDb((c) => c.query("UPDATE items SET name = 'kept' WHERE id = 2"));
    const tampered = join(dir.path, `${engine}-tampered.dump`);
    writeFileSync(tampered, 'not a backup');
    await expect(
      restoreDatabase({ params: params(), database: db, file: tampered, backup, tools }),
    ).rejects.toThrow(/no longer matches its checksum; nothing was restored/);
    expect(await names()).toEqual(['alpha', 'kept', 'gamma']);
  });

  it('leaves the database exactly as it was when the restore fails midway', async () => {
    const broken = join(dir.path, `${engine}-broken.dump`);
    writeFileSync(
      broken,
      engine === 'postgresql'
        ? 'PGDMP garbage'
        : 'CREATE TABLE items (id int);\nINSERT INTO nowhere VALUES (1);\n',
    );
    const brokenBackup = { ...backup, ...(await fileDigest(broken)) };
    await expect(
      restoreDatabase({
        params: params(),
        database: db,
        file: broken,
        backup: brokenBackup,
        tools,
      }),
    ).rejects.toThrow(/failed \(exit \d+\)/);
    expect(await names()).toEqual(['alpha', 'kept', 'gamma']);
    expect(await leftovers()).toEqual([]);
  });

  it('refuses a restored copy whose rows differ from the manifest', async () => {
    const wrong = { ...backup, rows: { ...backup.rows, items: 99 } };
    await expect(
      restoreDatabase({ params: params(), database: db, file, backup: wrong, tools }),
    ).rejects.toThrow(
      /does not match the backup \(table items has 3 rows, not 99\); the database was left as it was/,
    );
    expect(await names()).toEqual(['alpha', 'kept', 'gamma']);
    expect(await leftovers()).toEqual([]);
  });
});

describe('PostgreSQL backup without pg_dump (a server newer than the client tools)', () => {
  const db = `bpo_drv_${randomBytes(3).toString('hex')}`;
  const role = `${db}_role`;
  const params = (): ConnectionParams => ({ ...testPg(), tls: { mode: 'disable' } });
  let admin: DbClient;
  const inDb = <T>(fn: (c: DbClient) => Promise<T>): Promise<T> =>
    inDatabase({ ...params(), database: db }, fn);

  beforeAll(async () => {
    admin = await openClient(params());
    await admin.query(`CREATE DATABASE ${db}`);
    await admin.query(`CREATE ROLE ${role} LOGIN`);
    await inDb(async (c) => {
      await c.query(
        'CREATE TABLE items (id serial PRIMARY KEY, name text NOT NULL, tags text[], raw bytea, at timestamptz DEFAULT now(), doc jsonb)',
      );
      await c.query(
        'CREATE TABLE notes (id int PRIMARY KEY, item_id int REFERENCES items (id) ON DELETE CASCADE)',
      );
      await c.query('CREATE UNIQUE INDEX items_name ON items (name)');
      await c.query(
        `INSERT INTO items (name, tags, raw, doc) SELECT 'n' || g, ARRAY['a', 'b,c'], '\\x00ff'::bytea, '{"k": [1, 2]}'
         FROM generate_series(1, 2500) g`,
      );
      await c.query('INSERT INTO notes VALUES (1, 1), (2, 2500)');
      await c.query(`GRANT SELECT, INSERT ON items TO ${role}`);
      await c.query(`GRANT USAGE ON SEQUENCE items_id_seq TO ${role}`);
    });
  });
  afterAll(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    await admin.query(`DROP ROLE IF EXISTS ${role}`);
    await admin.close();
  });

  it('dumps through the driver and restores every value, sequence, index, key and grant', async () => {
    const noPgDump: DumpTools = { ...tools, postgres: null };
    const file = join(dir.path, 'driver.json.gz');
    const backup = await dumpDatabase({ params: params(), database: db, file, tools: noPgDump });
    expect(backup.tool).toBe('benchphant (driver)');
    expect(backup.rows).toEqual({ items: 2500, notes: 2 });
    const before = await inDb(async (c) => (await c.query('SELECT * FROM items ORDER BY id')).rows);

    await inDb((c) =>
      c.query("DELETE FROM items WHERE id > 10; UPDATE items SET name = 'x' WHERE id = 1"),
    );
    await restoreDatabase({ params: params(), database: db, file, backup, tools: noPgDump });

    await inDb(async (c) => {
      expect((await c.query('SELECT * FROM items ORDER BY id')).rows).toEqual(before);
      expect((await c.query('SELECT count(*)::int AS n FROM notes')).rows[0]?.n).toBe(2);
      // The sequence moved on, the unique index and the cascading key came back.
      expect(
        (await c.query("INSERT INTO items (name) VALUES ('next') RETURNING id")).rows[0]?.id,
      ).toBe(2501);
      await expect(c.query("INSERT INTO items (name) VALUES ('n1')")).rejects.toThrow(/items_name/);
      await c.query('DELETE FROM items WHERE id = 2500');
      expect((await c.query('SELECT count(*)::int AS n FROM notes')).rows[0]?.n).toBe(1);
      const grants = await c.query(
        `SELECT has_table_privilege($1, 'items', 'INSERT') AS ins, has_table_privilege($1, 'items', 'DELETE') AS del,
                has_sequence_privilege($1, 'items_id_seq', 'USAGE') AS seq`,
        [role],
      );
      expect(grants.rows[0]).toEqual({ ins: true, del: false, seq: true });
    });
  });
});
