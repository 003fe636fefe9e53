// Attaching a dedicated server (POST /webhooks/vm-ready) killed (SIGKILL) at every crash point of
// its journal. After a restart the tenant is either ready with its database on the server (the
// attach finished) or still waiting for vm-ready with nothing of it left there, its intent
// recovered; sending vm-ready again then finishes it.
import { randomBytes } from 'node:crypto';
import { afterAll, expect, it } from 'vitest';
import { crashMatrix, openSharedCore } from '../../support/crash-run';
import { makeTempDir, type TempDir } from '../../support/temp-dir';
import {
  addConnection,
  call,
  databaseExists,
  dropEverything,
  makeBlueprint,
  roleExists,
} from '../tenants/harness';
import { report } from './support';
import { tenantRole } from '../../../main/core/tenants/names';

const prefix = `bpa_${randomBytes(3).toString('hex')}`;
const bp = `${prefix}_vm`;
const tenant = 'acme';
const database = `${bp}__${tenant}`;
let dir: TempDir | null = null;

afterAll(async () => {
  dir?.remove();
  await dropEverything('postgresql', prefix);
});

it('leaves the tenant ready or waiting, never half-made, at every crash point', async () => {
  dir = makeTempDir('bp-attach-crash-');
  const masterKey = `crash-${randomBytes(8).toString('hex')}`;
  const setup = openSharedCore(dir.path, masterKey);
  const shared = await addConnection(setup, 'postgresql', `${prefix} shared`);
  // The same server under another saved connection stands in for the dedicated VM.
  const vm = await addConnection(setup, 'postgresql', `${prefix} vm`);
  await makeBlueprint(setup, shared, bp);
  const made = await call(setup, 'tenants.create', {
    tenant_id: tenant,
    databases: [{ blueprint: bp, isolation_level: 2 }],
  });
  expect(made.status).toBe('provisioning');
  await setup.dispose();

  const tally = await crashMatrix({
    dataDir: dir.path,
    masterKey,
    prepare: async () => {},
    calls: () => [{ method: 'webhooks.vmReady', input: { tenant_id: tenant, connection_id: vm } }],
    async check(core, crashed) {
      const t = await call(core, 'tenants.get', { id: tenant });
      expect(core.journal.open()).toEqual([]);
      if (t.status === 'ready') {
        expect(crashed).toBeNull();
        expect(t.databases[0]).toMatchObject({ connection_id: vm, version: '1.0' });
        expect(await databaseExists('postgresql', database)).toBe(true);
        return;
      }
      expect(t.status).toBe('provisioning');
      expect(t.databases[0]?.connection_id).toBe('');
      expect(await databaseExists('postgresql', database)).toBe(false);
      expect(await roleExists('postgresql', tenantRole(database))).toBe(false);
      if (crashed)
        expect(core.journal.store.recovered('attach')[0]?.message).toMatch(
          /^recovered: the attach of /,
        );
    },
  });
  report('vm-ready attach', tally);
  expect(tally.failures).toEqual([]);
  expect(tally.lost).toBe(0);
  expect(tally.injected).toBeGreaterThanOrEqual(3);

  const after = openSharedCore(dir.path, masterKey);
  try {
    await after.recovery;
    expect((await call(after, 'tenants.get', { id: tenant })).status).toBe('ready');
    await call(after, 'tenants.delete', { id: tenant, hard: true, confirm: tenant });
  } finally {
    await after.dispose();
  }
}, 600_000);
