// Runs in the main process, server and CLI. What a tenant or workspace database needs on each
// engine, run as the connection's admin user: its own role, the database, the right to connect
// (taken away on suspend, with open sessions ended) and the drop. Every name is quoted by the
// driver; a password reaches the server only as a verifier.
import { AppError } from '../../../../shared/errors';
import type { DbClient } from '../../db/client';
import { sqlEngineOf } from '../../engines/registry';
import type { TenantAccess } from '../../engines/tenant-facets';

export type { TenantAccess };

/** Runs the statement that carries a password; a failure never repeats the statement's text. */
export async function withSecret(admin: DbClient, sql: string, role: string): Promise<void> {
  try {
    await admin.query(sql);
  } catch (err) {
    const code = (err as { code?: string }).code ?? 'unknown';
    throw new AppError(
      'CONFLICT',
      `The server refused to create the role ${role} (error ${code}); check that the connection's user may create roles.`,
    );
  }
}

export const tenantAccess = (type: DbClient['type']): TenantAccess =>
  sqlEngineOf(type).tenants.access;
