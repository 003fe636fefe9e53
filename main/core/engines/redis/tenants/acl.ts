// Runs in the main process, server and CLI. A tenant's ACL user, run as the connection's admin:
// it reaches only its key prefix (`~<prefix>*`) and channels (`&<prefix>*`), and none of the
// commands that see or change the whole server. SCAN, RANDOMKEY and DBSIZE are taken away too:
// ACL key patterns do not filter their replies, so they would show other tenants' key names.
import type { Redis } from 'ioredis';
import { AppError } from '../../../../../shared/errors';
import { replyError } from './session';

const DENIED = [
  '-@dangerous',
  '-@admin',
  '-keys',
  '-flushall',
  '-flushdb',
  '-config',
  '-scan',
  '-randomkey',
  '-dbsize',
  '-select',
  '-move',
  '-swapdb',
  '-pubsub',
  '-function',
  '-script|flush',
  '-script|kill',
];

/** The ACL SETUSER rules of a user confined to `prefix` (after `reset`: off, no keys, no commands). */
export const confinedRules = (prefix: string) => [
  'reset',
  `~${prefix}*`,
  `&${prefix}*`,
  '+@all',
  ...DENIED,
];

async function setUser(admin: Redis, user: string, rules: string[]): Promise<void> {
  try {
    await admin.call('ACL', 'SETUSER', user, ...rules);
  } catch (err) {
    // The rules may carry a password: the error names the user and the server's reason only.
    const reason = replyError(err).replace(/>\S+/g, '>…');
    throw new AppError(
      'CONFLICT',
      `The server refused to set up the ACL user ${user} (${reason}); check that the connection's user may run ACL SETUSER.`,
    );
  }
}

/** Creates (or resets) `user` with `password`, enabled, confined to `prefix`. */
export async function createConfinedUser(
  admin: Redis,
  user: string,
  prefix: string,
  password: string,
): Promise<void> {
  await setUser(admin, user, [...confinedRules(prefix), `>${password}`, 'on']);
}

export async function setUserPassword(admin: Redis, user: string, password: string): Promise<void> {
  await setUser(admin, user, ['resetpass', `>${password}`]);
}

/** Refuses new logins and ends the user's open sessions; returns how many were ended. */
export async function lockUser(admin: Redis, user: string): Promise<number> {
  await setUser(admin, user, ['off']);
  try {
    return Number(await admin.call('CLIENT', 'KILL', 'USER', user));
  } catch (err) {
    if (/no such user/i.test(replyError(err))) return 0;
    throw err;
  }
}

export async function unlockUser(admin: Redis, user: string): Promise<void> {
  await setUser(admin, user, ['on']);
}

/** Open sessions logged in as `user` (CLIENT LIST). */
export async function userSessions(admin: Redis, user: string): Promise<number> {
  const list = String(await admin.call('CLIENT', 'LIST'));
  return list.split('\n').filter((line) => new RegExp(`(^| )user=${user}( |$)`).test(line)).length;
}

export async function userExists(admin: Redis, user: string): Promise<boolean> {
  const users = (await admin.call('ACL', 'USERS')) as string[];
  return users.includes(user);
}

/** Whether `user` may log in (`on`); null when there is no such user. */
export async function userEnabled(admin: Redis, user: string): Promise<boolean | null> {
  const reply = (await admin.call('ACL', 'GETUSER', user)) as unknown[] | null;
  if (!reply) return null;
  const flags = reply[reply.indexOf('flags') + 1];
  return Array.isArray(flags) && flags.includes('on');
}

/**
 * Saves the server's users to its ACL file, where it has one, so tenant users outlive a restart;
 * answers whether it saved. A user that may not read `aclfile` (CONFIG is often forbidden) just
 * tries ACL SAVE: the server's "no ACL file" answer then means there is nothing to save to.
 */
export async function persistAcl(admin: Redis): Promise<boolean> {
  let known = false;
  try {
    const reply = (await admin.call('CONFIG', 'GET', 'aclfile')) as string[];
    if (!reply[1]) return false;
    known = true;
  } catch (err) {
    if (!/NOPERM/.test(replyError(err))) throw err;
  }
  try {
    await admin.call('ACL', 'SAVE');
    return true;
  } catch (err) {
    const reason = replyError(err);
    if (!known && /not configured to use an ACL file|NOPERM/i.test(reason)) return false;
    throw new AppError(
      'CONFLICT',
      `The server did not save its ACL file (${reason}); its tenant users live only in memory until it does, and are re-created at Benchphant's next start.`,
    );
  }
}

export async function dropUser(admin: Redis, user: string): Promise<void> {
  await admin.call('ACL', 'DELUSER', user);
}
