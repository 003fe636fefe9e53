// Runs in the main process, server and CLI. How Benchphant names what it makes on a Redis server:
// key spaces are prefixes ending in ':', from names the contract has already checked.

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
