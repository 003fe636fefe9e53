// Runs in the main process, server and CLI. Copies keys from one Redis server to another (an
// isolation move, an import): SCAN MATCH on the source, DUMP + PTTL in pipelined batches, RESTORE
// … REPLACE on the target under the key's new name with its TTL kept. REPLACE because SCAN may
// return a key twice and a resumed copy writes over its own earlier attempt. Each batch is read
// back from the target (DUMP again) and compared byte for byte when both servers run the same
// version (the payload format is the version's); the caller counts the keys at the end.
import type { Redis } from 'ioredis';
import { AppError } from '../../../../../shared/errors';
import { infoField } from '../info';
import { eachMatchBatch } from './keyspace';
import { replyError } from './session';

export interface KeyCopy {
  source: Redis;
  target: Redis;
  /** SCAN MATCH glob of the source keys. */
  match: string;
  /** The target key of a source key; null leaves the key out. */
  rename(key: Buffer): Buffer | null;
  /** Hears the running total of keys copied after each batch. */
  onProgress?: (copied: number) => void;
}

export interface CopiedKeys {
  /** Distinct keys restored on the target. */
  keys: number;
  /** Whether each batch was compared byte for byte on the target. */
  compared: boolean;
}

const version = async (c: Redis) => infoField(await c.info('server'), 'redis_version');

/** Both servers' versions are the same, so a key's DUMP payload is the same on both. */
export async function sameVersion(a: Redis, b: Redis): Promise<boolean> {
  const [x, y] = await Promise.all([version(a), version(b)]);
  return x !== undefined && x === y;
}

/** One key's DUMP and remaining TTL (0: none), or null when it is gone. */
async function dumpBatch(source: Redis, keys: readonly Buffer[]) {
  const pipe = source.pipeline();
  for (const k of keys) pipe.dumpBuffer(k).pttl(k);
  const replies = (await pipe.exec()) ?? [];
  return keys.map((_, i) => {
    const [err, dump] = replies[2 * i] ?? [];
    if (err) throw err;
    const ttl = Number(replies[2 * i + 1]?.[1]);
    return dump instanceof Buffer ? { dump, ttl: ttl > 0 ? ttl : 0 } : null;
  });
}

async function restoreBatch(
  target: Redis,
  items: readonly { key: Buffer; dump: Buffer; ttl: number }[],
): Promise<void> {
  const pipe = target.pipeline();
  for (const x of items) pipe.restore(x.key, x.ttl, x.dump, 'REPLACE');
  const replies = (await pipe.exec()) ?? [];
  const failed = replies.findIndex(([err]) => err);
  if (failed >= 0) {
    throw new AppError(
      'CONFLICT',
      `The target refused to restore ${items[failed]?.key.toString('utf8') ?? 'a key'}: ${replyError(replies[failed]?.[0])}`,
    );
  }
}

/** Keys restored with a TTL may have expired since; any other difference is a failed copy. */
async function compareBatch(
  target: Redis,
  items: readonly { key: Buffer; dump: Buffer; ttl: number }[],
): Promise<void> {
  const pipe = target.pipeline();
  for (const x of items) pipe.dumpBuffer(x.key);
  const replies = (await pipe.exec()) ?? [];
  for (const [i, x] of items.entries()) {
    const back = replies[i]?.[1];
    if (back instanceof Buffer ? back.equals(x.dump) : x.ttl > 0) continue;
    throw new AppError(
      'CONFLICT',
      `The copy of ${x.key.toString('utf8')} on the target differs from the source's.`,
    );
  }
}

export async function copyKeys(o: KeyCopy): Promise<CopiedKeys> {
  const compared = await sameVersion(o.source, o.target);
  const seen = new Set<string>();
  await eachMatchBatch(o.source, o.match, async (found) => {
    const keys = found.filter((k) => o.rename(k) !== null);
    const dumps = await dumpBatch(o.source, keys);
    const items = keys.flatMap((k, i) => {
      const d = dumps[i];
      const key = o.rename(k);
      // Gone between SCAN and DUMP: it expired or was deleted, so there is nothing to copy.
      return d && key ? [{ key, dump: d.dump, ttl: d.ttl, from: k }] : [];
    });
    if (items.length === 0) return;
    await restoreBatch(o.target, items);
    if (compared) await compareBatch(o.target, items);
    for (const x of items) seen.add(x.from.toString('latin1'));
    o.onProgress?.(seen.size);
  });
  return { keys: seen.size, compared };
}
