// Runs in the main process, server and CLI. A workspace's console on Redis: one command, run as
// the connection's admin inside the workspace's key space. The server itself names the
// command's keys (COMMAND GETKEYS) and each must start with the prefix; commands that reach
// past one key space (administration, scripts, pub/sub, keyless ones) are refused, except SCAN,
// which is kept to the prefix with MATCH. A command the server flags `write` is data-shaping:
// it becomes a pending change, with an inverse built from the keys' DUMP taken just before.
import type { Redis } from 'ioredis';
import { AppError } from '../../../../../shared/errors';
import { commandName, formatCommand, parseCommand } from './argv';
import {
  commandKeys,
  commandTraits,
  confine,
  globLiteral,
  isUnconfinable,
  isWrite,
} from './commands';
import { replyRows, type Row } from './replies';
import { replyError } from './session';

/** Keyless commands that read nothing of any key space. */
const KEYLESS = new Set(['PING', 'ECHO', 'TIME']);
/** An inverse carries the keys' DUMP payloads; past this it is not kept (the note says why). */
const MAX_INVERSE_BYTES = 64 * 1024;

export interface RecordedChange {
  statement: string;
  /** The command's name, as `kind` of a pending change. */
  kind: string;
  inverse: string | null;
  revert_note: string | null;
}

export interface ConsoleResult {
  rows: Row[];
  /** Set for a data-shaping command: the change to record as pending. */
  change: RecordedChange | null;
}

/** SCAN's MATCH kept under the prefix: added when missing, refused when it points elsewhere. */
function scanWithin(words: Buffer[], prefix: string): Buffer[] {
  const at = words.findIndex((w, i) => i > 1 && w.toString().toUpperCase() === 'MATCH');
  if (at < 0) return [...words, Buffer.from('MATCH'), Buffer.from(`${globLiteral(prefix)}*`)];
  const pattern = words[at + 1]?.toString('utf8') ?? '';
  if (!pattern.startsWith(globLiteral(prefix)))
    throw new AppError('REFUSED', `SCAN's MATCH must start with '${prefix}' in this workspace.`);
  return words;
}

/** The lines that put `keys` back as they are now (RESTORE with their TTL, or DEL if absent). */
async function inverseOf(
  client: Redis,
  keys: readonly Buffer[],
): Promise<{ inverse: string | null; note: string | null }> {
  const lines: string[] = [];
  let bytes = 0;
  for (const key of keys) {
    const dump = await client.dumpBuffer(key);
    if (dump === null) {
      lines.push(formatCommand([Buffer.from('DEL'), key]));
      continue;
    }
    bytes += dump.length;
    if (bytes > MAX_INVERSE_BYTES)
      return {
        inverse: null,
        note: `The keys' old values are larger than 64 KiB; revert by hand.`,
      };
    const ttl = Math.max(0, await client.pttl(key));
    lines.push(
      formatCommand([
        Buffer.from('RESTORE'),
        key,
        Buffer.from(String(ttl)),
        dump,
        Buffer.from('REPLACE'),
      ]),
    );
  }
  if (lines.length === 0)
    return { inverse: null, note: 'The command names no keys, so there is nothing to put back.' };
  return { inverse: lines.join('\n'), note: null };
}

async function run(client: Redis, words: readonly Buffer[]): Promise<unknown> {
  const [name, ...args] = words;
  try {
    return await client.callBuffer(String(name), ...args);
  } catch (err) {
    throw new AppError('BAD_INPUT', `The command failed: ${replyError(err)}`);
  }
}

export async function runConsoleCommand(
  client: Redis,
  prefix: string,
  line: string,
): Promise<ConsoleResult> {
  let words = parseCommand(line.trim());
  const name = commandName(words);
  const traits = await commandTraits(client, words);
  if (name === 'SCAN') {
    words = scanWithin(words, prefix);
    return { rows: replyRows(await run(client, words)), change: null };
  }
  if (isUnconfinable(traits)) {
    throw new AppError(
      'REFUSED',
      `${traits.name} reaches beyond the workspace's keys and is not run in its console.`,
    );
  }
  const keys = await commandKeys(client, words);
  if (keys.length === 0 && !KEYLESS.has(name))
    throw new AppError('REFUSED', `${name} names no key, so it cannot be kept to '${prefix}'.`);
  confine(keys, prefix);
  const write = isWrite(traits);
  const inverse = write ? await inverseOf(client, keys) : null;
  const rows = replyRows(await run(client, words));
  const change = inverse
    ? {
        statement: formatCommand(words),
        kind: traits.name,
        inverse: inverse.inverse,
        revert_note: inverse.note,
      }
    : null;
  return { rows, change };
}

/** Runs a recorded inverse (its lines in order), each line's keys still inside `prefix`. */
export async function runInverse(client: Redis, prefix: string, inverse: string): Promise<void> {
  for (const line of inverse.split('\n')) {
    const words = parseCommand(line);
    confine(await commandKeys(client, words), prefix);
    await run(client, words);
  }
}
