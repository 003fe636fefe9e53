// A workspace's settings against the real PostgreSQL: read with their defaults, changed with
// validation, and used where a tenant, a deployment or the query log needs a default; the CLI
// reads and writes them through the same contract.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli';
import { makeTempDir, type TempDir } from '../../support/temp-dir';
import {
  addConnection,
  call,
  callError,
  dropEverything,
  makeBlueprint,
  makeTestCore,
  runPrefix,
  type TestCore,
  waitForJob,
} from './harness';

const prefix = runPrefix();
const bp = `${prefix}_set`;
const tenant = `${prefix.replace('bpt_', 's')}one`;
let dir: TempDir;
let core: TestCore;
let connectionId: string;

beforeAll(async () => {
  dir = makeTempDir('benchphant-ws-settings-');
  core = makeTestCore({ dataDir: dir.path });
  connectionId = await addConnection(core, 'postgresql');
  await makeBlueprint(core, connectionId, bp);
}, 60_000);
afterAll(async () => {
  if (core) {
    const { tenants } = await call(core, 'tenants.list', {});
    for (const t of tenants)
      await call(core, 'tenants.delete', { id: t.tenant_id, hard: true, confirm: t.tenant_id });
    await core.dispose();
  }
  dir?.remove();
  await dropEverything('postgresql', prefix);
});

describe('workspace settings', () => {
  it('start from the defaults, with the connection the workspace lives on', async () => {
    expect(await call(core, 'workspaces.settings', { id: bp })).toEqual({
      success: true,
      workspace: bp,
      connection_id: connectionId,
      default_isolation_level: 1,
      default_parallelism: 4,
      slow_query_ms: 1000,
      deploy_gate: null,
    });
    expect((await callError(core, 'workspaces.settings', { id: `${prefix}_none` })).code).toBe(
      'NOT_FOUND',
    );
  });

  it('refuse values out of range and a move to another connection, changing nothing', async () => {
    for (const bad of [
      { default_isolation_level: 3 },
      { default_parallelism: 0 },
      { default_parallelism: 65 },
      { slow_query_ms: -5 },
      { deploy_gate: { profile: '' } },
    ]) {
      const err = await callError(core, 'workspaces.configure', { id: bp, ...bad });
      expect(err.code, JSON.stringify(bad)).toBe('BAD_INPUT');
    }
    const other = await addConnection(core, 'postgresql', `${prefix} other`);
    const moved = await callError(core, 'workspaces.configure', { id: bp, connection_id: other });
    expect(moved.code).toBe('REFUSED');
    expect(moved.message).toMatch(/does not move/);
    // Naming the connection it already lives on is fine.
    await call(core, 'workspaces.configure', { id: bp, connection_id: connectionId });
    expect((await call(core, 'workspaces.settings', { id: bp })).default_parallelism).toBe(4);
  });

  it('give a deployment its parallelism and the query log its threshold; a given value wins', async () => {
    const saved = await call(core, 'workspaces.configure', {
      id: bp,
      default_parallelism: 2,
      slow_query_ms: 1,
    });
    expect(saved).toMatchObject({ default_parallelism: 2, slow_query_ms: 1, deploy_gate: null });
    await call(core, 'tenants.create', {
      tenant_id: tenant,
      databases: [{ blueprint: bp, isolation_level: 1 }],
    });
    await call(core, 'workspaces.query', { id: bp, query: 'CREATE TABLE notes (id int)' });
    const job = await call(core, 'deployments.create', { blueprint_name: bp, deploy_all: true });
    expect(job.parallelism).toBe(2);
    expect((await waitForJob(core, job.job_id)).status).toBe('completed');

    const stats = await call(core, 'tenants.logStats', { id: tenant, since: '1h' });
    expect(stats.slow_query_ms).toBe(1);
    const logs = await call(core, 'tenants.logs', { id: tenant, since: '1h', limit: 1000 });
    expect(stats.slow).toBe(logs.logs.filter((l) => l.duration_ms >= 1).length);
    expect(logs.logs.every((l) => l.slow === l.duration_ms >= 1)).toBe(true);

    await call(core, 'workspaces.query', { id: bp, query: 'CREATE TABLE notes2 (id int)' });
    const explicit = await call(core, 'deployments.create', {
      blueprint_name: bp,
      deploy_all: true,
      parallelism: 3,
    });
    expect(explicit.parallelism).toBe(3);
    await waitForJob(core, explicit.job_id);
  }, 120_000);

  it('gate a deployment with canaries by default, and not one without', async () => {
    await call(core, 'workspaces.configure', {
      id: bp,
      deploy_gate: { profile: `${prefix}-no-such-profile`, max_regression_pct: 5 },
    });
    expect((await call(core, 'workspaces.settings', { id: bp })).deploy_gate).toEqual({
      profile: `${prefix}-no-such-profile`,
      metric: 'p95',
      max_regression_pct: 5,
    });
    await call(core, 'workspaces.query', { id: bp, query: 'CREATE TABLE notes3 (id int)' });
    // The workspace's gate is checked: its profile does not exist.
    const gated = await callError(core, 'deployments.create', {
      blueprint_name: bp,
      deploy_all: true,
      canary: [tenant],
    });
    expect(gated.message).toMatch(/no-such-profile/);
    // The deployment's own `gate: null` goes without it.
    const ungated = await call(core, 'deployments.create', {
      blueprint_name: bp,
      deploy_all: true,
      canary: [tenant],
      gate: null,
    });
    expect(ungated.gate ?? null).toBeNull();
    await waitForJob(core, ungated.job_id);
    await call(core, 'workspaces.configure', { id: bp, deploy_gate: null });
    expect((await call(core, 'workspaces.settings', { id: bp })).deploy_gate).toBeNull();
  }, 120_000);

  it('are read and changed by `benchphant workspaces settings`', async () => {
    const env = { BENCHPHANT_DATA_DIR: dir.path, BENCHPHANT_SECRET_STORE: 'memory' };
    const changed = await runCli(
      ['workspaces', 'settings', bp, '--parallelism', '6', '--isolation-level', '2', '--json'],
      { env },
    );
    expect(changed.stderr).toBe('');
    expect(changed.code).toBe(0);
    expect(JSON.parse(changed.stdout)).toMatchObject({
      default_parallelism: 6,
      default_isolation_level: 2,
      slow_query_ms: 1,
    });
    const shown = await runCli(['workspaces', 'settings', bp], { env });
    expect(shown.stdout).toMatch(/default parallelism\s+6/);
    const bad = await runCli(['workspaces', 'settings', bp, '--parallelism', '0'], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/default_parallelism must be at least 1/);
  }, 60_000);
});
