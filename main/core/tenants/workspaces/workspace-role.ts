// Runs in the main process, server and CLI. A workspace's own role: the console, imports and
// reverts run as it, so the dev database is all it can touch (no FILE, superuser or server-file
// rights). Made with a verifier, its password only in the secret store; a workspace older than
// roles gets its role the first time it needs one, and what the admin made in it is handed over.
import { randomBytes } from 'node:crypto';
import { AppError } from '../../../../shared/errors';
import type { DbClient } from '../../db/client';
import type { SecretStore } from '../../secrets/secret-store';
import { NO_SECRET_STORE_MESSAGE } from '../../secrets/select';
import { sqlType, tenantRole } from '../names';
import type { Login, Servers } from '../servers';
import type { WorkspaceRow } from '../store/workspace-repo';
import { tenantAccess } from '../tenants/access';

export const workspaceAccount = (name: string) => `workspace/${name}`;
/** Named from the dev database like a tenant's role, so it fits MySQL's 32 characters too. */
export const workspaceRole = (row: WorkspaceRow) => tenantRole(row.database);

export class WorkspaceRoles {
  /** Workspaces whose role this process has put in place (a failed login clears the mark). */
  private readonly ready = new Set<string>();

  constructor(
    private readonly servers: Servers,
    private readonly secrets: SecretStore | null,
  ) {}

  private store(): SecretStore {
    if (!this.secrets) throw new AppError('SECRET_STORE_UNAVAILABLE', NO_SECRET_STORE_MESSAGE);
    return this.secrets;
  }

  /** The workspace's login, making (or repairing) its role and ownership first when needed. */
  async login(row: WorkspaceRow): Promise<Login> {
    const store = this.store();
    const username = workspaceRole(row);
    const account = workspaceAccount(row.name);
    const stored = await store.get(account);
    if (stored !== null && this.ready.has(row.name)) return { username, password: stored };
    const password = stored ?? randomBytes(18).toString('base64url');
    // The secret is saved before the role exists: a crash between the two leaves a password that
    // the next call uses to create the role, never a role whose password nobody knows.
    if (stored === null) await store.set(account, password);
    const access = tenantAccess(sqlType(row.db_type));
    await this.servers.with(row.connection_id, undefined, async (admin) => {
      if (!(await access.roleExists(admin, username)))
        await access.createRole(admin, username, password);
      else if (stored === null) await access.setPassword(admin, username, password);
      await access.ownDatabase(admin, row.database, username);
    });
    await this.servers.with(row.connection_id, row.database, (admin) =>
      access.adoptObjects(admin, username),
    );
    this.ready.add(row.name);
    return { username, password };
  }

  /** Runs `fn` on the dev database as the workspace's role. */
  async with<T>(row: WorkspaceRow, fn: (c: DbClient) => Promise<T>): Promise<T> {
    const login = await this.login(row);
    try {
      return await this.servers.with(row.connection_id, row.database, fn, login);
    } catch (err) {
      // A role changed behind Benchphant's back is put right on the next call.
      if ((err as AppError).code === 'AUTH_FAILED') this.ready.delete(row.name);
      throw err;
    }
  }

  /** After the dev database is dropped: the role and its password go too. */
  async drop(row: WorkspaceRow): Promise<void> {
    const access = tenantAccess(sqlType(row.db_type));
    await this.servers.with(row.connection_id, undefined, (admin) =>
      access.dropRole(admin, workspaceRole(row)),
    );
    await this.secrets?.delete(workspaceAccount(row.name));
    this.ready.delete(row.name);
  }
}
