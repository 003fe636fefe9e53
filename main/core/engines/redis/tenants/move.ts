// Runs in the main process, server and CLI. The copy of an isolation move: a tenant's key space
// and its versions record (which sits beside the prefix) from the source server to the target,
// as each server's admin, then the target counted. The tenant's user is locked on the source
// first (the caller's journaled step), so nothing the tenant writes can be left behind.
import type { Redis } from 'ioredis';
import { AppError } from '../../../../../shared/errors';
import { globLiteral } from './commands';
import { copyKeys } from './copy';
import { countKeys } from './keyspace';
import { versionsKey } from './names';

export interface MovedKeys {
  keys: number;
  /** Whether every batch was compared byte for byte on the target (same server version). */
  compared: boolean;
}

export async function copyTenantKeys(
  source: Redis,
  target: Redis,
  prefix: string,
  onProgress?: (copied: number) => void,
): Promise<MovedKeys> {
  const copied = await copyKeys({
    source,
    target,
    match: `${globLiteral(prefix)}*`,
    rename: (k) => k,
    ...(onProgress ? { onProgress } : {}),
  });
  const record = versionsKey(prefix);
  await copyKeys({ source, target, match: globLiteral(record), rename: (k) => k });
  const there = await countKeys(target, prefix);
  if (there !== copied.keys) {
    throw new AppError(
      'CONFLICT',
      `the target holds ${there} keys under ${prefix}, the source gave ${copied.keys}`,
    );
  }
  if ((await source.exists(record)) !== (await target.exists(record))) {
    throw new AppError('CONFLICT', `the versions record ${record} did not reach the target`);
  }
  return copied;
}
