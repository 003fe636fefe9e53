// A rollback killed (SIGKILL) at every crash point of its journal, on both engines: after a
// restart the recovery pass leaves the tenant readable by its own role with exactly the backup's
// rows (when the crash came after the copy was verified) or exactly its rows before the rollback
// (when it came earlier), no scratch database behind, and a `recovered: …` record of what it did.
import { afterAll, describe, expect, it } from 'vitest';
import type { DbType } from '../../../shared/model/connection';
import { crashMatrix } from '../../support/crash-run';
import { call, dropEverything, runPrefix } from '../tenants/harness';
import { addCustomer, emailsAsTenant, report, scratchLeft, setUp, type Setup } from './support';

describe.each<DbType>(['postgresql', 'mysql'])('a rollback crashed at every step on %s', (type) => {
  const prefix = runPrefix();
  const bp = `${prefix}_rb`;
  const tenant = 'acme';
  const database = `${bp}__${tenant}`;
  let setup: Setup | null = null;

  afterAll(async () => {
    setup?.dir.remove();
    await dropEverything(type, prefix);
  });

  it('recovers every crash point to the backup or to the rows before it, losing nothing', async () => {
    const made = await setUp(type, bp, [tenant]);
    setup = made;
    await addCustomer(type, database, 'backed-up@x.test');
    const backup = await call(made.core, 'tenants.backup', { id: tenant });
    const storagePath = backup.backups[0]?.storage_path ?? '';
    const backedUp = await emailsAsTenant(made.core, type, tenant, bp);
    const tag = made.core.journal.instanceTag();
    await made.core.dispose();

    let before: string[] = [];
    let recordsBefore = 0;
    const tally = await crashMatrix({
      dataDir: made.dir.path,
      masterKey: made.masterKey,
      async prepare(core) {
        await addCustomer(type, database, `later-${Date.now()}@x.test`);
        before = await emailsAsTenant(core, type, tenant, bp);
        recordsBefore = core.journal.store.recovered('rollback').length;
      },
      calls: () => [
        { method: 'tenants.rollback', input: { id: tenant, storage_path: storagePath } },
      ],
      async check(core, crashed) {
        const now = await emailsAsTenant(core, type, tenant, bp);
        const t = await call(core, 'tenants.get', { id: tenant });
        expect(t.status).toBe('ready');
        // Until the swap is recorded the copy may be incomplete, so recovery undoes; after, it completes.
        const undone = crashed !== null && /(before|after) restoring$/.test(crashed.label);
        expect(now).toEqual(undone ? before : backedUp);
        expect(core.journal.open()).toEqual([]);
        expect(await scratchLeft(type, tag)).toEqual([]);
        const records = core.journal.store.recovered('rollback');
        expect(records.length).toBe(recordsBefore + (crashed ? 1 : 0));
        if (crashed) expect(records[0]?.message).toMatch(/^recovered: the rollback of /);
      },
    });
    report(`rollback (${type})`, tally);
    expect(tally.failures).toEqual([]);
    expect(tally.injected).toBeGreaterThanOrEqual(type === 'postgresql' ? 6 : 7);
    expect(tally.lost).toBe(0);
  }, 300_000);
});
