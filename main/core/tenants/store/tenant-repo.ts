// Runs in the main process, server and CLI. Tenants and their databases in the local store:
// names, levels, roles and versions; never a password (those live in the secret store).
import type { TenantStatus } from '../../../../shared/contract/tenants';
import type { Db } from '../../store/database';

export interface TenantRow {
  id: string;
  status: TenantStatus;
  message: string | null;
  created_at: string;
  deleted_at: string | null;
}

export interface TenantDbRow {
  tenant_id: string;
  blueprint: string;
  isolation_level: 1 | 2;
  connection_id: string;
  database: string;
  role: string;
  version: string | null;
}

export class TenantRepository {
  constructor(private readonly db: Db) {}

  list(): TenantRow[] {
    return this.db.prepare('SELECT * FROM tn_tenants ORDER BY created_at, id').all() as TenantRow[];
  }

  get(id: string): TenantRow | undefined {
    return this.db.prepare('SELECT * FROM tn_tenants WHERE id = ?').get(id) as
      TenantRow | undefined;
  }

  /** `also`: more bookkeeping that belongs in the same transaction. */
  insert(row: TenantRow, dbs: TenantDbRow[], also?: () => void): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          'INSERT INTO tn_tenants (id, status, message, created_at, deleted_at) VALUES (@id, @status, @message, @created_at, @deleted_at)',
        )
        .run(row);
      const add = this.db.prepare(
        `INSERT INTO tn_tenant_databases (tenant_id, blueprint, isolation_level, connection_id, database, role, version)
         VALUES (@tenant_id, @blueprint, @isolation_level, @connection_id, @database, @role, @version)`,
      );
      for (const d of dbs) add.run(d);
      also?.();
    })();
  }

  setStatus(
    id: string,
    status: TenantStatus,
    message: string | null = null,
    deletedAt: string | null = null,
  ): void {
    this.db
      .prepare('UPDATE tn_tenants SET status = ?, message = ?, deleted_at = ? WHERE id = ?')
      .run(status, message, deletedAt, id);
  }

  delete(id: string): void {
    this.db.prepare('DELETE FROM tn_tenants WHERE id = ?').run(id);
  }

  databases(tenantId: string): TenantDbRow[] {
    return this.db
      .prepare('SELECT * FROM tn_tenant_databases WHERE tenant_id = ? ORDER BY blueprint')
      .all(tenantId) as TenantDbRow[];
  }

  allDatabases(): TenantDbRow[] {
    return this.db
      .prepare('SELECT * FROM tn_tenant_databases ORDER BY tenant_id, blueprint')
      .all() as TenantDbRow[];
  }

  /** Databases of a blueprint whose tenant is not soft-deleted or failed. */
  ofBlueprint(
    blueprint: string,
    statuses: readonly TenantStatus[],
  ): (TenantDbRow & { status: TenantStatus })[] {
    const marks = statuses.map(() => '?').join(', ');
    return this.db
      .prepare(
        `SELECT d.*, t.status FROM tn_tenant_databases d JOIN tn_tenants t ON t.id = d.tenant_id
         WHERE d.blueprint = ? AND t.status IN (${marks}) ORDER BY d.tenant_id`,
      )
      .all(blueprint, ...statuses) as (TenantDbRow & { status: TenantStatus })[];
  }

  setVersion(tenantId: string, blueprint: string, version: string | null): void {
    this.db
      .prepare('UPDATE tn_tenant_databases SET version = ? WHERE tenant_id = ? AND blueprint = ?')
      .run(version, tenantId, blueprint);
  }

  /** Where a tenant's database lives after an isolation move. */
  setPlacement(tenantId: string, blueprint: string, connectionId: string, level: 1 | 2): void {
    this.db
      .prepare(
        'UPDATE tn_tenant_databases SET connection_id = ?, isolation_level = ? WHERE tenant_id = ? AND blueprint = ?',
      )
      .run(connectionId, level, tenantId, blueprint);
  }
}
