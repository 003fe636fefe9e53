// Migrations 48/49 on a store written by the schema before them: every row kept, references from
// other tables intact (a workspace's changes still cascade), and engine names checked by the
// db_engines lookup instead of a CHECK list.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openDatabase, schemaVersion, type Db } from '../../../../main/core/store/database';
import { MIGRATIONS } from '../../../../main/core/store/migrations';
import { registerEngines } from '../../../../main/core/engines/migration';
import { ENGINE_INFO, ENGINE_TYPES } from '../../../../shared/model/engines';
import { makeTempDir, type TempDir } from '../../../support/temp-dir';

let dir: TempDir;
beforeEach(() => {
  dir = makeTempDir('benchphant-engine-lookup-');
});
afterEach(() => dir.remove());

const NOW = '2026-12-06T00:00:00.000Z';
const before48 = MIGRATIONS.filter((m) => m.version < 48);

function seed(db: Db): void {
  db.prepare(
    `INSERT INTO connections (id, name, type, host, port, database, username, environment, created_at, updated_at, vault_path)
     VALUES (?, ?, ?, '127.0.0.1', ?, 'test', 'u', 'development', ?, ?, ?)`,
  ).run('c-pg', 'pg', 'postgresql', 5432, NOW, NOW, 'connection/c-pg');
  db.prepare(
    `INSERT INTO connections (id, name, type, host, port, database, username, environment, created_at, updated_at)
     VALUES ('c-my', 'my', 'mysql', '127.0.0.1', 3306, 'test', 'root', 'production', ?, ?)`,
  ).run(NOW, NOW);
  db.prepare(
    `INSERT INTO tn_workspaces (name, connection_id, db_type, database, known_schema, created_at)
     VALUES ('ws', 'c-pg', 'postgresql', 'ws_dev', '{}', ?)`,
  ).run(NOW);
  db.prepare(
    `INSERT INTO tn_changes (id, workspace, seq, statement, kind, status, created_at)
     VALUES ('ch1', 'ws', 1, 'CREATE TABLE t (id int)', 'create_table', 'pending', ?)`,
  ).run(NOW);
  db.prepare(
    `INSERT INTO tn_blueprints (name, workspace, connection_id, db_type, created_at)
     VALUES ('ws', 'ws', 'c-pg', 'postgresql', ?)`,
  ).run(NOW);
  db.prepare(
    `INSERT INTO tn_blueprint_versions (blueprint, ordinal, version, statements, schema, created_at)
     VALUES ('ws', 1, 'v1', '[]', '{}', ?)`,
  ).run(NOW);
}

it('rebuilds the three tables from a store of the previous schema, keeping rows, indexes and references', () => {
  const file = `${dir.path}/benchphant.db`;
  const old = openDatabase(file, before48);
  seed(old);
  const indexesBefore = old
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'connections' ORDER BY name",
    )
    .all();
  old.close();

  const db = openDatabase(file);
  try {
    expect(schemaVersion(db)).toBe(MIGRATIONS.at(-1)?.version);
    // The rows migrations 48 and 49 wrote, and any engine added since (at every open).
    expect(db.prepare('SELECT name FROM db_engines ORDER BY name').pluck().all()).toEqual(
      [...new Set(['mysql', 'postgresql', 'redis', ...ENGINE_TYPES])].sort(),
    );
    // Every row and column came along (vault_path was added by a later ALTER).
    expect(
      db.prepare('SELECT id, type, vault_path, environment FROM connections ORDER BY id').all(),
    ).toEqual([
      { id: 'c-my', type: 'mysql', vault_path: null, environment: 'production' },
      { id: 'c-pg', type: 'postgresql', vault_path: 'connection/c-pg', environment: 'development' },
    ]);
    expect(db.prepare('SELECT COUNT(*) FROM tn_changes').pluck().get()).toBe(1);
    expect(db.prepare('SELECT COUNT(*) FROM tn_blueprint_versions').pluck().get()).toBe(1);
    expect(
      db
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'connections' ORDER BY name",
        )
        .all(),
    ).toEqual(indexesBefore);
    // No CHECK lists the engines any more; the lookup does.
    const definitions = db
      .prepare(
        "SELECT sql FROM sqlite_master WHERE name IN ('connections', 'tn_workspaces', 'tn_blueprints')",
      )
      .pluck()
      .all() as string[];
    for (const sql of definitions) {
      expect(sql).not.toMatch(/IN \('postgresql', 'mysql'\)/);
      expect(sql).toMatch(/REFERENCES db_engines \(name\)/);
    }
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);

    const insert = db.prepare(
      `INSERT INTO connections (id, name, type, host, port, database, username, environment, created_at, updated_at)
       VALUES (?, 'x', ?, 'h', 6379, '0', 'default', 'test', ?, ?)`,
    );
    insert.run('c-redis', 'redis', NOW, NOW);
    expect(() => insert.run('c-oracle', 'oracle', NOW, NOW)).toThrow(/FOREIGN KEY/);
    // The workspace's changes still reference the rebuilt table: deleting it cascades to them.
    db.prepare("DELETE FROM tn_blueprint_versions WHERE blueprint = 'ws'").run();
    db.prepare("DELETE FROM tn_blueprints WHERE name = 'ws'").run();
    db.prepare("DELETE FROM tn_workspaces WHERE name = 'ws'").run();
    expect(db.prepare('SELECT COUNT(*) FROM tn_changes').pluck().get()).toBe(0);
  } finally {
    db.close();
  }
});

it('a new engine is one row: the tables accept it once db_engines has it', () => {
  const db = openDatabase(':memory:');
  try {
    const ws = db.prepare(
      `INSERT INTO tn_workspaces (name, connection_id, db_type, database, known_schema, created_at)
       VALUES (?, 'c', ?, 'd', '{}', ?)`,
    );
    expect(() => ws.run('a', 'mongodb', NOW)).toThrow(/FOREIGN KEY/);
    db.prepare("INSERT INTO db_engines (name, label) VALUES ('mongodb', 'MongoDB')").run();
    ws.run('a', 'mongodb', NOW);
    expect(db.prepare('SELECT db_type FROM tn_workspaces').pluck().get()).toBe('mongodb');
  } finally {
    db.close();
  }
});

it('every open gives each engine of the descriptors its row, writing nothing when they match', () => {
  const db = openDatabase(':memory:');
  try {
    const rows = () => db.prepare('SELECT name, label FROM db_engines ORDER BY name').all();
    const expected = [...ENGINE_TYPES]
      .sort()
      .map((name) => ({ name, label: ENGINE_INFO[name].label }));
    expect(rows()).toEqual(expected);
    // An engine the descriptors gained since the store was written, and a renamed label.
    db.prepare("DELETE FROM db_engines WHERE name = 'redis'").run();
    db.prepare("UPDATE db_engines SET label = 'old' WHERE name = 'mysql'").run();
    registerEngines(db);
    expect(rows()).toEqual(expected);
    const changes = () => db.prepare('SELECT total_changes()').pluck().get();
    const before = changes();
    registerEngines(db);
    expect(changes()).toBe(before);
  } finally {
    db.close();
  }
});
