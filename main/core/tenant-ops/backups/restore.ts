// Runs in the main process, server and CLI. Restores a backup without risking the database it
// replaces: into a fresh database first, checked against the backup's row counts, and only then
// swapped in (PostgreSQL: two renames; MySQL: one atomic RENAME TABLE). Any failure before the
// swap drops the fresh copy and leaves the original exactly as it was.
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { ConnectionParams } from '../../../../shared/model/connection';
import { AppError } from '../../../../shared/errors';
import { type DbClient, openClient } from '../../db/client';
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
  const fresh = `bp_restore_${suffix}`;
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
    if (o.params.type === 'postgresql') await swapPostgres(admin, o.database, fresh, suffix);
    else await swapMysql(admin, o.database, fresh, suffix);
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

async function swapPostgres(
  admin: DbClient,
  database: string,
  fresh: string,
  suffix: string,
): Promise<void> {
  const q = quoter('postgresql');
  const old = `bp_replaced_${suffix}`;
  // Sessions on the database hold it open; a client reconnecting between the two steps gets one
  // more try, then the swap gives up with the original untouched.
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
  try {
    await admin.query(`ALTER DATABASE ${q.ident(fresh)} RENAME TO ${q.ident(database)}`);
  } catch (err) {
    await admin.query(`ALTER DATABASE ${q.ident(old)} RENAME TO ${q.ident(database)}`);
    await dropDatabase(admin, fresh).catch(() => undefined);
    throw err;
  }
  await dropDatabase(admin, old);
}

async function swapMysql(
  admin: DbClient,
  database: string,
  fresh: string,
  suffix: string,
): Promise<void> {
  const q = quoter('mysql');
  const old = `bp_replaced_${suffix}`;
  const current = await mysqlTables(admin, database);
  const restored = await mysqlTables(admin, fresh);
  await admin.query(`CREATE DATABASE ${q.ident(old)}`);
  const moves = [
    ...current.map((t) => `${q.ident(database)}.${q.ident(t)} TO ${q.ident(old)}.${q.ident(t)}`),
    ...restored.map((t) => `${q.ident(fresh)}.${q.ident(t)} TO ${q.ident(database)}.${q.ident(t)}`),
  ];
  // One statement: MySQL renames all of them atomically, so readers see the old or the new tables.
  if (moves.length > 0) await admin.query(`RENAME TABLE ${moves.join(', ')}`);
  await dropDatabase(admin, old);
  await dropDatabase(admin, fresh);
}

async function mysqlTables(admin: DbClient, database: string): Promise<string[]> {
  const r = await admin.query(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ? AND table_type = 'BASE TABLE'",
    [database],
  );
  return r.rows.map((row) => String(row.name));
}

async function dropDatabase(admin: DbClient, database: string): Promise<void> {
  const q = quoter(admin.type);
  await admin.query(
    admin.type === 'postgresql'
      ? `DROP DATABASE IF EXISTS ${q.ident(database)} WITH (FORCE)`
      : `DROP DATABASE IF EXISTS ${q.ident(database)}`,
  );
}
