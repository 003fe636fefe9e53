// Runs in the main process, server and CLI. PostgreSQL's backups: pg_dump in the snapshot of the
// manifest's row counts (the driver's own format where pg_dump is missing or older than the
// server), pg_restore, and the swap of a verified copy by two renames.
import { AppError } from '../../../../../shared/errors';
import { type DbClient, openClient } from '../../../db/client';
import type { StepLog } from '../../../journal/journal';
import { grantsOf } from '../../../tenant-ops/backups/acl';
import { DRIVER_TOOL, driverDump } from '../../../tenant-ops/backups/driver-dump';
import type { BackupManifest, DumpOptions } from '../../../tenant-ops/backups/dump';
import { runTool } from '../../../tenant-ops/backups/process';
import {
  databaseExists,
  dropDatabase,
  type RestoreOptions,
} from '../../../tenant-ops/backups/restore';
import { countRows } from '../../../tenant-ops/backups/row-counts';
import { pgInvocation } from '../../../tenant-ops/backups/tool-env';
import type { BackupDialect } from '../../tenant-facets';
import { pgQuoter } from './sql';

async function dump(o: DumpOptions): Promise<BackupManifest> {
  const client = await openClient({ ...o.params, database: o.database });
  try {
    const version = await client.serverVersion();
    const major =
      Number((await client.query('SHOW server_version_num')).rows[0]?.server_version_num) / 10000;
    const tool = o.tools.postgres;
    // The counts and the dump read one snapshot, so the manifest describes exactly what was dumped.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const rows = await countRows(client);
    const total = Math.max(1, Object.keys(rows).length);
    let done = 0;
    const tableDone = () => o.onProgress?.(Math.min(0.99, ++done / total));
    if (!tool || tool.major < Math.floor(major)) {
      // No pg_dump, or one older than the server (which it refuses): the driver writes it.
      await driverDump(client, o.file, rows, tableDone);
      await client.query('COMMIT');
      return {
        engine: 'postgresql',
        tool: DRIVER_TOOL,
        database: o.database,
        server_version: version,
        rows,
      };
    }
    const snapshot = String((await client.query('SELECT pg_export_snapshot() AS s')).rows[0]?.s);
    const call = pgInvocation(o.params, o.database);
    await runTool({
      program: tool.dump,
      args: [...call.args, '--format=custom', '--verbose', `--snapshot=${snapshot}`, '-f', o.file],
      env: call.env,
      onStderrLine: (line) => {
        if (/dumping contents of table/.test(line)) tableDone();
      },
    });
    await client.query('COMMIT');
    return {
      engine: 'postgresql',
      tool: 'pg_dump',
      database: o.database,
      server_version: version,
      rows,
    };
  } finally {
    await client.close().catch(() => undefined);
  }
}

async function restoreWithTool(o: RestoreOptions, target: string): Promise<void> {
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
}

/** A new database with the original's owner and database-level grants (CONNECT is per database). */
async function createLikePostgres(admin: DbClient, original: string, fresh: string): Promise<void> {
  const q = pgQuoter;
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
  old: string,
  log: StepLog,
): Promise<string> {
  const q = pgQuoter;
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

export const postgresBackups: BackupDialect = {
  fileExtension: 'dump',
  dump,
  restoreWithTool,
  createScratch: createLikePostgres,
  swap: swapPostgres,
  async databasesLike(admin, pattern) {
    const r = await admin.query('SELECT datname AS name FROM pg_database WHERE datname LIKE $1', [
      pattern,
    ]);
    return r.rows.map((row) => String(row.name));
  },
};
