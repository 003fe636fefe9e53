import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConnectionRepository } from '../../../../main/core/connections/repository';
import { type Migration, MIGRATIONS } from '../../../../main/core/store/migrations';
import { openDatabase, schemaVersion } from '../../../../main/core/store/database';
import { thrownAppError } from '../../../support/app-error';
import { makeTempDir, type TempDir } from '../../../support/temp-dir';

const LATEST = MIGRATIONS.at(-1)?.version ?? 0;
const FIRST = MIGRATIONS.slice(0, 1);

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** A data file as the first release wrote it, with one connection in it; closed, WAL checkpointed. */
function writeSchemaOneFile(file: string): void {
  const db = openDatabase(file, FIRST);
  db.prepare(
    `INSERT INTO connections (id, name, type, host, port, database, username, environment, description, tags,
       is_active, tls_mode, tls_ca_file, secret_ref, is_sandbox, created_at, updated_at)
     VALUES ('0b7e5c1a-2f3d-4e5f-8a9b-0c1d2e3f4a5b', 'legacy', 'mysql', 'db.example', 3306, 'shop', 'app',
       'staging', 'from schema 1', '["old"]', 1, 'require', NULL, NULL, 0,
       '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z')`,
  ).run();
  expect(schemaVersion(db)).toBe(1);
  db.close();
}

describe('store migrations', () => {
  let dir: TempDir;
  let file: string;
  beforeEach(() => {
    dir = makeTempDir();
    file = join(dir.path, 'benchphant.sqlite');
  });
  afterEach(() => dir.remove());

  // Versions are reserved per open issue, so a merged tree may have gaps; never a repeat or a step back.
  it('are numbered in strictly ascending order from 1 (append only)', () => {
    const versions = MIGRATIONS.map((m) => m.version);
    expect(versions[0]).toBe(1);
    for (let i = 1; i < versions.length; i++)
      expect(versions[i], `migration ${i}`).toBeGreaterThan(versions[i - 1] ?? 0);
  });

  it('bring a new file to the latest schema in WAL mode', () => {
    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(LATEST);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('bring a schema-1 file forward and keep its data', () => {
    writeSchemaOneFile(file);
    const db = openDatabase(file);
    try {
      expect(schemaVersion(db)).toBe(LATEST);
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {
        name: string;
      }[];
      expect(tables.map((t) => t.name)).toEqual(
        expect.arrayContaining(['connections', 'settings']),
      );
      expect(new ConnectionRepository(db).list()).toEqual([
        expect.objectContaining({
          id: '0b7e5c1a-2f3d-4e5f-8a9b-0c1d2e3f4a5b',
          name: 'legacy',
          type: 'mysql',
          environment: 'staging',
          tags: ['old'],
          tls: { mode: 'require' },
          has_password: false,
        }),
      ]);
    } finally {
      db.close();
    }
  });

  it('opening a file that is already current changes nothing', () => {
    openDatabase(file).close();
    const before = sha256(file);
    openDatabase(file).close();
    expect(sha256(file)).toBe(before);
  });

  it.each([
    ['the first pending step', 2],
    ['a later step, after one that worked', 3],
  ])('a migration failing at %s leaves the file byte-for-byte unchanged', (_label, failingAt) => {
    writeSchemaOneFile(file);
    const before = sha256(file);
    const steps: Migration[] = [...FIRST];
    for (let v = 2; v < failingAt; v++)
      steps.push({ version: v, name: `step ${v}`, sql: `CREATE TABLE step_${v} (x INTEGER);` });
    steps.push({
      version: failingAt,
      name: 'broken',
      sql: 'CREATE TABLE half (x INTEGER); INSERT INTO no_such_table VALUES (1);',
    });

    const err = thrownAppError(() => openDatabase(file, steps));
    expect(err.message).toContain(
      `Upgrading the data file failed at migration ${failingAt} (broken)`,
    );
    expect(err.message).toContain('The file was left unchanged.');
    expect(sha256(file)).toBe(before);
    expect(existsSync(`${file}-wal`)).toBe(false);

    const raw = new Database(file, { readonly: true });
    try {
      expect(raw.pragma('user_version', { simple: true })).toBe(1);
      expect(
        raw
          .prepare("SELECT count(*) AS n FROM sqlite_master WHERE name IN ('half', 'step_2')")
          .get(),
      ).toEqual({ n: 0 });
      expect(raw.prepare('SELECT name FROM connections').all()).toEqual([{ name: 'legacy' }]);
    } finally {
      raw.close();
    }
  });

  it('refuses a file written by a newer Benchphant, and leaves it alone', () => {
    openDatabase(file).close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${LATEST + 5}`);
    raw.close();
    const before = sha256(file);

    const err = thrownAppError(() => openDatabase(file));
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toBe(
      `The data file was written by a newer Benchphant (schema ${LATEST + 5}, this build knows ${LATEST}). Update Benchphant to open it.`,
    );
    expect(sha256(file)).toBe(before);
  });

  it('beside a live owner, refuses to upgrade an old file and leaves it alone', () => {
    writeSchemaOneFile(file);
    const before = sha256(file);
    const err = thrownAppError(() => openDatabase(file, MIGRATIONS, { upgrade: false }));
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toContain(`needs an upgrade (schema 1 to ${LATEST})`);
    expect(sha256(file)).toBe(before);
    // A current file opens as usual.
    openDatabase(file).close();
    openDatabase(file, MIGRATIONS, { upgrade: false }).close();
  });
});
