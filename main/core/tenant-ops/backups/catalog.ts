// Runs in the main process, server and CLI. The backups Benchphant made, in the local store; the
// files themselves live under the data directory.
import type { Backup } from '../../../../shared/contract/tenant-ops';
import type { EngineType } from '../../../../shared/model/connection';
import type { Db } from '../../store/database';
import { DATABASE_LABEL } from '../../tenants/names';
import type { BackupFile } from './dump';

interface Row {
  id: string;
  tenant_id: string;
  blueprint: string;
  connection_id: string;
  database: string;
  engine: EngineType;
  tool: string;
  storage_path: string;
  size_bytes: number;
  sha256: string;
  rows: string;
  server_version: string;
  created_at: string;
}

/** A catalogued backup with what a restore needs beyond the contract's view. */
export interface BackupRecord {
  view: Backup;
  connectionId: string;
  file: BackupFile;
}

const toRecord = (r: Row): BackupRecord => {
  const rows = JSON.parse(r.rows) as Record<string, number>;
  return {
    connectionId: r.connection_id,
    file: {
      engine: r.engine,
      tool: r.tool,
      database: r.database,
      server_version: r.server_version,
      rows,
      size: r.size_bytes,
      sha256: r.sha256,
    },
    view: {
      id: r.id,
      tenant_id: r.tenant_id,
      blueprint: r.blueprint,
      database: r.database,
      database_type: DATABASE_LABEL[r.engine],
      tool: r.tool,
      storage_path: r.storage_path,
      size_bytes: r.size_bytes,
      sha256: r.sha256,
      rows,
      created_at: r.created_at,
    },
  };
};

export class BackupCatalog {
  constructor(private readonly db: Db) {}

  add(entry: {
    id: string;
    tenantId: string;
    blueprint: string;
    connectionId: string;
    path: string;
    file: BackupFile;
    createdAt: string;
  }): BackupRecord {
    this.db
      .prepare(
        `INSERT INTO tn_backups (id, tenant_id, blueprint, connection_id, database, engine, tool,
           storage_path, size_bytes, sha256, rows, server_version, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        entry.id,
        entry.tenantId,
        entry.blueprint,
        entry.connectionId,
        entry.file.database,
        entry.file.engine,
        entry.file.tool,
        entry.path,
        entry.file.size,
        entry.file.sha256,
        JSON.stringify(entry.file.rows),
        entry.file.server_version,
        entry.createdAt,
      );
    return this.get(entry.id)!;
  }

  /** Newest first. */
  ofTenant(tenantId: string): BackupRecord[] {
    const rows = this.db
      .prepare('SELECT * FROM tn_backups WHERE tenant_id = ? ORDER BY created_at DESC, rowid DESC')
      .all(tenantId) as Row[];
    return rows.map(toRecord);
  }

  get(id: string): BackupRecord | undefined {
    const row = this.db.prepare('SELECT * FROM tn_backups WHERE id = ?').get(id) as Row | undefined;
    return row ? toRecord(row) : undefined;
  }

  remove(id: string): void {
    this.db.prepare('DELETE FROM tn_backups WHERE id = ?').run(id);
  }
}
