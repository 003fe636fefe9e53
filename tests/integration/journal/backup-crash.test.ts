// A backup killed (SIGKILL) at every crash point of its journal, on both engines: after a restart
// the backups folder holds exactly the catalogued dumps, each matching its checksum (a dump cut
// short, or finished but never catalogued, is removed and the removal recorded), and the tenant
// is untouched and readable.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DbType } from '../../../shared/model/connection';
import { fileDigest } from '../../../main/core/tenant-ops/backups/dump';
import { crashMatrix } from '../../support/crash-run';
import { call, dropEverything, runPrefix } from '../tenants/harness';
import { addCustomer, emailsAsTenant, report, setUp, type Setup } from './support';

describe.each<DbType>(['postgresql', 'mysql'])('a backup crashed at every step on %s', (type) => {
  const prefix = runPrefix();
  const bp = `${prefix}_bk`;
  const tenant = 'acme';
  let setup: Setup | null = null;

  afterAll(async () => {
    setup?.dir.remove();
    await dropEverything(type, prefix);
  });

  it('keeps only whole, catalogued dumps', async () => {
    const made = await setUp(type, bp, [tenant]);
    setup = made;
    await addCustomer(type, `${bp}__${tenant}`, 'kept@x.test');
    await made.core.dispose();
    const folder = join(made.dir.path, 'backups', tenant);

    let catalogued = 0;
    const tally = await crashMatrix({
      dataDir: made.dir.path,
      masterKey: made.masterKey,
      async prepare(core) {
        catalogued = (await call(core, 'tenants.backups', { id: tenant })).count;
      },
      calls: () => [{ method: 'tenants.backup', input: { id: tenant } }],
      async check(core, crashed) {
        const list = await call(core, 'tenants.backups', { id: tenant });
        // Catalogued in the same transaction that closes the intent: before it, no backup.
        const made = crashed === null ? 1 : 0;
        expect(list.count).toBe(catalogued + made);
        const files = readdirSync(folder).map((f) => join(folder, f));
        expect(files.sort()).toEqual(list.backups.map((b) => b.storage_path).sort());
        for (const b of list.backups) {
          expect(await fileDigest(b.storage_path)).toEqual({
            size: b.size_bytes,
            sha256: b.sha256,
          });
        }
        expect(core.journal.open()).toEqual([]);
        if (crashed) {
          expect(core.journal.store.recovered('backup')[0]?.message).toMatch(
            /^recovered: the backup of .* stopped before it was catalogued/,
          );
        }
        expect(await emailsAsTenant(core, type, tenant, bp)).toEqual(['kept@x.test']);
      },
    });
    report(`backup (${type})`, tally);
    expect(tally.failures).toEqual([]);
    expect(tally.lost).toBe(0);
    expect(tally.injected).toBe(2);
  }, 300_000);
});
