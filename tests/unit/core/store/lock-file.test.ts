import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  isStale,
  type LockOwner,
  ownerFor,
  processStart,
  tryLock,
  waitForLock,
} from '../../../../main/core/store/lock-file';
import { ownDataDir, tryOwnDataDir } from '../../../../main/core/store/data-dir';
import { dataPaths } from '../../../../main/core/paths';
import { makeTempDir, type TempDir } from '../../../support/temp-dir';

/** The pid of a process that has certainly exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

const lockText = (o: LockOwner) => `${JSON.stringify(o)}\n`;

describe('lock files', () => {
  let dir: TempDir;
  let path: string;
  beforeEach(() => {
    dir = makeTempDir('benchphant-lock-');
    path = join(dir.path, 'x.lock');
  });
  afterEach(() => dir.remove());

  it('is created once, 0600, naming its owner; a second attempt is refused with that owner', () => {
    const first = tryLock(path, 'benchphant serve');
    expect(first.ok).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const owner = JSON.parse(readFileSync(path, 'utf8')) as LockOwner;
    expect(owner).toMatchObject({ pid: process.pid, host: hostname(), what: 'benchphant serve' });
    expect(tryLock(path, 'another')).toEqual({ ok: false, owner });
    if (first.ok) first.lock.release();
    expect(existsSync(path)).toBe(false);
    expect(tryLock(path, 'another').ok).toBe(true);
  });

  it('takes over the lock of a dead process', () => {
    const stale = { ...ownerFor('benchphant serve'), pid: deadPid() };
    writeFileSync(path, lockText(stale));
    expect(isStale(stale)).toBe(true);
    const taken = tryLock(path, 'the next one');
    expect(taken.ok).toBe(true);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({
      pid: process.pid,
      what: 'the next one',
    });
  });

  it('tells a live owner from a reused pid by its start time, and never judges another host', () => {
    const parent = ownerFor('parent');
    const live: LockOwner = {
      ...parent,
      pid: process.ppid,
      started: new Date(processStart(process.ppid) ?? 0).toISOString(),
    };
    expect(isStale(live)).toBe(false);
    if (processStart(process.ppid) !== null) {
      expect(isStale({ ...live, started: '2001-01-01T00:00:00.000Z' })).toBe(true);
    }
    expect(isStale({ ...live, pid: deadPid(), host: `${hostname()}-elsewhere` })).toBe(false);
    // This very process with another start: an earlier process that had the same pid.
    expect(isStale({ ...parent, started: '2001-01-01T00:00:00.000Z' })).toBe(true);
    expect(isStale(parent)).toBe(false);
  });

  it("reads this process's own start close to Node's own clock origin", () => {
    const start = processStart(process.pid);
    if (start === null) return expect(process.platform).not.toBe('linux');
    expect(Math.abs(start - performance.timeOrigin)).toBeLessThan(2_000);
  });

  it('leaves a fresh unreadable file alone but clears old debris', () => {
    writeFileSync(path, '');
    expect(tryLock(path, 'x')).toEqual({ ok: false, owner: null });
    const old = new Date(Date.now() - 60_000);
    utimesSync(path, old, old);
    expect(tryLock(path, 'x').ok).toBe(true);
  });

  it('releases only its own lock, never one another process took over', () => {
    const mine = tryLock(path, 'mine');
    if (!mine.ok) throw new Error('not taken');
    const other = lockText({ ...ownerFor('other'), pid: process.ppid });
    writeFileSync(path, other);
    mine.lock.release();
    expect(readFileSync(path, 'utf8')).toBe(other);
  });

  it('waits for a holder to let go', async () => {
    const held = tryLock(path, 'holder');
    if (!held.ok) throw new Error('not taken');
    setTimeout(() => held.lock.release(), 50);
    const waited = await waitForLock(path, 'waiter', 5_000);
    expect(waited.ok).toBe(true);
    expect(await waitForLock(path, 'late', 30)).toMatchObject({ ok: false });
  });

  it('names the owner when a data directory is taken', () => {
    const paths = dataPaths(dir.path);
    const owner = ownDataDir(paths, 'benchphant serve');
    expect(tryOwnDataDir(paths, 'the benchphant CLI')).toBeNull();
    expect(() => ownDataDir(paths, 'the Benchphant app')).toThrow(
      new RegExp(`in use by benchphant serve \\(pid ${process.pid} on .*, started .*\\)`),
    );
    owner.release();
    const again = tryOwnDataDir(paths, 'the benchphant CLI');
    expect(again).not.toBeNull();
    again?.release();
  });
});
