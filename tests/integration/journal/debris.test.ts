// Start-up sweeps what a crash left and nothing else: a dump never catalogued goes, a catalogued
// backup stays; a dump of a dead move goes; an old temp file goes, a young one (maybe another
// writer's) stays; after a crash (an unfinished intent at start) this data directory's scratch
// databases on the tenant's server are dropped and named in the log, while scratch databases
// without its tag (another installation's) stay.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSharedCore } from '../../support/crash-run';
import { admin, call, databaseExists, dropEverything, runPrefix } from '../tenants/harness';
import { setUp, type Setup } from './support';

describe('the start-up sweep of crash debris', () => {
  const prefix = runPrefix();
  const bp = `${prefix}_db`;
  const foreign = `bp_restore_${randomBytes(6).toString('hex')}`;
  let setup: Setup | null = null;

  afterAll(async () => {
    setup?.dir.remove();
    const c = await admin('postgresql');
    await c.query(`DROP DATABASE IF EXISTS ${foreign}`).finally(() => c.close());
    await dropEverything('postgresql', prefix);
  });

  it('removes partial dumps, dead move dumps, old temp files and its own scratch databases', async () => {
    const made = await setUp('postgresql', bp, ['acme']);
    setup = made;
    const kept = (await call(made.core, 'tenants.backup', { id: 'acme' })).backups[0]?.storage_path;
    const tag = made.core.journal.instanceTag();
    // A backup whose process died before it wrote anything: the trace of a crash.
    const dead = spawnSync('true').pid;
    made.core.journal.store.insert({
      id: 'crashed-backup',
      kind: 'backup',
      target: '/nowhere.dump',
      step: 'dumping',
      payload: { tenant_id: 'acme', database: `${bp}__acme`, path: '/nowhere.dump' },
    });
    made.core.journal.store.db
      .prepare("UPDATE op_intents SET owner_pid = ? WHERE id = 'crashed-backup'")
      .run(dead);
    const root = made.core.paths.root;
    await made.core.dispose();

    const partial = join(root, 'backups', 'acme', `${bp}-2026-01-01T00-00-00-000Z.dump`);
    writeFileSync(partial, 'PGDMP half a dump');
    mkdirSync(join(root, 'moves'), { recursive: true });
    const moveDump = join(root, 'moves', `${bp}__acme-0badf00d.dump`);
    writeFileSync(moveDump, 'PGDMP');
    const oldTemp = join(root, 'secrets.enc.tmp');
    const youngTemp = join(root, 'other.tmp');
    writeFileSync(oldTemp, '{}');
    writeFileSync(youngTemp, '{}');
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(oldTemp, hourAgo, hourAgo);
    const ours = [`bp_restore_${tag}_0000deadbeef`, `bp_replaced_${tag}_0000deadbeef`];
    const c = await admin('postgresql');
    try {
      for (const name of [...ours, foreign]) await c.query(`CREATE DATABASE ${name}`);
    } finally {
      await c.close();
    }

    const core = openSharedCore(root, made.masterKey);
    try {
      const report = await core.recovery;
      expect(report.recovered).toBe(1);
      expect(report.swept).toEqual(
        expect.arrayContaining([
          partial,
          moveDump,
          oldTemp,
          ...ours.map((n) => `${n} (on bpt postgresql)`),
        ]),
      );
      expect(existsSync(partial)).toBe(false);
      expect(existsSync(moveDump)).toBe(false);
      expect(existsSync(oldTemp)).toBe(false);
      expect(existsSync(youngTemp)).toBe(true);
      expect(existsSync(kept ?? '')).toBe(true);
      for (const name of ours) expect(await databaseExists('postgresql', name)).toBe(false);
      expect(await databaseExists('postgresql', foreign)).toBe(true);
      const log = readFileSync(core.paths.log, 'utf8');
      expect(log).toMatch(new RegExp(`removed scratch databases a crash left: .*${ours[0]}`));
      expect(log).toMatch(/removed partial dumps a crash left: /);
      // The catalogued backup is still listed and whole.
      expect((await call(core, 'tenants.backups', { id: 'acme' })).count).toBe(1);
    } finally {
      await core.dispose();
    }
  }, 120_000);
});
