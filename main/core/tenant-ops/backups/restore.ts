// Runs in the main process, server and CLI. Restores a backup without risking the database it
// replaces: into a fresh database first, checked against the backup's row counts, and only then
// swapped in (PostgreSQL: two renames; MySQL: one atomic RENAME TABLE). Any failure before the
// swap drops the fresh copy and leaves the original exactly as it was. The scratch names come from
// the caller's journal intent, and the swap reads the server's state before each move, so the
// recovery pass can finish a swap a crash cut short by running it again.
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { ConnectionParams } from '../../../../shared/model/connection';
import { AppError } from '../../../../shared/errors';
import { type DbClient, openClient } from '../../db/client';
import { NO_STEP_LOG, type StepLog } from '../../journal/journal';
import { quoter } from '../../tenants/sql/quote';
import { grantsOf } from './acl';
import { DRIVER_TOOL, driverRestore } from './driver-dump';
import { type BackupFile, fileDigest } from './dump';
import { runTool } from './process';
import { countDifferences, countRows } from './row-counts';
import { mysqlInvocation, pgInvocation } from './tool-env';
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
  const q = quoter(o.params.type);
  try {
    if (o.params.database === o.database) {
      throw new AppError(
        'REFUSED',
        `Restoring ${o.database} needs a connection to another database of the server: the connection itself points at it.`,
      );
    }
    if (o.params.type === 'postgresql') await createLikePostgres(admin, o.database, fresh);
    else await admin.query(`CREATE DATABASE ${q.ident(fresh)}`);
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
  if (o.params.type === 'postgresql') {
    const tool = o.tools.postgres;
    if (!tool)
      throw new AppError(
        'REFUSED',
        'pg_restore was not found on PATH: install the PostgreSQL client tools.',
      );
    const call = pgInvocation(o.params, target);
    await runTool({
      program: tool.restore,
      args: [...call.args, '--exit-on-error', '--single-transaction', o.file],
      env: call.env,
    });
    return;
  }
  const tool = o.tools.mysql;
  if (!tool)
    throw new AppError(
      'REFUSED',
      'The mariadb (or mysql) client was not found on PATH: install mariadb-client.',
    );
  const call = mysqlInvocation(o.params, target);
  await runTool({
    program: tool.client,
    args: call.args,
    env: call.env,
    stdin: createReadStream(o.file),
  });
}

/** A new database with the original's owner and database-level grants (CONNECT is per database). */
async function createLikePostgres(admin: DbClient, original: string, fresh: string): Promise<void> {
  const q = quoter('postgresql');
  const r = await admin.query(
    'SELECT pg_get_userbyid(datdba) AS owner, datacl::text[] AS acl FROM pg_database WHERE datname = $1',
    [original],
  );
  const row = r.rows[0];
  if (!row)
    throw new AppError('NOT_FOUND', `The database ${original} does not exist on the server.`);
  await admin.query(`CREATE DATABASE ${q.ident(fresh)} OWNER ${q.ident(String(row.owner))}`);
  const acl = row.acl as string[] | null;
  if (!acl) return;
  await admin.query(`REVOKE ALL ON DATABASE ${q.ident(fresh)} FROM PUBLIC`);
  for (const grant of grantsOf(`DATABASE ${q.ident(fresh)}`, acl)) await admin.query(grant);
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
  return admin.type === 'postgresql'
    ? swapPostgres(admin, database, fresh, old, log)
    : swapMysql(admin, database, fresh, old, log);
}

export async function databaseExists(admin: DbClient, name: string): Promise<boolean> {
  const r =
    admin.type === 'postgresql'
      ? await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
      : await admin.query('SELECT 1 AS x FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [
          name,
        ]);
  return r.rows.length > 0;
}

async function swapPostgres(
  admin: DbClient,
  database: string,
  fresh: string,
  old: string,
  log: StepLog,
): Promise<string> {
  const q = quoter('postgresql');
  const hasDatabase = await databaseExists(admin, database);
  const hasFresh = await databaseExists(admin, fresh);
  if (!hasFresh) {
    // The copy is in place already (or was dropped by a swap that gave up): only debris is left.
    if (!hasDatabase) {
      if (!(await databaseExists(admin, old))) {
        throw new AppError('INTERNAL', `Neither ${database}, ${fresh} nor ${old} exists.`);
      }
      await admin.query(`ALTER DATABASE ${q.ident(old)} RENAME TO ${q.ident(database)}`);
      return `the restored copy was missing, so the original came back from ${old}.`;
    }
    await dropDatabase(admin, old);
    return `the restored copy was already in place; dropped ${old} if it was left.`;
  }
  if (hasDatabase) {
    // Sessions on the database hold it open; a client reconnecting between the two steps gets
    // one more try, then the swap gives up with the original untouched.
    for (let attempt = 1; ; attempt++) {
      await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [database],
      );
      try {
        await admin.query(`ALTER DATABASE ${q.ident(database)} RENAME TO ${q.ident(old)}`);
        break;
      } catch (err) {
        if (attempt >= 5) {
          await dropDatabase(admin, fresh).catch(() => undefined);
          throw new AppError(
            'REFUSED',
            `Could not take ${database} offline to swap in the restored copy (${(err as Error).message}); it was left as it was.`,
          );
        }
        await new Promise((r) => setTimeout(r, 200 * attempt));
      }
    }
    log.point('original renamed');
  }
  try {
    await admin.query(`ALTER DATABASE ${q.ident(fresh)} RENAME TO ${q.ident(database)}`);
  } catch (err) {
    await admin.query(`ALTER DATABASE ${q.ident(old)} RENAME TO ${q.ident(database)}`);
    await dropDatabase(admin, fresh).catch(() => undefined);
    throw err;
  }
  log.point('copy renamed');
  await dropDatabase(admin, old);
  return `swapped the verified copy in as ${database} and dropped the original (${old}).`;
}

async function swapMysql(
  admin: DbClient,
  database: string,
  fresh: string,
  old: string,
  log: StepLog,
): Promise<string> {
  const q = quoter('mysql');
  // RENAME TABLE moves every table at once: tables still in the copy mean it has not run.
  const restored = (await databaseExists(admin, fresh)) ? await mysqlTables(admin, fresh) : [];
  let did = `the restored tables were already in ${database}; dropped the scratch databases.`;
  if (restored.length > 0) {
    const current = await mysqlTables(admin, database);
    await admin.query(`CREATE DATABASE IF NOT EXISTS ${q.ident(old)}`);
    log.point('holder created');
    const moves = [
      ...current.map((t) => `${q.ident(database)}.${q.ident(t)} TO ${q.ident(old)}.${q.ident(t)}`),
      ...restored.map(
        (t) => `${q.ident(fresh)}.${q.ident(t)} TO ${q.ident(database)}.${q.ident(t)}`,
      ),
    ];
    // One statement: MySQL renames all of them atomically, so readers see the old or the new tables.
    await admin.query(`RENAME TABLE ${moves.join(', ')}`);
    log.point('tables swapped');
    did = `swapped the verified tables into ${database} and dropped the original ones.`;
  }
  await dropDatabase(admin, old);
  log.point('original dropped');
  await dropDatabase(admin, fresh);
  return did;
}

async function mysqlTables(admin: DbClient, database: string): Promise<string[]> {
  const r = await admin.query(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ? AND table_type = 'BASE TABLE'",
    [database],
  );
  return r.rows.map((row) => String(row.name));
}

export async function dropDatabase(admin: DbClient, database: string): Promise<void> {
  const q = quoter(admin.type);
  await admin.query(
    admin.type === 'postgresql'
      ? `DROP DATABASE IF EXISTS ${q.ident(database)} WITH (FORCE)`
      : `DROP DATABASE IF EXISTS ${q.ident(database)}`,
  );
}
