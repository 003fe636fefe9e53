// Runs in the main process, server and CLI. How Benchphant names what it makes on a Redis server:
// key spaces are prefixes ending in ':', from names the contract has already checked.
import { createHash, randomBytes } from 'node:crypto';

/** A workspace's key space: `<name>_dev:`. */
export const workspacePrefix = (workspace: string) => `${workspace}_dev:`;

/** A tenant database's key space: `<blueprint>__<tenant>:` (the SQL database name plus ':'). */
export const prefixOf = (database: string) => `${database}:`;

/**
 * Where a key space records its applied blueprint versions. The key sits beside the prefix, not
 * under it (`acme__t1_benchphant_versions`, not `acme__t1:…`), so the tenant's own ACL user,
 * allowed only `~<prefix>*`, can neither read nor rewrite the record.
 */
export const versionsKey = (prefix: string) => `${prefix.replace(/:$/, '')}_benchphant_versions`;

/** A scratch key space beside `prefix` (a restore's fresh copy, the replaced keys). */
export const scratchPrefix = (prefix: string, kind: 'restore' | 'replaced', tag: string) =>
  `${prefix.replace(/:$/, '')}_bp_${kind}_${tag}:`;

/** A short fingerprint of a key space, in a migration user's name. */
export const prefixHash = (prefix: string) =>
  createHash('sha256').update(prefix).digest('hex').slice(0, 8);

/**
 * A migration's short-lived ACL user: `bp_mig_<tag>_<prefix hash>_<random>`, so the start-up
 * sweep knows one a killed process left (this data directory's tag) and whose key space it was
 * for. Without a tag (a caller outside any data directory) it is `bp_mig_<random>`, never swept.
 */
export const migrationUser = (prefix: string, tag: string | undefined) =>
  tag
    ? `bp_mig_${tag}_${prefixHash(prefix)}_${randomBytes(4).toString('hex')}`
    : `bp_mig_${randomBytes(6).toString('hex')}`;

/** The tag and prefix hash of a tagged migration user's name, or null. */
export function migrationUserParts(user: string): { tag: string; hash: string } | null {
  const m = /^bp_mig_([0-9a-f]+)_([0-9a-f]{8})_[0-9a-f]+$/.exec(user);
  return m ? { tag: m[1] as string, hash: m[2] as string } : null;
}
