// Runs in the main process, server and CLI. Restores a backup without risking the database it
// replaces: into a fresh database first, checked against the backup's row counts, and only then
// swapped in (each engine's `backups.swap`: PostgreSQL two renames, MySQL one atomic RENAME TABLE). Any failure before the
// swap drops the fresh copy and leaves the original exactly as it was. The scratch names come from
// the caller's journal intent, and the swap reads the server's state before each move, so the
// recovery pass can finish a swap a crash cut short by running it again.
import { randomBytes } from 'node:crypto';
import type { ConnectionParams } from '../../../../shared/model/connection';
import { AppError } from '../../../../shared/errors';
import { type DbClient, openClient } from '../../db/client';
import { sqlEngineOf } from '../../engines/registry';
import { NO_STEP_LOG, type StepLog } from '../../journal/journal';
import { DRIVER_TOOL, driverRestore } from './driver-dump';
import { type BackupFile, fileDigest } from './dump';
import { countDifferences, countRows } from './row-counts';
import type { DumpTools } from './tools';

export interface RestoreOptions {
  /** The server's admin connection (its own database is where the swap is run from). */
  params: ConnectionParams;
  /** The database the backup replaces. */
  database: string;
  file: string;
  backup: BackupFile;
  tools: DumpTools;
  onStep?: (step: 'checking' | 'restoring' | 'verifying' | 'swapping' | 'done') => void;
  /** The scratch databases' names (the journal intent records them); random ones otherwise. */
  scratch?: { fresh: string; old: string };
  /** The journal intent: the swap is recorded before it starts. */
  log?: StepLog;
}

export async function restoreDatabase(o: RestoreOptions): Promise<void> {
  o.onStep?.('checking');
  const digest = await fileDigest(o.file).catch(() => null);
  if (!digest || digest.sha256 !== o.backup.sha256) {
    throw new AppError(
      'REFUSED',
      `The backup file ${o.file} is missing or no longer matches its checksum; nothing was restored.`,
    );
  }
  const suffix = randomBytes(6).toString('hex');
  const { fresh, old } = o.scratch ?? {
    fresh: `bp_restore_${suffix}`,
    old: `bp_replaced_${suffix}`,
  };
  const log = o.log ?? NO_STEP_LOG;
  const admin = await openClient(o.params);
  const backups = sqlEngineOf(o.params.type).tenants.backups;
  try {
    if (o.params.database === o.database) {
      throw new AppError(
        'REFUSED',
        `Restoring ${o.database} needs a connection to another database of the server: the connection itself points at it.`,
      );
    }
    await backups.createScratch(admin, o.database, fresh);
    try {
      o.onStep?.('restoring');
      await restoreInto(o, fresh);
      o.onStep?.('verifying');
      const copy = await openClient({ ...o.params, database: fresh });
      const problems = await countRows(copy)
        .then((rows) => countDifferences(o.backup.rows, rows))
        .finally(() => copy.close().catch(() => undefined));
      if (problems.length > 0) {
        throw new AppError(
          'REFUSED',
          `The restored copy does not match the backup (${problems.slice(0, 3).join('; ')}); the database was left as it was.`,
        );
      }
    } catch (err) {
      await dropDatabase(admin, fresh).catch(() => undefined);
      throw err;
    }
    o.onStep?.('swapping');
    log.step('swapping');
    await finishSwap(admin, o.database, fresh, old, log);
    o.onStep?.('done');
  } finally {
    await admin.close().catch(() => undefined);
  }
}

export async function restoreInto(o: RestoreOptions, target: string): Promise<void> {
  if (o.backup.tool === DRIVER_TOOL) {
    const c = await openClient({ ...o.params, database: target });
    try {
      await driverRestore(c, o.file);
    } finally {
      await c.close().catch(() => undefined);
    }
    return;
  }
  await sqlEngineOf(o.params.type).tenants.backups.restoreWithTool(o, target);
}

/**
 * Puts the verified copy `fresh` in place of `database`, keeping the original as `old` until the
 * copy is in place, then dropping it. Reads where things stand first, so running it again after
 * a crash at any point finishes the swap. Returns what it did, in words.
 */
export async function finishSwap(
  admin: DbClient,
  database: string,
  fresh: string,
  old: string,
  log: StepLog = NO_STEP_LOG,
): Promise<string> {
  return sqlEngineOf(admin.type).tenants.backups.swap(admin, database, fresh, old, log);
}

export const databaseExists = (admin: DbClient, name: string): Promise<boolean> =>
  sqlEngineOf(admin.type).tenants.access.databaseExists(admin, name);

export async function dropDatabase(admin: DbClient, database: string): Promise<void> {
  await admin.query(sqlEngineOf(admin.type).tenants.sql.dropDatabase(database));
}
