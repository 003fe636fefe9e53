// Runs in the main process, server and CLI. A tenant key space's backup: every key's DUMP
// payload and PTTL, one JSON line per key (key relative to the prefix, both in base64), and its
// manifest (key count, bytes, SHA-256), which the caller keeps (the backup catalog). A restore
// checks the file against its manifest, RESTOREs into a scratch prefix, checks the key count, and
// only then swaps it in with the tenant's user locked out (swap.ts); `finishRestore` completes
// (or undoes) a restore a crash cut short, from its journal step.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { AppError } from '../../../../../shared/errors';
import { NO_STEP_LOG, type StepLog } from '../../../journal/journal';
import { countKeys, eachKeyBatch, unlinkAll } from './keyspace';
import { lockPayload, type SwapPayload, type SwapStep, SWAP_STEPS, swapFrom } from './swap';

export interface KeysManifest {
  keys: number;
  bytes: number;
  sha256: string;
}

const lineSchema = z.object({ k: z.string(), ttl: z.number().int(), v: z.string() });

/** Writes every key under `prefix` to `file`; returns its manifest. */
export async function dumpKeyspace(
  admin: Redis,
  prefix: string,
  file: string,
): Promise<KeysManifest> {
  const out = createWriteStream(file, { mode: 0o600 });
  const hash = createHash('sha256');
  const seen = new Set<string>();
  let bytes = 0;
  const write = (text: string) =>
    new Promise<void>((resolve, reject) => {
      hash.update(text);
      bytes += Buffer.byteLength(text);
      out.write(text, (err) => (err ? reject(err) : resolve()));
    });
  const skip = Buffer.byteLength(prefix);
  try {
    await eachKeyBatch(admin, prefix, async (keys) => {
      const fresh = keys.filter((k) => !seen.has(k.toString('latin1')));
      const pipe = admin.pipeline();
      for (const k of fresh) pipe.dumpBuffer(k).pttl(k);
      const replies = (await pipe.exec()) ?? [];
      for (const [i, k] of fresh.entries()) {
        const dump = replies[2 * i]?.[1] as Buffer | null;
        const ttl = Number(replies[2 * i + 1]?.[1]);
        // Gone between SCAN and DUMP: it was deleted while the backup ran.
        if (!dump) continue;
        seen.add(k.toString('latin1'));
        const line = {
          k: k.subarray(skip).toString('base64'),
          ttl: ttl > 0 ? ttl : 0,
          v: dump.toString('base64'),
        };
        await write(`${JSON.stringify(line)}\n`);
      }
    });
  } finally {
    await new Promise<void>((resolve) => out.end(resolve));
  }
  return { keys: seen.size, bytes, sha256: hash.digest('hex') };
}

async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** RESTOREs the file's keys under `prefix` (replacing any there); returns how many. */
async function loadInto(admin: Redis, file: string, prefix: string): Promise<number> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  const p = Buffer.from(prefix);
  let pipe = admin.pipeline();
  let pending = 0;
  let loaded = 0;
  const flush = async () => {
    const replies = (await pipe.exec()) ?? [];
    const failed = replies.find(([err]) => err);
    if (failed?.[0])
      throw new AppError('BAD_INPUT', `A key could not be restored: ${failed[0].message}`);
    loaded += pending;
    pipe = admin.pipeline();
    pending = 0;
  };
  for await (const text of lines) {
    if (!text) continue;
    const line = lineSchema.parse(JSON.parse(text));
    const key = Buffer.concat([p, Buffer.from(line.k, 'base64')]);
    pipe.restore(key, line.ttl, Buffer.from(line.v, 'base64'), 'REPLACE');
    if (++pending >= 500) await flush();
  }
  if (pending > 0) await flush();
  return loaded;
}

export interface RestoreInput {
  prefix: string;
  /** The tenant's ACL user, locked out during the swap. */
  user: string;
  file: string;
  manifest: KeysManifest;
  /** Scratch prefixes (the journal intent records them): the fresh copy and the replaced keys. */
  scratch: { fresh: string; old: string };
  log?: StepLog;
  onStep?: (step: 'checking' | 'restoring' | 'verifying' | 'swapping' | 'done') => void;
}

export async function restoreKeyspace(admin: Redis, o: RestoreInput): Promise<void> {
  const log = o.log ?? NO_STEP_LOG;
  o.onStep?.('checking');
  if ((await fileSha256(o.file).catch(() => null)) !== o.manifest.sha256)
    throw new AppError('CONFLICT', `The backup file no longer matches its manifest's checksum.`);
  o.onStep?.('restoring');
  await unlinkAll(admin, o.scratch.fresh);
  try {
    await loadInto(admin, o.file, o.scratch.fresh);
    o.onStep?.('verifying');
    const count = await countKeys(admin, o.scratch.fresh);
    if (count !== o.manifest.keys) {
      throw new AppError(
        'CONFLICT',
        `The restored copy has ${count} keys, the backup ${o.manifest.keys}; the tenant's keys were left as they were.`,
      );
    }
  } catch (err) {
    await unlinkAll(admin, o.scratch.fresh).catch(() => undefined);
    throw err;
  }
  o.onStep?.('swapping');
  const payload = await lockPayload(admin, o.user, o.manifest.keys);
  log.step('lock', payload);
  const plan = { prefix: o.prefix, scratch: o.scratch, user: o.user, userWas: payload.user_was };
  const swapped = await swapFrom(admin, { ...plan, keys: payload.keys }, 'lock', log);
  if (!swapped.restored) throw new AppError('CONFLICT', `The restore was undone: ${swapped.did}.`);
  o.onStep?.('done');
}

const isSwapStep = (step: string): step is SwapStep =>
  (SWAP_STEPS as readonly string[]).includes(step);

/**
 * Finishes a restore cut short at journal step `step` (`recorded`: what the lock step wrote):
 * before the swap the fresh copy goes and the tenant keeps its keys; from the lock on, the swap
 * runs to its end and the user gets its state back. Returns what it did, in words.
 */
export async function finishRestore(
  admin: Redis,
  o: {
    prefix: string;
    scratch: { fresh: string; old: string };
    step: string;
    user: string | null;
    recorded: Partial<SwapPayload>;
  },
): Promise<string> {
  if (isSwapStep(o.step)) {
    const plan = {
      prefix: o.prefix,
      scratch: o.scratch,
      user: o.user,
      userWas: o.recorded.user_was ?? null,
      keys: o.recorded.keys ?? null,
    };
    return (await swapFrom(admin, plan, o.step, NO_STEP_LOG)).did;
  }
  await unlinkAll(admin, o.scratch.fresh);
  return `dropped the unfinished copy of ${o.prefix}; its keys were left as they were`;
}
