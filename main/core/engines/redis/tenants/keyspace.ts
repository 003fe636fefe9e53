// Runs in the main process, server and CLI. Whole key spaces as the connection's admin: walk
// (SCAN MATCH, never KEYS, so the server is never blocked), count, delete in batches with
// progress (UNLINK frees memory off the main thread), and move to another prefix (RENAME).
import type { Redis } from 'ioredis';
import { globLiteral } from './commands';

const BATCH = 500;

/** Calls `fn` with each batch of keys under `prefix`; a key present throughout is seen once or more. */
export const eachKeyBatch = (
  client: Redis,
  prefix: string,
  fn: (keys: Buffer[]) => Promise<void>,
): Promise<void> => eachMatchBatch(client, `${globLiteral(prefix)}*`, fn);

/** Calls `fn` with each batch of keys SCAN MATCH `match` (a glob) finds. */
export async function eachMatchBatch(
  client: Redis,
  match: string,
  fn: (keys: Buffer[]) => Promise<void>,
): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await client.scanBuffer(cursor, 'MATCH', match, 'COUNT', BATCH);
    cursor = next.toString();
    if (keys.length > 0) await fn(keys);
  } while (cursor !== '0');
}

/** The distinct keys under `prefix` (SCAN may repeat one; a Set of their texts counts it once). */
export async function countKeys(client: Redis, prefix: string): Promise<number> {
  const seen = new Set<string>();
  await eachKeyBatch(client, prefix, async (keys) => {
    for (const k of keys) seen.add(k.toString('latin1'));
  });
  return seen.size;
}

/** Unlinks every key under `prefix` in batches; `onProgress` hears the running total. */
export async function unlinkAll(
  client: Redis,
  prefix: string,
  onProgress?: (deleted: number) => void,
): Promise<number> {
  let deleted = 0;
  await eachKeyBatch(client, prefix, async (keys) => {
    deleted += Number(await client.unlink(...keys));
    onProgress?.(deleted);
  });
  return deleted;
}

/** Renames every key under `from` to the same key under `to`; returns how many moved. */
export async function moveAll(client: Redis, from: string, to: string): Promise<number> {
  const f = Buffer.byteLength(from);
  const t = Buffer.from(to);
  let moved = 0;
  // Renamed keys leave `from`, so each SCAN round starts over until nothing is left.
  for (;;) {
    let round = 0;
    await eachKeyBatch(client, from, async (keys) => {
      const pipe = client.pipeline();
      for (const k of keys) pipe.rename(k, Buffer.concat([t, k.subarray(f)]));
      const replies = (await pipe.exec()) ?? [];
      // A key gone since SCAN saw it (`no such key`) is not an error here.
      round += replies.filter(([err]) => !err).length;
    });
    moved += round;
    if (round === 0) return moved;
  }
}
