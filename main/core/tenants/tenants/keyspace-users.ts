// Runs in the main process, server and CLI, at the data directory owner's start. A key-space
// server (Redis) without an ACL file forgets its users when it restarts: every tenant user the
// catalog has is checked there, and a missing one is re-created (password from the secret store,
// on or off by the tenant's status) and named in the log. Never throws: a server that cannot be
// reached is logged and tried again at the next start.
import type { Logger } from '../../logging/logger';
import type { SecretStore } from '../../secrets/secret-store';
import { secretAccount } from '../names';
import type { Servers } from '../servers';
import type { TenantRepository } from '../store/tenant-repo';

export interface KeyspaceUsersDeps {
  repo: TenantRepository;
  servers: Servers;
  secrets: SecretStore | null;
  logger: Logger;
}

/** Tenants whose users should exist, and whether they may log in. */
const ENABLED: Record<string, boolean | undefined> = {
  ready: true,
  suspended: false,
  deleted: false,
};

/** Returns the users re-created, for the caller's report. */
export async function reconcileKeyspaceUsers(deps: KeyspaceUsersDeps): Promise<string[]> {
  const byConnection = new Map<string, ReturnType<TenantRepository['allDatabases']>>();
  for (const d of deps.repo.allDatabases()) {
    const list = byConnection.get(d.connection_id) ?? [];
    list.push(d);
    byConnection.set(d.connection_id, list);
  }
  const recreated: string[] = [];
  for (const [connectionId, dbs] of byConnection) {
    try {
      const ks = deps.servers.keyspaces(connectionId);
      if (!ks) continue;
      const users = dbs.flatMap((d) => {
        const enabled = ENABLED[deps.repo.get(d.tenant_id)?.status ?? ''];
        if (enabled === undefined) return [];
        const password = async () =>
          deps.secrets ? deps.secrets.get(secretAccount(d.tenant_id, d.blueprint)) : null;
        return [{ database: d.database, role: d.role, enabled, password }];
      });
      if (users.length === 0) continue;
      const r = await ks.restoreUsers(await deps.servers.engineParams(connectionId), users);
      const name = deps.servers.anyConnection(connectionId).name;
      if (r.recreated.length > 0) {
        deps.logger.info(
          `re-created tenant users missing on ${name} (the server lost them, e.g. a restart without an ACL file): ${r.recreated.join(', ')}`,
        );
      }
      if (r.unrecoverable.length > 0) {
        deps.logger.warn(
          `tenant users missing on ${name} could not be re-created (no password in the secret store): ${r.unrecoverable.join(', ')}`,
        );
      }
      recreated.push(...r.recreated);
    } catch (err) {
      deps.logger.warn(
        `checking the tenant users on connection ${connectionId} failed (tried again at the next start): ${String(err)}`,
      );
    }
  }
  return recreated;
}
