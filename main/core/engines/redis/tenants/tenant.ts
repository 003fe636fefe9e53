// Runs in the main process, server and CLI. A tenant's database on Redis, as the connection's
// admin: its key space `<prefix>` and its ACL user. Suspend turns the user off and ends its
// sessions; resume turns it on; a hard delete locks the user, unlinks every key in batches
// (with progress), then the versions record and the user.
import type { Redis } from 'ioredis';
import { createConfinedUser, dropUser, lockUser, unlockUser, userExists } from './acl';
import { countKeys, unlinkAll } from './keyspace';
import { versionsKey } from './names';

export interface KeyspaceUser {
  prefix: string;
  user: string;
}

export async function createTenantKeyspace(
  admin: Redis,
  t: KeyspaceUser,
  password: string,
): Promise<void> {
  await createConfinedUser(admin, t.user, t.prefix, password);
}

export const suspendTenant = (admin: Redis, t: KeyspaceUser) => lockUser(admin, t.user);

export const resumeTenant = (admin: Redis, t: KeyspaceUser) => unlockUser(admin, t.user);

/** Removes the key space, its versions record and its user; returns the keys removed. */
export async function dropTenantKeyspace(
  admin: Redis,
  t: KeyspaceUser,
  onProgress?: (deleted: number) => void,
): Promise<number> {
  if (await userExists(admin, t.user)) await lockUser(admin, t.user);
  const deleted = await unlinkAll(admin, t.prefix, onProgress);
  await admin.unlink(versionsKey(t.prefix));
  await dropUser(admin, t.user);
  return deleted;
}

/** Whether anything of the tenant is left on the server (keys, versions record or user). */
export async function keyspaceExists(admin: Redis, t: KeyspaceUser): Promise<boolean> {
  return (
    (await userExists(admin, t.user)) ||
    (await admin.exists(versionsKey(t.prefix))) > 0 ||
    (await countKeys(admin, t.prefix)) > 0
  );
}
