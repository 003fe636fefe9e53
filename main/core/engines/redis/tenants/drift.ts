// Runs in the main process, server and CLI. Drift of a tenant's key space from what its blueprint
// versions made of it, the Redis counterpart of an SQL schema compared with the version's: each
// completed version records the type of every key its commands name (a fingerprint, `none` for a
// key it removed), and before a migration the tenant is checked against the record. Drift is a
// record that names a version the blueprint does not have or lags the version Benchphant applied,
// or a named key that is gone or of another type. Keys the versions never name are the tenant's
// data, not drift; keys a Lua script makes are not named (a script declares no keys), and keys
// left with an expiry are expected to go.
import type { Redis } from 'ioredis';
import { isLuaScript, parseCommand } from './argv';
import { commandKeys, keyPositions, rebase } from './commands';

/** Key (relative to the prefix, base64) → its TYPE after the version. */
export type Fingerprint = Record<string, string>;

export interface FingerprintVersion {
  version: string;
  ordinal: number;
  statements: readonly string[];
}

export interface RecordedVersion {
  version: string;
  complete: boolean;
  keys?: Fingerprint | undefined;
}

/** The types, now, of the keys `statements` name (written in `from`), under `prefix`. */
export async function fingerprint(
  admin: Redis,
  statements: readonly string[],
  from: string,
  prefix: string,
): Promise<Fingerprint> {
  const keys = new Map<string, Buffer>();
  const skip = Buffer.byteLength(prefix);
  for (const statement of statements) {
    if (isLuaScript(statement)) continue;
    const words = parseCommand(statement);
    const positions = keyPositions(words, await commandKeys(admin, words));
    const moved = rebase(words, positions, from, prefix);
    for (const i of positions) {
      const key = moved[i] as Buffer;
      keys.set(key.subarray(skip).toString('base64'), key);
    }
  }
  const pipe = admin.pipeline();
  for (const key of keys.values()) pipe.type(key).pttl(key);
  const replies = (await pipe.exec()) ?? [];
  // A key made to expire is expected to go: it is recorded as `none`, never missed later.
  return Object.fromEntries(
    [...keys.keys()].map((k, i) => {
      const expires = Number(replies[2 * i + 1]?.[1]) >= 0;
      return [k, expires ? 'none' : typeName(replies[2 * i]?.[1])];
    }),
  );
}

const typeName = (reply: unknown) => (typeof reply === 'string' ? reply : 'none');

const shown = (key: string) => Buffer.from(key, 'base64').toString('utf8');

/**
 * What drifted in the key space at `prefix`, in words, or null. `versions` are the blueprint's,
 * `recorded` the key space's record, `applied` the version Benchphant last applied to it.
 */
export async function driftOf(
  admin: Redis,
  prefix: string,
  versions: readonly FingerprintVersion[],
  recorded: readonly RecordedVersion[],
  applied: string | null,
): Promise<string | null> {
  const ordinal = new Map(versions.map((v) => [v.version, v.ordinal]));
  const unknown = recorded.filter((r) => !ordinal.has(r.version)).map((r) => r.version);
  if (unknown.length > 0)
    return `its versions record names ${unknown.join(', ')}, which the blueprint does not have.`;
  const complete = recorded
    .filter((r) => r.complete)
    .sort((a, b) => (ordinal.get(a.version) ?? 0) - (ordinal.get(b.version) ?? 0));
  const top = complete.at(-1);
  const appliedOrdinal = applied === null ? -1 : (ordinal.get(applied) ?? -1);
  if ((top ? (ordinal.get(top.version) ?? -1) : -1) < appliedOrdinal) {
    return `its versions record says ${top?.version ?? 'no version'}, but Benchphant applied ${applied ?? ''} to it (the record was changed or removed).`;
  }
  const expected = new Map<string, string>();
  for (const r of complete) for (const [k, t] of Object.entries(r.keys ?? {})) expected.set(k, t);
  const named = [...expected].filter(([, t]) => t !== 'none');
  if (named.length === 0) return null;
  const pipe = admin.pipeline();
  for (const [k] of named)
    pipe.type(Buffer.concat([Buffer.from(prefix), Buffer.from(k, 'base64')]));
  const types = (await pipe.exec()) ?? [];
  const differences = named.flatMap(([k, want], i) => {
    const found = typeName(types[i]?.[1]);
    if (found === want) return [];
    return [
      found === 'none'
        ? `${shown(k)} is missing (a ${want})`
        : `${shown(k)} is a ${found}, not a ${want}`,
    ];
  });
  if (differences.length === 0) return null;
  const more = differences.length > 5 ? ` and ${differences.length - 5} more` : '';
  return `${differences.slice(0, 5).join('; ')}${more}.`;
}
