// Runs in the main process, server and CLI. A key space's size: its key count (SCAN) and memory,
// from MEMORY USAGE on a sample of its keys scaled to the count (exact when the sample is all).
import type { Redis } from 'ioredis';
import { eachKeyBatch } from './keyspace';

export interface KeyspaceSize {
  keys: number;
  memory_bytes: number;
  sampled_keys: number;
}

export async function keyspaceSize(
  admin: Redis,
  prefix: string,
  sample = 200,
): Promise<KeyspaceSize> {
  const seen = new Set<string>();
  const picked: Buffer[] = [];
  await eachKeyBatch(admin, prefix, async (keys) => {
    for (const k of keys) {
      const id = k.toString('latin1');
      if (seen.has(id)) continue;
      seen.add(id);
      // Reservoir sampling: every key has the same chance whatever the SCAN order.
      if (picked.length < sample) picked.push(k);
      else {
        const j = Math.floor(Math.random() * seen.size);
        if (j < sample) picked[j] = k;
      }
    }
  });
  const pipe = admin.pipeline();
  for (const k of picked) pipe.memory('USAGE', k);
  const replies = (await pipe.exec()) ?? [];
  const sizes = replies.map(([, v]) => Number(v ?? 0));
  const total = sizes.reduce((a, b) => a + b, 0);
  const memory = picked.length === 0 ? 0 : Math.round((total / picked.length) * seen.size);
  return { keys: seen.size, memory_bytes: memory, sampled_keys: picked.length };
}
