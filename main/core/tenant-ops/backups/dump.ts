// Runs in the main process, server and CLI. Makes one database's logical backup with the server's
// own dump program: pg_dump (custom format, in the same snapshot as the row counts of its
// manifest; the driver's own format where pg_dump is missing or older than the server) or
// mariadb-dump/mysqldump (--single-transaction). The file's checksum and size come
// from the bytes on disk.
import { createHash } from 'node:crypto';
import { chmodSync, closeSync, createReadStream, createWriteStream, openSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ConnectionParams, EngineType } from '../../../../shared/model/connection';
import { AppError } from '../../../../shared/errors';
import { openClient } from '../../db/client';
import { DRIVER_TOOL, driverDump } from './driver-dump';
import { runTool } from './process';
import { countRows, type RowCounts } from './row-counts';
import { mysqlInvocation, pgInvocation } from './tool-env';
import type { DumpTools } from './tools';

export interface BackupManifest {
  engine: EngineType;
  tool: string;
  database: string;
  server_version: string;
  rows: RowCounts;
}

export interface BackupFile extends BackupManifest {
  size: number;
  sha256: string;
}

export interface DumpOptions {
  params: ConnectionParams;
  database: string;
  file: string;
  tools: DumpTools;
  /** 0..1 as tables are written. */
  onProgress?: (fraction: number) => void;
}

export async function fileDigest(file: string): Promise<{ size: number; sha256: string }> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return { size: (await stat(file)).size, sha256: hash.digest('hex') };
}

export async function dumpDatabase(o: DumpOptions): Promise<BackupFile> {
  // A dump holds the tenant's data: readable by this user only, whichever tool writes it (the
  // tools keep the mode of a file that exists; the chmod covers one that replaced it).
  closeSync(openSync(o.file, 'w', 0o600));
  const manifest = o.params.type === 'postgresql' ? await dumpPostgres(o) : await dumpMysql(o);
  chmodSync(o.file, 0o600);
  o.onProgress?.(1);
  return { ...manifest, ...(await fileDigest(o.file)) };
}

async function dumpPostgres(o: DumpOptions): Promise<BackupManifest> {
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

async function dumpMysql(o: DumpOptions): Promise<BackupManifest> {
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
