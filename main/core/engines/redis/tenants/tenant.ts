// Runs in the main process, server and CLI. A tenant's database on Redis, as the connection's
// admin: its key space `<prefix>` and its ACL user. Suspend turns the user off and ends its
// sessions; resume turns it on; a hard delete locks the user, unlinks every key in batches
// (with progress), then the versions record and the user.
import type { Redis } from 'ioredis';
import { createConfinedUser, dropUser, lockUser, persistAcl, unlockUser, userExists } from './acl';
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
  await persistAcl(admin);
}

export async function suspendTenant(admin: Redis, t: KeyspaceUser): Promise<number> {
  const ended = await lockUser(admin, t.user);
  await persistAcl(admin);
  return ended;
}

export async function resumeTenant(admin: Redis, t: KeyspaceUser): Promise<void> {
  await unlockUser(admin, t.user);
  await persistAcl(admin);
}

/** A tenant user as the catalog knows it, for `restoreUsers`. */
export interface ExpectedUser extends KeyspaceUser {
  enabled: boolean;
  /** From the secret store, asked only for a user the server lost; null when it has none. */
  password: () => Promise<string | null>;
}

/**
 * Re-creates the users of `expected` that the server does not have (it restarted without an
 * ACL file), on or off as the catalog says, and saves the ACL file where there is one. Returns
 * the users re-created, and those that could not be for want of a password.
 */
export async function restoreUsers(
  admin: Redis,
  expected: readonly ExpectedUser[],
): Promise<{ recreated: string[]; unrecoverable: string[] }> {
  const present = new Set((await admin.call('ACL', 'USERS')) as string[]);
  const recreated: string[] = [];
  const unrecoverable: string[] = [];
  for (const u of expected) {
    if (present.has(u.user)) continue;
    const password = await u.password();
    if (password === null) {
      unrecoverable.push(u.user);
      continue;
    }
    await createConfinedUser(admin, u.user, u.prefix, password);
    if (!u.enabled) await lockUser(admin, u.user);
    recreated.push(u.user);
  }
  if (recreated.length > 0) await persistAcl(admin);
  return { recreated, unrecoverable };
}

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
  await persistAcl(admin);
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
