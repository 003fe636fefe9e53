// Runs in the main process, server and CLI, from the start-up sweep. What a killed process of one
// data directory can leave on a Redis server: a restore's scratch key spaces
// (`bp_restore_<tag>_…:`, `bp_replaced_<tag>_…:`) and a migration's short-lived ACL user
// (`bp_mig_<tag>_<prefix hash>_…`). Only names carrying this directory's tag are touched, and
// never those an unfinished operation still owns. Untagged ones may be another installation's.
import type { Redis } from 'ioredis';
import { dropUser, persistAcl } from './acl';
import { eachKeyBatch, unlinkAll } from './keyspace';
import { migrationUserParts, prefixHash } from './names';

/** The scratch prefixes (`…:`) of this tag on the server, found by one SCAN of every key. */
async function scratchPrefixes(admin: Redis, tag: string): Promise<Set<string>> {
  const shape = new RegExp(`^(bp_(?:restore|replaced)_${tag}_[0-9a-f]+:)`);
  const found = new Set<string>();
  await eachKeyBatch(admin, `bp_re`, async (keys) => {
    for (const k of keys) {
      const m = shape.exec(k.toString('latin1'));
      if (m) found.add(m[1] as string);
    }
  });
  return found;
}

export async function sweepScratch(
  admin: Redis,
  tag: string,
  keep: ReadonlySet<string>,
): Promise<string[]> {
  if (!/^[0-9a-f]+$/.test(tag)) return [];
  const removed: string[] = [];
  for (const prefix of await scratchPrefixes(admin, tag)) {
    if (keep.has(prefix)) continue;
    const n = await unlinkAll(admin, prefix);
    removed.push(`${prefix}* (${n} keys)`);
  }
  return removed;
}

/** Migration users of `tag` whose key space (by hash) is not one of `busy` prefixes. */
export async function sweepMigrationUsers(
  admin: Redis,
  tag: string,
  busy: readonly string[],
): Promise<string[]> {
  const busyHashes = new Set(busy.map(prefixHash));
  const removed: string[] = [];
  for (const user of (await admin.call('ACL', 'USERS')) as string[]) {
    const parts = migrationUserParts(user);
    if (!parts || parts.tag !== tag || busyHashes.has(parts.hash)) continue;
    await dropUser(admin, user);
    removed.push(`ACL user ${user}`);
  }
  if (removed.length > 0) await persistAcl(admin);
  return removed;
}
