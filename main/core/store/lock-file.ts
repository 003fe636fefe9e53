// Runs in the main process, server and CLI. A lock file made by exclusive creation that names its
// owner (pid, process start, host, what it is); it must never take a lock from a live process.
import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import { z } from 'zod';
import { readIfExists, writeDurably } from './durable-file';

const ownerSchema = z.object({
  pid: z.number().int().positive(),
  /** When the owner process started (ISO 8601): tells a reused pid from the owner. */
  started: z.string(),
  host: z.string(),
  /** What holds it, in the user's words ("benchphant serve"). */
  what: z.string(),
});
export type LockOwner = z.infer<typeof ownerSchema>;

export interface HeldLock {
  readonly path: string;
  readonly owner: LockOwner;
  /** Removes the file if it is still ours; safe to call twice. */
  release(): void;
}

export type LockAttempt = { ok: true; lock: HeldLock } | { ok: false; owner: LockOwner | null };

/** Linux's USER_HZ, the unit of a process's start in /proc/<pid>/stat (100 on every platform). */
const CLOCK_TICKS = 100;
/** /proc/stat's boot time is whole seconds: two reads of one start may differ by about that. */
const START_TOLERANCE_MS = 2_000;
/** A file that is not a lock yet (created by a fallback, content on its way) is given this long. */
const UNREADABLE_GRACE_MS = 10_000;

function bootTimeMs(): number | null {
  try {
    const line = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'));
    return line ? Number(line[1]) * 1000 : null;
  } catch {
    return null;
  }
}

/** When a process started, from /proc (Linux); null where there is no /proc or no such pid. */
export function processStart(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after its ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]);
    const boot = bootTimeMs();
    return boot === null || !Number.isFinite(ticks) ? null : boot + (ticks * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const ownStart = new Date(processStart(process.pid) ?? performance.timeOrigin).toISOString();

export function ownerFor(what: string): LockOwner {
  return { pid: process.pid, started: ownStart, host: hostname(), what };
}

/** True only when the owner is certainly gone: a dead pid, or one reused by a later process. */
export function isStale(owner: LockOwner): boolean {
  // A process on another machine (a shared folder) cannot be checked from here.
  if (owner.host !== hostname()) return false;
  if (owner.pid === process.pid) return owner.started !== ownStart;
  if (!alive(owner.pid)) return true;
  const started = processStart(owner.pid);
  return started !== null && Math.abs(started - Date.parse(owner.started)) > START_TOLERANCE_MS;
}

function parseOwner(raw: string): LockOwner | null {
  try {
    const parsed = ownerSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The process that holds the lock now, if a live one does (a stale or unreadable lock: null). */
export function liveOwner(path: string): LockOwner | null {
  const raw = readIfExists(path);
  const owner = raw === null ? null : parseOwner(raw);
  return owner && !isStale(owner) ? owner : null;
}

const unlinkQuietly = (path: string) => {
  try {
    unlinkSync(path);
  } catch {
    // Already gone.
  }
};

/**
 * Creates `path` holding `text`, or returns false if it exists. A hard link of a finished file is
 * atomic, so a reader never sees a half-written lock; where links are not supported it falls back
 * to an exclusive create.
 */
function createExclusive(path: string, text: string): boolean {
  const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}`;
  writeDurably(tmp, text, 'wx');
  try {
    linkSync(tmp, path);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw err;
  } finally {
    unlinkQuietly(tmp);
  }
  try {
    writeDurably(path, text, 'wx');
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

/**
 * Moves a stale lock out of the way, but only the one judged stale: if another process replaced
 * it meanwhile, its fresh lock is put back. Returns whether the way is clear.
 */
function removeStale(path: string, judged: string): boolean {
  const aside = `${path}.stale-${process.pid}-${randomBytes(6).toString('hex')}`;
  try {
    renameSync(path, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw err;
  }
  if (readIfExists(aside) === judged) {
    unlinkQuietly(aside);
    return true;
  }
  try {
    linkSync(aside, path);
  } catch {
    // A third process holds it now; either way the way is not clear.
  }
  unlinkQuietly(aside);
  return false;
}

/** Milliseconds since the file last changed; null once it is gone. */
function ageOf(path: string): number | null {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return null;
  }
}

function held(path: string, owner: LockOwner, text: string): HeldLock {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    // Never remove a lock that someone took over after judging ours stale.
    if (readIfExists(path) === text) unlinkQuietly(path);
  };
  process.on('exit', release);
  return { path, owner, release };
}

/** One attempt (with a takeover of a stale lock); never waits for a live owner. */
export function tryLock(path: string, what: string): LockAttempt {
  const owner = ownerFor(what);
  const text = `${JSON.stringify(owner)}\n`;
  for (let attempt = 0; attempt < 5; attempt++) {
    if (createExclusive(path, text)) return { ok: true, lock: held(path, owner, text) };
    const raw = readIfExists(path);
    if (raw === null) continue;
    const current = parseOwner(raw);
    if (current && !isStale(current)) return { ok: false, owner: current };
    if (!current) {
      // Unreadable: a fallback create still writing, or debris; only old debris is taken over.
      const age = ageOf(path);
      if (age === null) continue;
      if (age < UNREADABLE_GRACE_MS) return { ok: false, owner: null };
    }
    if (!removeStale(path, raw)) {
      const now = readIfExists(path);
      return { ok: false, owner: now === null ? null : parseOwner(now) };
    }
  }
  return { ok: false, owner: null };
}

/** Takes the lock, waiting (without blocking the event loop) while a live owner holds it. */
export async function waitForLock(
  path: string,
  what: string,
  timeoutMs: number,
): Promise<LockAttempt> {
  const until = Date.now() + timeoutMs;
  let pause = 1;
  for (;;) {
    const attempt = tryLock(path, what);
    if (attempt.ok || Date.now() >= until) return attempt;
    await new Promise((resolve) => setTimeout(resolve, pause));
    pause = Math.min(pause * 2, 50);
  }
}
