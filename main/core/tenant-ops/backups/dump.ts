// Runs in the main process, server and CLI. Makes one database's logical backup with the server's
// own dump program: pg_dump (custom format, in the same snapshot as the row counts of its
// manifest; the driver's own format where pg_dump is missing or older than the server) or
// mariadb-dump/mysqldump (--single-transaction). The file's checksum and size come
// from the bytes on disk.
import { createHash } from 'node:crypto';
import { chmodSync, closeSync, createReadStream, openSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ConnectionParams, EngineType } from '../../../../shared/model/connection';
import { sqlEngineOf } from '../../engines/registry';
import type { RowCounts } from './row-counts';
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
  const manifest = await sqlEngineOf(o.params.type).tenants.backups.dump(o);
  chmodSync(o.file, 0o600);
  o.onProgress?.(1);
  return { ...manifest, ...(await fileDigest(o.file)) };
}
