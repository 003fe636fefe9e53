// Admin and console queries run as the tenant's (workspace's) own role, against the real servers:
// the file-writing and large-object bypasses of the old word filter are refused by the role's
// privileges (no file appears, no large object is made), a sleep is cut at the statement timeout,
// and a workspace made before workspaces had roles gets one, with its admin-made tables handed over.
import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantOperations } from '../../../shared/contract/tenants';
import { createMemorySecretStore } from '../../../main/core/secrets/secret-store';
import { tenantRole } from '../../../main/core/tenants/names';
import { workspaceAccount } from '../../../main/core/tenants/workspaces/workspace-role';
import { makeTempDir } from '../../support/temp-dir';
import {
  addConnection,
  admin,
  call,
  callError,
  databaseExists,
  dropEverything,
  ENGINES,
  makeBlueprint,
  makeTestCore,
  roleExists,
  runPrefix,
  type TestCore,
} from './harness';

const currentUser = { postgresql: 'SELECT current_user AS u', mysql: 'SELECT CURRENT_USER() AS u' };
const sleep60 = { postgresql: 'SELECT pg_sleep(60)', mysql: 'SELECT SLEEP(60)' };

describe.each(ENGINES)('least privilege for admin and console queries on %s', (type) => {
  const prefix = runPrefix();
  const ws = `${prefix}_lp`;
  const tenant = `${prefix.replace('bpt_', 'p')}t1`;
  const tenantDb = `${ws}__${tenant}`;
  const devDb = `${ws}_dev`;
  const secrets = createMemorySecretStore();
  const dir = makeTempDir('benchphant-lp-');
  let core: TestCore;
  let connectionId: string;
  const files: string[] = [];
  const outfile = (name: string) => {
    const path = join(tmpdir(), `${prefix}_${name}_${process.pid}.out`);
    files.push(path);
    return path;
  };

  beforeAll(async () => {
    core = makeTestCore({ secrets, dataDir: dir.path });
    connectionId = await addConnection(core, type);
    await makeBlueprint(core, connectionId, ws);
    const t = await call(core, 'tenants.create', {
      tenant_id: tenant,
      databases: [{ blueprint: ws }],
    });
    expect(t.status, t.message ?? '').toBe('ready');
  });
  afterAll(async () => {
    await core?.close();
    dir.remove();
    await dropEverything(type, prefix);
    for (const f of files) rmSync(f, { force: true });
  });

  it('runs admin queries as the tenant role and console queries as the workspace role', async () => {
    const a = await call(core, 'admin.query', { tenant_id: tenant, query: currentUser[type] });
    expect(a.errors).toEqual([]);
    expect(String(a.rows[0]?.u)).toMatch(new RegExp(`^${tenantRole(tenantDb)}(@|$)`));
    const w = await call(core, 'workspaces.query', { id: ws, query: currentUser[type] });
    expect(String(w.rows[0]?.u)).toMatch(new RegExp(`^${tenantRole(devDb)}(@|$)`));
  });

  if (type === 'mysql') {
    it('writes no file through INTO OUTFILE/DUMPFILE hidden from the words', async () => {
      // The control: the server itself would write such a file for a user with FILE (root).
      const control = outfile('control');
      const root = await admin(type, tenantDb);
      try {
        await root.query(`SELECT 1 /*! INTO OUTFILE '${control}' */`);
      } finally {
        await root.close();
      }
      expect(existsSync(control)).toBe(true);

      const bypasses = [
        (p: string) => `SELECT 1 /*! INTO OUTFILE '${p}' */`,
        (p: string) => `SELECT 1 /*M! INTO DUMPFILE '${p}' */`,
        (p: string) => `SELECT 1--1 INTO OUTFILE '${p}'`,
      ];
      for (const [i, make] of bypasses.entries()) {
        const viaAdmin = outfile(`admin${i}`);
        const r = await call(core, 'admin.query', {
          tenant_id: tenant,
          query: make(viaAdmin),
          allow_writes: true,
        });
        expect(r.errors[0]?.error).toMatch(/FILE privilege|Access denied/i);
        expect(existsSync(viaAdmin)).toBe(false);

        const viaConsole = outfile(`console${i}`);
        const e = await callError(core, 'workspaces.query', { id: ws, query: make(viaConsole) });
        expect(e.message).toMatch(/FILE privilege|Access denied/i);
        expect(existsSync(viaConsole)).toBe(false);
      }
      const leaked = await call(core, 'admin.query', {
        tenant_id: tenant,
        query: "SELECT LOAD_FILE('/etc/hostname') AS f",
      });
      expect(leaked.rows[0]?.f ?? null).toBeNull();
    });
  } else {
    it('creates no large object through lo_import, inside or outside a read-only transaction', async () => {
      const count = async (database: string) => {
        const c = await admin(type, database);
        try {
          return Number(
            (await c.query('SELECT count(*) AS n FROM pg_largeobject_metadata')).rows[0]?.n,
          );
        } finally {
          await c.close();
        }
      };
      const before = [await count(tenantDb), await count(devDb)];
      const read = await call(core, 'admin.query', {
        tenant_id: tenant,
        query: "SELECT lo_import('/etc/hostname')",
      });
      expect(read.errors[0]?.error).toMatch(/permission denied/);
      const write = await call(core, 'admin.query', {
        tenant_id: tenant,
        query: "SELECT lo_import('/etc/hostname')",
        allow_writes: true,
      });
      expect(write.errors[0]?.error).toMatch(/permission denied/);
      const viaConsole = await callError(core, 'workspaces.query', {
        id: ws,
        query: "SELECT lo_import('/etc/hostname')",
      });
      expect(viaConsole.message).toMatch(/permission denied/);
      const copy = await callError(core, 'workspaces.query', {
        id: ws,
        query: `COPY (SELECT 1) TO '${outfile('copy')}'`,
      });
      expect(copy.message).toMatch(/permission denied|must be superuser|pg_write_server_files/);
      expect([await count(tenantDb), await count(devDb)]).toEqual(before);
    });
  }

  it('cuts a 60 s sleep at the timeout the request asks for', async () => {
    const started = Date.now();
    const r = await call(core, 'admin.query', {
      tenant_id: tenant,
      query: sleep60[type],
      timeout_ms: 1500,
    });
    expect(r.errors[0]?.error).toMatch(/longer than its 1\.5 s timeout/);
    const e = await callError(core, 'workspaces.query', {
      id: ws,
      query: sleep60[type],
      timeout_ms: 1500,
    });
    expect(e.code).toBe('TIMEOUT');
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('cuts a 60 s sleep at the default 30 s timeout', { timeout: 90_000 }, async () => {
    const started = Date.now();
    const e = await callError(core, 'workspaces.query', { id: ws, query: sleep60[type] });
    expect(e.code).toBe('TIMEOUT');
    expect(e.message).toMatch(/30 s timeout/);
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(29_000);
    expect(took).toBeLessThan(59_000);
  });

  it('says a suspended tenant must be resumed first, since its role cannot log in', async () => {
    await call(core, 'tenants.suspend', { id: tenant });
    try {
      const one = await callError(core, 'admin.query', { tenant_id: tenant, query: 'SELECT 1' });
      expect(one.code).toBe('CONFLICT');
      expect(one.message).toMatch(/suspended.*resume it first/);
      const all = await call(core, 'admin.query', {
        blueprint: ws,
        all_tenants: true,
        query: 'SELECT 1 AS one',
      });
      expect(all.errors.map((e) => e.tenant_id)).toEqual([tenant]);
      expect(all.errors[0]?.error).toMatch(/suspended/);
    } finally {
      await call(core, 'tenants.resume', { id: tenant });
    }
    expect(
      (await call(core, 'admin.query', { tenant_id: tenant, query: 'SELECT 1 AS one' })).rows,
    ).toEqual([{ tenant_id: tenant, one: 1 }]);
  });

  it('bounds timeout_ms in the contract', async () => {
    const input = tenantOperations['admin.query'].input;
    expect(input.parse({ tenant_id: tenant, query: 'SELECT 1' }).timeout_ms).toBe(30_000);
    for (const timeout_ms of [0, 600_001, 1.5]) {
      const e = await callError(core, 'admin.query', {
        tenant_id: tenant,
        query: 'SELECT 1',
        timeout_ms,
      });
      expect(e.code).toBe('BAD_INPUT');
      expect(e.message).toMatch(/timeout_ms/);
    }
  });

  it('gives a workspace made before roles its own role, owning what the admin made', async () => {
    // As an older Benchphant left it: no role, no password, a table the admin user made.
    await core.close();
    const role = tenantRole(devDb);
    const root = await admin(type, devDb);
    try {
      if (type === 'postgresql') {
        await root.query(`REASSIGN OWNED BY ${role} TO CURRENT_USER`);
        await root.query(`DROP OWNED BY ${role}`);
        await root.query(`DROP ROLE ${role}`);
      } else {
        await root.query(`DROP USER '${role}'@'%'`);
      }
    } finally {
      await root.close();
    }
    await secrets.delete(workspaceAccount(ws));
    const dev = await admin(type, devDb);
    try {
      await dev.query('CREATE TABLE legacy_made_by_admin (id int)');
    } finally {
      await dev.close();
    }
    expect(await roleExists(type, role)).toBe(false);

    core = makeTestCore({ secrets, dataDir: dir.path });
    const r = await call(core, 'workspaces.query', {
      id: ws,
      query: 'ALTER TABLE legacy_made_by_admin ADD COLUMN note varchar(20)',
    });
    expect(r.change?.kind).toBeTruthy();
    expect(await roleExists(type, role)).toBe(true);
    expect(await secrets.get(workspaceAccount(ws))).not.toBeNull();
    const who = await call(core, 'workspaces.query', { id: ws, query: currentUser[type] });
    expect(String(who.rows[0]?.u)).toMatch(new RegExp(`^${role}(@|$)`));
  });

  it('drops the workspace role and its password with the workspace', async () => {
    await call(core, 'workspaces.delete', { id: ws });
    expect(await roleExists(type, tenantRole(devDb))).toBe(false);
    expect(await secrets.get(workspaceAccount(ws))).toBeNull();
  });
});

describe('a workspace that cannot have its own role', () => {
  const prefix = runPrefix();
  afterAll(() => dropEverything('postgresql', prefix));

  it('is not created, and its database does not stay behind', async () => {
    const core = makeTestCore({ secrets: null });
    try {
      const connectionId = await addConnection(core, 'postgresql');
      const e = await callError(core, 'workspaces.create', {
        name: `${prefix}_nokey`,
        connection_id: connectionId,
      });
      expect(e.code).toBe('SECRET_STORE_UNAVAILABLE');
      expect(await databaseExists('postgresql', `${prefix}_nokey_dev`)).toBe(false);
      expect((await call(core, 'workspaces.list', {})).count).toBe(0);
    } finally {
      await core.dispose();
    }
  });
});
