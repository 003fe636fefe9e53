// Runs in the main process, server and CLI. Which tenant databases wait for a dedicated server
// (isolation level 2 without a connection), in the local store; the webhook that attaches one
// reads and clears them.
import type { TenantStatus } from '../../../../shared/contract/tenants';
import type { Db } from '../../store/database';

/** A database not made yet keeps this in place of its connection until a server is attached. */
export const NO_SERVER_YET = '';

export interface AwaitingRow {
  tenant_id: string;
  blueprint: string;
  kind: 'create' | 'move';
  prior_status: TenantStatus | null;
  requested_at: string;
}

export const awaitingMessage = (blueprints: readonly string[]) =>
  `Waiting for a dedicated server for ${blueprints.map((b) => `'${b}'`).join(', ')}: attach one with POST /api/v1/webhooks/vm-ready {"tenant_id", "connection_id" or "connection"}.`;

export class AwaitingServers {
  constructor(private readonly db: Db) {}

  of(tenantId: string): AwaitingRow[] {
    return this.db
      .prepare('SELECT * FROM tn_awaiting_servers WHERE tenant_id = ? ORDER BY blueprint')
      .all(tenantId) as AwaitingRow[];
  }

  add(row: Omit<AwaitingRow, 'requested_at'>): void {
    this.db
      .prepare(
        `INSERT INTO tn_awaiting_servers (tenant_id, blueprint, kind, prior_status, requested_at)
         VALUES (?, ?, ?, ?, ?)`,
      )
      .run(row.tenant_id, row.blueprint, row.kind, row.prior_status, new Date().toISOString());
  }

  remove(tenantId: string, blueprint: string): void {
    this.db
      .prepare('DELETE FROM tn_awaiting_servers WHERE tenant_id = ? AND blueprint = ?')
      .run(tenantId, blueprint);
  }
}
