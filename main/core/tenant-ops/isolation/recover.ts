// Runs in the main process, server and CLI: the journal side of an isolation move. The intent
// names both servers, the database, its role and the dump file; recovery undoes a move cut short
// before the tenant's record switched (drops the new copy, gives writes back on the old server)
// and completes one cut short after it (drops the old copy), so the tenant lives on exactly one
// server and can write there.
import { rmSync } from 'node:fs';
import type { Recoverer } from '../../journal/journal';
import type { Servers } from '../../tenants/servers';
import type { TenantRepository } from '../../tenants/store/tenant-repo';
import { tenantAccess } from '../../tenants/tenants/access';
import { thawWrites } from './freeze';
import { recoverKeyspaceMove } from './keyspace-move';
import type { MovePayload } from './payload';

/** Steps after which the new copy may exist on the target (and must go if the move is undone). */
export const TARGET_TOUCHED = ['creating', 'loading', 'verifying'];

export function moveRecoverer(servers: Servers, repo: TenantRepository): Recoverer {
  return async (intent) => {
    const p = intent.payload as MovePayload;
    const ks = servers.keyspaces(p.source);
    if (ks) return recoverKeyspaceMove(ks, servers, repo, intent);
    const access = tenantAccess(servers.connection(p.source).type);
    const name = (id: string) => `'${servers.connection(id).name}'`;
    rmSync(p.file, { force: true });
    const placed = repo.databases(p.tenant_id).find((x) => x.blueprint === p.blueprint);
    if (placed?.connection_id === p.target) {
      await servers.with(p.source, undefined, (admin) => access.drop(admin, p.database, p.role));
      return `the move of ${p.database} to ${name(p.target)} had switched the tenant over; dropped the old copy on ${name(p.source)}.`;
    }
    const dropped = TARGET_TOUCHED.includes(intent.step);
    if (dropped) {
      await servers.with(p.target, undefined, (admin) => access.drop(admin, p.database, p.role));
    }
    await servers.with(p.source, undefined, (admin) => thawWrites(admin, p.database, p.role));
    return `the move of ${p.database} to ${name(p.target)} stopped while ${intent.step}; ${dropped ? `dropped the unfinished copy there, ` : ''}the tenant stays on ${name(p.source)} with its writes back.`;
  };
}
