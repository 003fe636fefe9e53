// Runs in the main process, server and CLI: the journal side of attaching a dedicated server
// (vm-ready). The intent names the server, the database and its role; its first step ('placing')
// records the placement, 'creating' is written once the server answered and before anything is
// made there. Recovery undoes an attach a crash cut short (drops what may have been made, puts the
// database back to waiting), so the webhook can simply be sent again.
import type { Recoverer } from '../../journal/journal';
import type { TenantRepository } from '../../tenants/store/tenant-repo';
import { NO_SERVER_YET } from '../../tenants/tenants/awaiting';
import type { TenantService } from '../../tenants/tenants/service';

export interface AttachPayload extends Record<string, unknown> {
  tenant_id: string;
  blueprint: string;
  database: string;
  role: string;
  connection_id: string;
}

export function attachRecoverer(tenants: TenantService, repo: TenantRepository): Recoverer {
  return async (intent) => {
    const p = intent.payload as AttachPayload;
    // Before 'creating' nothing was made on the server: only the placement goes back.
    if (intent.step !== 'placing')
      await tenants.dropOne({
        tenant_id: p.tenant_id,
        blueprint: p.blueprint,
        isolation_level: 2,
        connection_id: p.connection_id,
        database: p.database,
        role: p.role,
        version: null,
      });
    if (repo.databases(p.tenant_id).some((d) => d.blueprint === p.blueprint)) {
      repo.setPlacement(p.tenant_id, p.blueprint, NO_SERVER_YET, 2);
      repo.setVersion(p.tenant_id, p.blueprint, null);
    }
    return `the attach of ${p.database} stopped while ${intent.step}; dropped what was made on the dedicated server, and the database waits for vm-ready again.`;
  };
}
