// Runs in the main process, server and CLI. The swap that ends a key space's restore, as the
// connection's admin: the tenant's ACL user is locked out first (off, sessions ended), so no write
// can land between the renames and be lost; the tenant's keys move aside, the verified copy moves
// in and is counted, the replaced keys go, and the user gets back the on/off state it had. Each
// phase is a journal step (the lock's step carries that state), and running it again from the
// step a crash cut it at finishes it, including turning the user back on.
import type { Redis } from 'ioredis';
import type { StepLog } from '../../../journal/journal';
import { lockUser, unlockUser, userEnabled } from './acl';
import { countKeys, moveAll, unlinkAll } from './keyspace';

export const SWAP_STEPS = [
  'lock',
  'swap-out',
  'swap-in',
  'drop-old',
  'undo',
  'undo-back',
  'unlock',
] as const;
export type SwapStep = (typeof SWAP_STEPS)[number];

export interface SwapPlan {
  prefix: string;
  scratch: { fresh: string; old: string };
  /** The tenant's ACL user, or null where the intent predates the lock (nothing to lock). */
  user: string | null;
  /** The user's state before the lock: what it gets back; null when it did not exist. */
  userWas: 'on' | 'off' | null;
  /** The keys the verified copy holds; null where the intent predates the count. */
  keys: number | null;
}

/** What the journal's `lock` step records, read back by recovery. */
export interface SwapPayload extends Record<string, unknown> {
  user_was: 'on' | 'off' | null;
  keys: number;
}

/** The user's state now, for the lock step's payload. */
export async function lockPayload(admin: Redis, user: string, keys: number): Promise<SwapPayload> {
  const enabled = await userEnabled(admin, user);
  return { user_was: enabled === null ? null : enabled ? 'on' : 'off', keys };
}

/**
 * Runs the swap from `from` (already recorded) to its end, recording each later step in `log`.
 * Answers whether the copy is in place and what was done, in words.
 */
export async function swapFrom(
  admin: Redis,
  p: SwapPlan,
  from: SwapStep,
  log: StepLog,
): Promise<{ restored: boolean; did: string }> {
  let current = from;
  const enter = (s: SwapStep) => {
    if (s === current) return;
    log.step(s);
    current = s;
  };
  const forward = ['lock', 'swap-out', 'swap-in', 'drop-old'].indexOf(from);
  let mismatch: number | null = null;
  if (forward >= 0) {
    if (forward <= 0) {
      if (p.user && p.userWas !== null) await lockUser(admin, p.user);
      log.point('locked');
    }
    if (forward <= 1) {
      enter('swap-out');
      await moveAll(admin, p.prefix, p.scratch.old);
    }
    if (forward <= 2) {
      enter('swap-in');
      await moveAll(admin, p.scratch.fresh, p.prefix);
      const count = p.keys === null ? null : await countKeys(admin, p.prefix);
      if (count !== null && count !== p.keys) mismatch = count;
    }
    if (mismatch === null) {
      enter('drop-old');
      await unlinkAll(admin, p.scratch.old);
    }
  }
  const undo = mismatch !== null || from === 'undo' || from === 'undo-back';
  if (undo) {
    if (from !== 'undo-back') {
      enter('undo');
      await unlinkAll(admin, p.prefix);
    }
    enter('undo-back');
    await moveAll(admin, p.scratch.old, p.prefix);
    await unlinkAll(admin, p.scratch.fresh);
  }
  enter('unlock');
  if (p.user && p.userWas === 'on') await unlockUser(admin, p.user);
  const user = p.user && p.userWas ? `; ${p.user} is ${p.userWas} again` : '';
  if (from === 'unlock')
    return { restored: true, did: `finished the restore of ${p.prefix}${user}` };
  if (!undo) return { restored: true, did: `swapped the restored keys into ${p.prefix}${user}` };
  const why =
    mismatch === null
      ? 'the swap was being undone'
      : `the swapped-in copy had ${mismatch} keys, not ${p.keys}`;
  return { restored: false, did: `${why}: put the tenant's own keys back in ${p.prefix}${user}` };
}
