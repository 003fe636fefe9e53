// On each engine's real server: the workspace console runs a script of several statements one
// after another (each result kept, each DDL its own pending change; a failing statement named
// with how many ran before it), and a blueprint is deleted only when no tenant uses it — refused
// with the tenants named, then deleted, its workspace's changes pending again and the next deploy
// starting over at 1.0.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbType } from '../../../shared/model/connection';
import {
  addConnection,
  call,
  callError,
  dropEverything,
  ENGINES,
  makeTestCore,
  runPrefix,
  type TestCore,
} from './harness';

describe.each(ENGINES)('console scripts and blueprint delete on %s', (type: DbType) => {
  const prefix = runPrefix();
  const ws = `${prefix}_bp`;
  const tenant = `${prefix}_t`;
  let core: TestCore;
  let connectionId: string;

  beforeAll(async () => {
    core = makeTestCore();
    connectionId = await addConnection(core, type, `bpd ${type}`);
    await call(core, 'workspaces.create', { name: ws, connection_id: connectionId });
  }, 60_000);
  afterAll(async () => {
    await core?.dispose();
    await dropEverything(type, prefix);
  });

  it('runs several statements in one go and shows each result', async () => {
    const r = await call(core, 'workspaces.query', {
      id: ws,
      query: `CREATE TABLE items (id int PRIMARY KEY, label varchar(20) NOT NULL);
        INSERT INTO items VALUES (1, 'one'), (2, 'two');
        SELECT label FROM items ORDER BY id;
        -- a comment, then a last statement without a semicolon
        SELECT count(*) AS n FROM items`,
    });
    expect(r.statements).toHaveLength(4);
    expect(r.statements[0]?.statement).toMatch(/^CREATE TABLE items/);
    expect(r.statements[3]?.statement).toMatch(/SELECT count\(\*\) AS n FROM items$/);
    expect(r.statements[0]?.change?.kind).toBe('CREATE TABLE');
    expect(r.statements[1]).toMatchObject({ kind: 'affected', affected: 2 });
    expect(r.statements[2]?.rows).toEqual([{ label: 'one' }, { label: 'two' }]);
    // The answer's own fields are the last statement's, as for a single one.
    expect(r.kind).toBe('rows');
    expect(Number(r.rows[0]?.n)).toBe(2);

    const failed = await callError(core, 'workspaces.query', {
      id: ws,
      query: "INSERT INTO items VALUES (3, 'three'); SELECT nope FROM items; SELECT 1",
    });
    expect(failed.code).toBe('BAD_INPUT');
    expect(failed.message).toMatch(/^Statement 2 of 3 failed \(the one before it ran\): /);
    const after = await call(core, 'workspaces.query', {
      id: ws,
      query: 'SELECT count(*) AS n FROM items',
    });
    expect(Number(after.rows[0]?.n)).toBe(3);
    expect(after.statements).toHaveLength(1);
  });

  it('refuses to delete a blueprint a tenant uses, naming it, and deletes it once none does', async () => {
    await call(core, 'workspaces.deploy', { id: ws });
    await call(core, 'tenants.create', { tenant_id: tenant, databases: [{ blueprint: ws }] });
    const used = await callError(core, 'blueprints.delete', { name: ws });
    expect(used.code).toBe('REFUSED');
    expect(used.message).toBe(
      `Blueprint '${ws}' is used by 1 tenant (${tenant}); delete it for good first.`,
    );
    // A soft-deleted tenant can come back: it still counts.
    await call(core, 'tenants.delete', { id: tenant, hard: false });
    expect((await callError(core, 'blueprints.delete', { name: ws })).code).toBe('REFUSED');
    await call(core, 'tenants.delete', { id: tenant, hard: true, confirm: tenant });

    const done = await call(core, 'blueprints.delete', { name: ws });
    expect(done.message).toMatch(/workspace '.*' keeps its changes as pending/);
    const list = await call(core, 'blueprints.list', {});
    expect(list.blueprints.map((b) => b.name)).not.toContain(ws);
    expect((await callError(core, 'blueprints.get', { name: ws })).code).toBe('NOT_FOUND');
    const diff = await call(core, 'workspaces.diff', { id: ws });
    expect(diff.changes.filter((c) => c.status === 'pending')).toHaveLength(1);
    const again = await call(core, 'workspaces.deploy', { id: ws });
    expect(again.version).toBe('1.0');
    const schema = await call(core, 'blueprints.get', { name: ws });
    expect(schema.schema.tables.map((t) => t.name)).toEqual(['items']);
  }, 120_000);
});
