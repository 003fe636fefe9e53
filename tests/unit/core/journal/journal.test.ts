// The journal over a real SQLite store: intents with their steps and bookkeeping in one
// transaction, one open operation per target, an unfinished intent recovered before the next
// operation on its target (or kept open with the reason when recovery fails), and the crash
// points a barrier sees.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Journal, type StepBarrier } from '../../../../main/core/journal/journal';
import { silentLogger } from '../../../../main/core/logging/logger';
import { openDatabase, type Db } from '../../../../main/core/store/database';

describe('the operation journal', () => {
  let db: Db;
  let points: string[];
  let journal: Journal;
  const barrier: StepBarrier = (p) => points.push(`${p.kind} ${p.label}`);

  beforeEach(() => {
    db = openDatabase(':memory:');
    points = [];
    journal = new Journal({ db, logger: silentLogger, barrier });
  });
  afterEach(() => db.close());

  it('records each step with its payload and removes the intent when done', async () => {
    const intent = await journal.begin<Record<string, string>>('rollback', 'db1', 'restoring', {
      fresh: 'a',
    });
    expect(journal.open().map((i) => [i.step, i.payload])).toEqual([['restoring', { fresh: 'a' }]]);
    intent.step('swapping', { old: 'b' });
    intent.point('original renamed');
    expect(journal.open()[0]).toMatchObject({
      step: 'swapping',
      payload: { fresh: 'a', old: 'b' },
    });
    intent.done();
    expect(journal.open()).toEqual([]);
    expect(points).toEqual([
      'rollback before restoring',
      'rollback after restoring',
      'rollback before swapping',
      'rollback original renamed',
      'rollback after swapping',
    ]);
  });

  it("writes a step's bookkeeping in the same transaction: a failing one records neither", async () => {
    db.exec('CREATE TABLE t (v TEXT NOT NULL)');
    const intent = await journal.begin('move', 'db1', 'loading', {});
    expect(() =>
      intent.step('switched', {}, () => {
        db.prepare("INSERT INTO t VALUES ('placement')").run();
        throw new Error('disk full');
      }),
    ).toThrow('disk full');
    expect(db.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 0 });
    expect(journal.open()[0]?.step).toBe('loading');
  });

  it('refuses a second operation on a target while one runs', async () => {
    await journal.begin('deploy', 'db1', 'migrating', {});
    await expect(journal.begin('rollback', 'db1', 'restoring', {})).rejects.toThrow(
      /Another operation \(deploy\) on db1 is in progress/,
    );
    await expect(journal.begin('rollback', 'db2', 'restoring', {})).resolves.toBeDefined();
  });

  it('recovers an unfinished intent before the next operation on its target', async () => {
    const seen: string[] = [];
    journal.register('rollback', (i) => {
      seen.push(`${i.step} ${String(i.payload.fresh)}`);
      return Promise.resolve('dropped the scratch copy');
    });
    const cut = await journal.begin('rollback', 'db1', 'restoring', { fresh: 'x' });
    cut.close(); // as if the process had died: the row stays open
    const next = await journal.begin('rollback', 'db1', 'restoring', { fresh: 'y' });
    expect(seen).toEqual(['restoring x']);
    expect(journal.store.recovered('rollback').map((r) => r.message)).toEqual([
      'recovered: dropped the scratch copy',
    ]);
    expect(journal.open().map((i) => i.id)).toEqual([next.id]);
  });

  it('keeps an intent open with the reason when recovery fails, and refuses until it succeeds', async () => {
    let reachable = false;
    journal.register('move', () =>
      reachable ? Promise.resolve('undone') : Promise.reject(new Error('server down')),
    );
    (await journal.begin('move', 'db1', 'loading', {})).close();
    expect(await journal.recoverAll()).toEqual({ recovered: 0, failed: 1 });
    expect(journal.open()[0]?.message).toMatch(/failed: server down\. It is tried again/);
    await expect(journal.begin('move', 'db1', 'freezing', {})).rejects.toThrow(
      /cut short and could not be recovered yet/,
    );
    reachable = true;
    expect(await journal.recoverAll()).toEqual({ recovered: 1, failed: 0 });
    expect(journal.open()).toEqual([]);
  });

  it('leaves alone an operation another live process still runs (the CLI beside the server)', async () => {
    let recovered = 0;
    journal.register('deploy', () => {
      recovered++;
      return Promise.resolve('done');
    });
    const theirs = await journal.begin('deploy', 'db1', 'migrating', {});
    theirs.close();
    // The parent process (the test runner) is alive and is not this process.
    db.prepare('UPDATE op_intents SET owner_pid = ? WHERE id = ?').run(process.ppid, theirs.id);
    expect(await journal.recoverAll()).toEqual({ recovered: 0, failed: 0 });
    await expect(journal.begin('rollback', 'db1', 'restoring', {})).rejects.toThrow(
      new RegExp(`in progress in process ${process.ppid}`),
    );
    expect(recovered).toBe(0);
    expect(journal.open()).toHaveLength(1);
  });

  it('gives this data directory one scratch tag, kept across journals', () => {
    const tag = journal.instanceTag();
    expect(tag).toMatch(/^[0-9a-f]{8}$/);
    expect(new Journal({ db, logger: silentLogger }).scratchName('bp_restore', 'abc')).toBe(
      `bp_restore_${tag}_abc`,
    );
  });
});
