// Runs in the main process, server and CLI. Migrations 48 and 49: the engine names a connection,
// a workspace or a blueprint may carry become rows of `db_engines` (referenced by foreign key)
// instead of CHECK lists written into three tables. Since then every open fills the table from the
// engine descriptors (`registerEngines`), so an engine added later needs no migration of its own.
import { ENGINE_INFO, ENGINE_TYPES } from '../../../shared/model/engines';
import type { Db } from '../store/database';
import type { Migration } from '../store/migrations';

/** The columns that listed the engines in a CHECK, and the CHECK as migrations 1 and 7 wrote it. */
const ENGINE_COLUMNS: readonly { table: string; column: string }[] = [
  { table: 'connections', column: 'type' },
  { table: 'tn_workspaces', column: 'db_type' },
  { table: 'tn_blueprints', column: 'db_type' },
];

/**
 * Rebuilds `table` from its current definition (later ALTERs included) with the CHECK on
 * `column` replaced by a reference to db_engines: new table, copy, drop, rename, then its
 * indexes and triggers again. Foreign keys are off (the migration says so), so dropping the old
 * table cascades nowhere, and the references other tables hold by name point at the new one.
 */
function rebuildWithEngineReference(db: Db, table: string, column: string): void {
  const current = db
    .prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?")
    .get(table) as { sql: string } | undefined;
  if (!current) throw new Error(`table ${table} is missing`);
  const check = new RegExp(
    `CHECK\\s*\\(\\s*${column}\\s+IN\\s*\\('postgresql',\\s*'mysql'\\)\\s*\\)`,
  );
  if (!check.test(current.sql))
    throw new Error(`${table}.${column} has no engine CHECK to replace`);
  const scratch = `${table}_engines_rebuild`;
  const definition = current.sql
    .replace(check, 'REFERENCES db_engines (name)')
    .replace(/^CREATE TABLE\s+("?)\w+\1/, `CREATE TABLE ${scratch}`);
  const extras = db
    .prepare(
      "SELECT sql FROM sqlite_master WHERE tbl_name = ? AND type IN ('index', 'trigger') AND sql IS NOT NULL",
    )
    .all(table) as { sql: string }[];
  db.exec(definition);
  db.exec(`INSERT INTO ${scratch} SELECT * FROM ${table}`);
  db.exec(`DROP TABLE ${table}`);
  db.exec(`ALTER TABLE ${scratch} RENAME TO ${table}`);
  for (const e of extras) db.exec(e.sql);
}

export const engineLookupMigration: Migration = {
  version: 48,
  name: 'engine lookup table',
  sql: `
    CREATE TABLE db_engines (
      name   TEXT PRIMARY KEY,
      label  TEXT NOT NULL
    );
    INSERT INTO db_engines (name, label) VALUES ('postgresql', 'PostgreSQL'), ('mysql', 'MySQL/MariaDB');
  `,
  run(db) {
    for (const { table, column } of ENGINE_COLUMNS) rebuildWithEngineReference(db, table, column);
  },
  rebuildsTables: true,
};

export const redisEngineMigration: Migration = {
  version: 49,
  name: 'redis engine',
  sql: `INSERT INTO db_engines (name, label) VALUES ('redis', 'Redis');`,
};

/**
 * Gives every engine of shared/model/engines.ts its db_engines row (and its current label), once
 * the lookup exists. Runs at every open, after the migrations; rows are added or relabelled, never
 * removed, and nothing is written when the table already matches (a process beside the data
 * directory's owner opens the store too).
 */
export function registerEngines(db: Db): void {
  if ((db.pragma('user_version', { simple: true }) as number) < engineLookupMigration.version)
    return;
  const rows = db.prepare('SELECT name, label FROM db_engines').all() as {
    name: string;
    label: string;
  }[];
  const known = new Map(rows.map((r) => [r.name, r.label]));
  const stale = ENGINE_TYPES.filter((t) => known.get(t) !== ENGINE_INFO[t].label);
  if (stale.length === 0) return;
  const upsert = db.prepare(
    'INSERT INTO db_engines (name, label) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET label = excluded.label',
  );
  db.transaction(() => {
    for (const t of stale) upsert.run(t, ENGINE_INFO[t].label);
  })();
}
