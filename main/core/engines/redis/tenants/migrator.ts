// Runs in the main process, server and CLI. Applies blueprint versions to one tenant's key space.
// A version is an ordered list of statements, each a command written with the workspace's keys
// (its key words move to the tenant's prefix, found by COMMAND GETKEYS) or a Lua script starting
// with `#!lua`, run by EVAL with the tenant's prefix as ARGV[1]. The statements run as a
// short-lived ACL user confined to the prefix, so neither a command nor a script can reach
// another tenant's keys; the applied versions are recorded beside the prefix (versionsKey),
// after each statement, so a retry resumes after the last one that ran.
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { EngineParams } from '../../../../../shared/model/connection';
import { createConfinedUser, dropUser } from './acl';
import { isLuaScript, parseCommand } from './argv';
import { driftOf, type Fingerprint, fingerprint } from './drift';
import { commandKeys, keyPositions, rebase } from './commands';
import { migrationUser, versionsKey } from './names';
import { replyError, withRedis } from './session';

export interface RedisVersion {
  version: string;
  ordinal: number;
  statements: readonly string[];
}

export interface AppliedVersion {
  version: string;
  statements_done: number;
  complete: boolean;
  /** The types of the keys the version names, once complete (drift.ts). */
  keys?: Fingerprint | undefined;
}

export type MigrateOutcome =
  | { status: 'completed'; from: string | null; to: string }
  | { status: 'drifted'; from: string | null; error: string }
  | { status: 'failed'; from: string | null; error: string; statementsDone: number };

const recordSchema = z.object({
  statements_done: z.number().int().nonnegative(),
  complete: z.boolean(),
  keys: z.record(z.string(), z.string()).optional(),
});

/** What the key space's record says was applied. */
export async function appliedVersions(admin: Redis, prefix: string): Promise<AppliedVersion[]> {
  const record = await admin.hgetall(versionsKey(prefix));
  return Object.entries(record)
    .map(([version, raw]) => {
      const v = recordSchema.parse(JSON.parse(raw));
      return {
        version,
        statements_done: v.statements_done,
        complete: v.complete,
        ...(v.keys ? { keys: v.keys } : {}),
      };
    })
    .sort((a, b) => a.version.localeCompare(b.version));
}

/** The highest complete version (by the blueprint's order) and the one half-applied, if any. */
export async function tenantState(
  admin: Redis,
  prefix: string,
  versions: readonly RedisVersion[],
): Promise<{
  current: RedisVersion | null;
  partial: AppliedVersion | null;
  recorded: AppliedVersion[];
}> {
  const recorded = await appliedVersions(admin, prefix);
  const applied = new Map(recorded.map((a) => [a.version, a]));
  let current: RedisVersion | null = null;
  for (const v of versions) if (applied.get(v.version)?.complete) current = v;
  const partial = [...applied.values()].find((a) => !a.complete) ?? null;
  return { current, partial, recorded };
}

async function record(
  admin: Redis,
  prefix: string,
  version: string,
  done: number,
  complete: boolean,
  keys?: Fingerprint,
) {
  const entry = {
    statements_done: done,
    complete,
    applied_at: new Date().toISOString(),
    ...(keys ? { keys } : {}),
  };
  await admin.hset(versionsKey(prefix), version, JSON.stringify(entry));
}

/** One statement in the tenant's key space, on the confined session `as`. */
async function runStatement(
  admin: Redis,
  as: Redis,
  statement: string,
  from: string,
  prefix: string,
): Promise<void> {
  if (isLuaScript(statement)) {
    await as.call('EVAL', statement, '0', prefix);
    return;
  }
  const words = parseCommand(statement);
  const moved = rebase(words, keyPositions(words, await commandKeys(admin, words)), from, prefix);
  const [name, ...args] = moved;
  await as.callBuffer(String(name), ...args);
}

export interface MigrateInput {
  params: EngineParams;
  /** The tenant's key space. */
  prefix: string;
  /** The key space the statements' keys were written in (the workspace's). */
  from: string;
  versions: readonly RedisVersion[];
  target: RedisVersion;
  onStatement?: (done: number) => void;
  /** The version Benchphant last applied (its catalog's); a record behind it is drift. */
  applied?: string | null;
  /** The data directory's tag, carried in the migration user's name (see `migrationUser`). */
  tag?: string;
}

export async function migrateKeyspace(o: MigrateInput): Promise<MigrateOutcome> {
  return withRedis(o.params, async (admin) => {
    const state = await tenantState(admin, o.prefix, o.versions);
    const from = state.current?.version ?? null;
    const fromOrdinal = state.current?.ordinal ?? -1;
    if (fromOrdinal >= o.target.ordinal)
      return { status: 'completed', from, to: from ?? o.target.version };
    // A half-applied version is resumed as it stands; otherwise the key space must match.
    if (!state.partial) {
      const drift = await driftOf(admin, o.prefix, o.versions, state.recorded, o.applied ?? null);
      if (drift !== null) {
        return {
          status: 'drifted',
          from,
          error: `Drift from version ${from ?? '(none)'}: ${drift} Bring the key space back in line (or re-create the tenant) and retry.`,
        };
      }
    }
    const pending = o.versions.filter(
      (v) => v.ordinal > fromOrdinal && v.ordinal <= o.target.ordinal,
    );
    const user = migrationUser(o.prefix, o.tag);
    const password = randomBytes(18).toString('base64url');
    await createConfinedUser(admin, user, o.prefix, password);
    let done = 0;
    try {
      return await withRedis(
        o.params,
        async (as) => {
          for (const v of pending) {
            const resume = state.partial?.version === v.version ? state.partial.statements_done : 0;
            for (let i = resume; i < v.statements.length; i++) {
              try {
                await runStatement(admin, as, v.statements[i] as string, o.from, o.prefix);
              } catch (err) {
                return {
                  status: 'failed' as const,
                  from,
                  error: `Version ${v.version}, statement ${i + 1} of ${v.statements.length}: ${replyError(err)}`,
                  statementsDone: done,
                };
              }
              done++;
              const last = i + 1 === v.statements.length;
              const keys = last
                ? await fingerprint(admin, v.statements, o.from, o.prefix)
                : undefined;
              await record(admin, o.prefix, v.version, i + 1, last, keys);
              o.onStatement?.(done);
            }
            if (v.statements.length === 0) await record(admin, o.prefix, v.version, 0, true, {});
          }
          return { status: 'completed' as const, from, to: o.target.version };
        },
        { username: user, password },
      );
    } finally {
      await dropUser(admin, user).catch(() => undefined);
    }
  });
}
