// Runs in the main process, server and CLI. Opens the local SQLite store (WAL) and brings its
// schema forward; a failed migration rolls back and leaves the file exactly as it was.
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../../../shared/errors';
import { registerEngines } from '../engines/migration';
import { MIGRATIONS, type Migration } from './migrations';

export type Db = Database.Database;

function load(file: string): Db {
  try {
    return new Database(file);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ERR_DLOPEN_FAILED') {
      throw new AppError(
        'INTERNAL',
        'The SQLite module (better-sqlite3) could not be loaded for this runtime. Run `npm ci` with Node 24 to reinstall it.',
      );
    }
    throw err;
  }
}

export interface OpenOptions {
  /**
   * Bring an older schema forward (default). Only the data directory's owner may: a process
   * beside a running one refuses an old file instead of changing it under that process's feet.
   */
  upgrade?: boolean;
}

/** The file readable by its user only; SQLite gives its -wal and -shm files the same mode. */
function createPrivate(file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  closeSync(openSync(file, 'a', 0o600));
  try {
    chmodSync(file, 0o600);
  } catch (err) {
    // Another user's file (opened through group rights): not ours to change.
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') throw err;
  }
}

export function openDatabase(
  file: string,
  migrations: readonly Migration[] = MIGRATIONS,
  opts: OpenOptions = {},
): Db {
  if (file !== ':memory:') createPrivate(file);
  const db = load(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  try {
    if (opts.upgrade === false) refuseUpgrade(db, migrations);
    migrate(db, migrations);
    registerEngines(db);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function refuseUpgrade(db: Db, migrations: readonly Migration[]): void {
  const current = schemaVersion(db);
  const latest = migrations.at(-1)?.version ?? 0;
  if (current < latest) {
    throw new AppError(
      'CONFLICT',
      `The data file needs an upgrade (schema ${current} to ${latest}), which only the process that owns the data directory may make. Stop the other Benchphant using it, then run this again.`,
    );
  }
}

export function migrate(db: Db, migrations: readonly Migration[]): void {
  const current = schemaVersion(db);
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new AppError(
      'CONFLICT',
      `The data file was written by a newer Benchphant (schema ${current}, this build knows ${latest}). Update Benchphant to open it.`,
    );
  }
  const pending = migrations.filter((m) => m.version > current);
  if (pending.length === 0) return;
  // One transaction for all pending steps: either the file reaches the latest schema or it is untouched.
  // The rollback resets user_version too, so the step that failed is remembered here.
  const progress: { at?: Migration } = {};
  const rebuilds = pending.some((m) => m.rebuildsTables === true);
  const apply = db.transaction(() => {
    for (const m of pending) {
      progress.at = m;
      db.exec(m.sql);
      m.run?.(db);
      db.pragma(`user_version = ${m.version}`);
    }
    if (rebuilds) {
      const broken = db.pragma('foreign_key_check') as { table: string }[];
      if (broken.length > 0)
        throw new Error(`${broken.length} row(s) of ${broken[0]?.table} lost their reference`);
    }
  });
  // Outside the transaction: SQLite ignores this pragma inside one.
  if (rebuilds) db.pragma('foreign_keys = OFF');
  try {
    apply();
  } catch (err) {
    const failed = progress.at ?? pending[0];
    throw new AppError(
      'INTERNAL',
      `Upgrading the data file failed at migration ${failed?.version} (${failed?.name}): ${(err as Error).message}. The file was left unchanged.`,
    );
  } finally {
    if (rebuilds) db.pragma('foreign_keys = ON');
  }
}
