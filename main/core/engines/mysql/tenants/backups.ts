// Runs in the main process, server and CLI. MySQL's and MariaDB's backups: mariadb-dump or
// mysqldump (--single-transaction), the client to load it, and the swap of a verified copy by one
// atomic RENAME TABLE.
import { createReadStream, createWriteStream } from 'node:fs';
import { AppError } from '../../../../../shared/errors';
import { type DbClient, openClient } from '../../../db/client';
import type { StepLog } from '../../../journal/journal';
import type { BackupManifest, DumpOptions } from '../../../tenant-ops/backups/dump';
import { runTool } from '../../../tenant-ops/backups/process';
import {
  databaseExists,
  dropDatabase,
  type RestoreOptions,
} from '../../../tenant-ops/backups/restore';
import { countRows } from '../../../tenant-ops/backups/row-counts';
import { mysqlInvocation } from '../../../tenant-ops/backups/tool-env';
import type { BackupDialect } from '../../tenant-facets';
import { mysqlQuoter } from './sql';

async function dump(o: DumpOptions): Promise<BackupManifest> {
  const tool = o.tools.mysql;
  if (!tool) {
    throw new AppError(
      'REFUSED',
      'mariadb-dump (or mysqldump) and the mariadb (or mysql) client were not found on PATH: install the client tools (mariadb-client) and try again.',
    );
  }
  const client = await openClient({ ...o.params, database: o.database });
  let manifest: BackupManifest;
  try {
    manifest = {
      engine: 'mysql',
      tool: tool.dump,
      database: o.database,
      server_version: await client.serverVersion(),
      rows: await countRows(client),
    };
  } finally {
    await client.close().catch(() => undefined);
  }
  const total = Math.max(1, Object.keys(manifest.rows).length);
  let done = 0;
  const call = mysqlInvocation(o.params, o.database);
  await runTool({
    program: tool.dump,
    args: [
      '--single-transaction',
      '--routines',
      '--triggers',
      '--no-create-db',
      '--verbose',
      ...call.args,
    ],
    env: call.env,
    stdout: createWriteStream(o.file),
    onStderrLine: (line) => {
      if (/Sending SELECT query/.test(line)) o.onProgress?.(Math.min(0.99, ++done / total));
    },
  });
  return manifest;
}

async function restoreWithTool(o: RestoreOptions, target: string): Promise<void> {
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

async function swapMysql(
  admin: DbClient,
  database: string,
  fresh: string,
  old: string,
  log: StepLog,
): Promise<string> {
  const q = mysqlQuoter;
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

export const mysqlBackups: BackupDialect = {
  fileExtension: 'sql',
  dump,
  restoreWithTool,
  async createScratch(admin, _original, fresh) {
    await admin.query(`CREATE DATABASE ${mysqlQuoter.ident(fresh)}`);
  },
  swap: swapMysql,
  async databasesLike(admin, pattern) {
    const r = await admin.query(
      'SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE ?',
      [pattern],
    );
    return r.rows.map((row) => String(row.name));
  },
};
