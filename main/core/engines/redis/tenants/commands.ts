// Runs in the main process, server and CLI. What the server says about a command: its flags and
// ACL categories (COMMAND INFO) and which of its words are keys (COMMAND GETKEYS), so a command
// is kept inside a key prefix by the server's own reading of it, not by a list kept here.
import type { Redis } from 'ioredis';
import { AppError } from '../../../../../shared/errors';
import { commandName } from './argv';
import { replyError } from './session';

export interface CommandTraits {
  /** `GET`, or `CONFIG|GET` for a subcommand. */
  name: string;
  flags: ReadonlySet<string>;
  categories: ReadonlySet<string>;
}

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.map((x) => String(x).toLowerCase()) : [];

async function info(client: Redis, name: string): Promise<unknown[] | null> {
  const reply = (await client.call('COMMAND', 'INFO', name)) as unknown[];
  const entry = reply[0];
  return Array.isArray(entry) ? entry : null;
}

/** The command's (or its subcommand's) traits; BAD_INPUT for a command the server does not know. */
export async function commandTraits(
  client: Redis,
  words: readonly Buffer[],
): Promise<CommandTraits> {
  const name = commandName(words);
  const entry = await info(client, name);
  if (!entry) throw new AppError('BAD_INPUT', `The server knows no command '${name}'.`);
  const sub = words[1]?.toString('utf8').toLowerCase();
  const subcommands = entry[9];
  if (sub && Array.isArray(subcommands) && subcommands.length > 0) {
    const full = `${name.toLowerCase()}|${sub}`;
    const subEntry = await info(client, full);
    if (subEntry) {
      return {
        name: full.toUpperCase(),
        flags: new Set(strings(subEntry[2])),
        categories: new Set(strings(subEntry[6])),
      };
    }
  }
  return { name, flags: new Set(strings(entry[2])), categories: new Set(strings(entry[6])) };
}

/** Changes data: the server flags it `write` (SET, HSET, DEL, EXPIRE…). */
export const isWrite = (t: CommandTraits) => t.flags.has('write') || t.categories.has('@write');

/** Reaches beyond one key space: server administration, scripts (keys they never declare). */
export const isUnconfinable = (t: CommandTraits) =>
  ['@dangerous', '@admin', '@scripting', '@pubsub'].some((c) => t.categories.has(c));

/** The words of `words` that are keys, as the server finds them. */
export async function commandKeys(client: Redis, words: readonly Buffer[]): Promise<Buffer[]> {
  // COMMAND GETKEYS needs the command's arguments; a bare name (DBSIZE, FLUSHALL) has no keys.
  if (words.length < 2) return [];
  try {
    return (await client.callBuffer('COMMAND', 'GETKEYS', ...words)) as Buffer[];
  } catch (err) {
    const text = replyError(err);
    if (/no key arguments/i.test(text)) return [];
    throw new AppError('BAD_INPUT', `The server cannot read this command: ${text}`);
  }
}

/** Indexes (past the command's name) of the words that are one of `keys`. */
export function keyPositions(words: readonly Buffer[], keys: readonly Buffer[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < words.length; i++) {
    const w = words[i] as Buffer;
    if (keys.some((k) => k.equals(w))) out.push(i);
  }
  return out;
}

/** REFUSED unless every key starts with `prefix`. */
export function confine(keys: readonly Buffer[], prefix: string): void {
  const p = Buffer.from(prefix);
  const outside = keys.find((k) => !k.subarray(0, p.length).equals(p));
  if (outside) {
    throw new AppError(
      'REFUSED',
      `The key '${outside.toString('utf8')}' is outside this key space; keys here start with '${prefix}'.`,
    );
  }
}

/** `words` with the key words' `from` prefix replaced by `to` (each must start with `from`). */
export function rebase(
  words: readonly Buffer[],
  positions: readonly number[],
  from: string,
  to: string,
): Buffer[] {
  const f = Buffer.from(from);
  const t = Buffer.from(to);
  const out = [...words];
  for (const i of positions) {
    const w = out[i] as Buffer;
    confine([w], from);
    out[i] = Buffer.concat([t, w.subarray(f.length)]);
  }
  return out;
}

/** A key word of a glob pattern: `*`, `?`, `[`, `]` and `\` match only themselves. */
export const globLiteral = (s: string) => s.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
