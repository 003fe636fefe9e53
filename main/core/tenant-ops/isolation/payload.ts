// Runs in the main process, server and CLI. What an isolation move's journal intent records: both
// servers, the database, its role, the dump file (SQL) or whether the tenant was suspended (a key
// space), so recovery can finish or undo the move.
import type { TenantDbRow } from '../../tenants/store/tenant-repo';

export interface MovePayload extends Record<string, unknown> {
  tenant_id: string;
  blueprint: string;
  database: string;
  role: string;
  source: string;
  target: string;
  file: string;
  /** A key-space move: the tenant was suspended, so its user stays locked wherever it ends up. */
  suspended?: boolean;
}

/** What a move of `d` to `target` records before its first step. */
export const movePayload = (
  d: TenantDbRow,
  target: string,
  more: Pick<MovePayload, 'file' | 'suspended'>,
): MovePayload => ({
  tenant_id: d.tenant_id,
  blueprint: d.blueprint,
  database: d.database,
  role: d.role,
  source: d.connection_id,
  target,
  ...more,
});
