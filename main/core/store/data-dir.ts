// Runs in each composition root through createCore(). The data directory: created private (0700)
// and owned by one process at a time; it must never let a second owner start beside a live one.
import { mkdirSync } from 'node:fs';
import { AppError } from '../../../shared/errors';
import type { DataPaths } from '../paths';
import { type HeldLock, type LockOwner, tryLock } from './lock-file';

/** Creates the directory readable by its user only; an existing one keeps the mode it was given. */
export function prepareDataDir(paths: DataPaths): void {
  mkdirSync(paths.root, { recursive: true, mode: 0o700 });
}

export function describeOwner(owner: LockOwner): string {
  const where = owner.host ? ` on ${owner.host}` : '';
  return `${owner.what} (pid ${owner.pid}${where}, started ${owner.started})`;
}

/** The lock if no live process holds it (a stale one is taken over), else null. */
export function tryOwnDataDir(paths: DataPaths, what: string): HeldLock | null {
  const attempt = tryLock(paths.lock, what);
  return attempt.ok ? attempt.lock : null;
}

/** The lock, or a CONFLICT naming the process that holds it. */
export function ownDataDir(paths: DataPaths, what: string): HeldLock {
  const attempt = tryLock(paths.lock, what);
  if (attempt.ok) return attempt.lock;
  const who = attempt.owner ? describeOwner(attempt.owner) : 'another Benchphant process';
  throw new AppError(
    'CONFLICT',
    `The data directory ${paths.root} is in use by ${who}. Stop that one first, or give this one its own data directory with BENCHPHANT_DATA_DIR. If no such process runs, remove ${paths.lock}.`,
  );
}
