// End to end on Redis, as a new user would: the Tenants screen in headless Chromium over the real
// headless server and core, on the machine's Redis at 127.0.0.1:6379 — a workspace on a Redis
// connection, a command in its console recorded as a pending change, version 1.0, two tenants
// ready, and a command across them in the admin tab; then an import through the wizard from a
// shared Redis database (a private server on port 15857) whose keys name their tenant (`app:<t>:…`).
// Every key and ACL user starts with `bpr`.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { expect, it } from 'vitest';
import { tenantDatabase, tenantRole } from '../../main/core/tenants/names';
import { startPrivateRedis, type PrivateRedis } from '../support/private-redis';
import { testRedis } from '../support/test-databases';
import { ARTIFACTS, useBrowserApp } from './harness';
import { TenantsPage } from './pages/tenants-page';

const SUFFIX = randomBytes(3).toString('hex');
const WORKSPACE = `bpr_ws_${SUFFIX}`;
const TENANTS = [`bpr_a_${SUFFIX}`, `bpr_b_${SUFFIX}`];
/** The tenant the import finds in the shared source and creates. */
const IMPORTED = `bpr_i_${SUFFIX}`;
const SOURCE_PORT = 15857;
const SOURCE_PASSWORD = `pw-${SUFFIX}`;
let source: PrivateRedis | null = null;

const app = useBrowserApp({
  name: 'tenants-redis',
  viewport: { width: 1360, height: 960 },
  timeout: 30_000,
  async seed() {
    await api('connections.create', { ...testRedis(), name: 'local redis', environment: 'test' });
    source = await startPrivateRedis(SOURCE_PORT, { requirepass: SOURCE_PASSWORD, acl: [] });
    const shared = new Redis({ port: SOURCE_PORT, password: SOURCE_PASSWORD, protocol: 2 });
    await shared.hset(`app:${IMPORTED}:note:1`, 'body', 'one');
    await shared.set(`app:${IMPORTED}:visits`, '7');
    shared.disconnect();
    await api('connections.create', {
      ...testRedis(),
      name: 'shared redis',
      environment: 'test',
      port: SOURCE_PORT,
      password: SOURCE_PASSWORD,
    });
  },
  async teardown() {
    for (const id of [...TENANTS, IMPORTED])
      await api('tenants.delete', { id, hard: true, confirm: id }).catch(() => undefined);
    await api('workspaces.delete', { id: WORKSPACE }).catch(() => undefined);
  },
  async cleanup() {
    const server = new Redis({ host: '127.0.0.1', port: 6379, protocol: 2 });
    const [, keys] = await server.scan('0', 'MATCH', `bpr_*${SUFFIX}*`, 'COUNT', 100_000);
    if (keys.length) await server.unlink(...keys);
    const users = (await server.call('ACL', 'USERS')) as string[];
    for (const t of [...TENANTS, IMPORTED]) {
      const role = tenantRole(tenantDatabase(WORKSPACE, t));
      if (users.includes(role)) await server.call('ACL', 'DELUSER', role);
    }
    server.disconnect();
    await source?.stop();
  },
});
const { api } = app;

it('creates a Redis workspace, deploys it, makes two tenants and runs a command across them', async () => {
  const ui = new TenantsPage(app.page);
  await ui.open(app.server.url);
  const form = ui.workspaceForm;
  await form.getByLabel('Name').fill(WORKSPACE);
  await form.getByLabel('Connection').selectOption({ label: 'local redis (Redis, test)' });
  await form.getByText(`Creates the key space ${WORKSPACE}_dev:.`).waitFor();
  // Key spaces have no table templates to start from.
  expect(await form.getByLabel('Start from').count()).toBe(0);
  await form.getByRole('button', { name: 'Create workspace' }).click();
  const view = ui.workspaceView(WORKSPACE);
  await view.waitFor({ timeout: 60_000 });
  await view.getByText(`Redis · ${WORKSPACE}_dev on 127.0.0.1:6379`, { exact: false }).waitFor();
  await view.getByText('A Redis workspace holds keys, not tables.', { exact: false }).waitFor();

  const console = app.page.getByRole('form', { name: 'Command console' });
  const box = console.getByLabel('Command');
  await box.fill(`HSET ${WORKSPACE}_dev:settings plan free`);
  await box.press('Control+Enter');
  await ui.queryOutcome.getByText(/Recorded as pending change #1 \(HSET\)/).waitFor();
  expect(await ui.pendingChanges.count()).toBe(1);
  await box.fill('GET elsewhere');
  await box.press('Control+Enter');
  await ui.queryOutcome.getByText(/is outside this key space/).waitFor();
  await ui.deploy('1.0');
  await ui.deployMessage.waitFor({ timeout: 60_000 });
  await ui.shoot(ARTIFACTS, 'tenants-redis-workspace');

  await ui.tab('Tenants');
  for (const t of TENANTS) {
    await ui.createTenant(t, { blueprint: `${WORKSPACE} 1.0 (Redis)` });
    await ui.waitForTenantStatus(t, 'ready');
  }
  await ui
    .tenantRow(TENANTS[0] as string)
    .getByText(/^redis:\/\/tdb_[0-9a-f]+@127\.0\.0\.1:6379\/0/)
    .waitFor();

  await ui.tab('Admin query');
  const command = ui.adminForm.getByLabel('Command');
  await command.fill('HGET settings plan');
  await command.press('Control+Enter');
  await ui.adminResults.waitFor();
  const rows = ui.adminResults.locator('tbody tr');
  await rows.nth(1).waitFor();
  const cells = async (i: number) => rows.nth(i).locator('td').allTextContents();
  expect([await cells(0), await cells(1)].sort()).toEqual(TENANTS.map((t) => [t, 'free']).sort());
  await ui.shoot(ARTIFACTS, 'tenants-redis-admin');
}, 240_000);

it('imports a shared Redis database into tenants through the wizard, by key pattern', async () => {
  const ui = new TenantsPage(app.page);
  await ui.open(app.server.url);
  await ui.tab('Tenants');
  await app.page.getByRole('button', { name: 'Import from a shared database' }).click();
  const wizard = app.page.getByRole('dialog', { name: 'Import from a shared database' });
  const form = wizard.getByRole('form', { name: 'Import source' });
  await form.getByLabel('Into workspace').selectOption(WORKSPACE);
  // A Redis workspace is routed by a key pattern, from a saved connection only.
  expect(await form.getByLabel('Key pattern').inputValue()).toBe('{tenant}:*');
  expect(await form.getByLabel('Connection details').count()).toBe(0);
  await form.getByLabel('Connection', { exact: true }).selectOption({
    label: 'shared redis (Redis, test)',
  });
  await form.getByLabel('Key pattern').fill('app:{tenant}:*');
  await form.getByRole('button', { name: 'Analyse' }).click();
  const found = wizard.getByRole('table', { name: 'Tenants found' });
  await found.waitFor();
  expect(await found.getByRole('row', { name: new RegExp(IMPORTED) }).textContent()).toContain('2');
  await wizard.getByRole('button', { name: 'Next: options' }).click();
  await wizard.getByLabel('Create missing tenants from the workspace’s blueprint').check();
  // Keys have no routing column to drop and no schema to import first.
  expect(await wizard.getByText('Leave the routing column out', { exact: false }).count()).toBe(0);
  expect(await wizard.getByText('Import the schema first', { exact: false }).count()).toBe(0);
  await wizard.getByRole('button', { name: 'Start import' }).click();
  await wizard.getByRole('table', { name: 'Verification' }).waitFor({ timeout: 120_000 });
  expect(await wizard.getByText('✗ differs').count()).toBe(0);
  // In the words of keys, not tables.
  await wizard
    .getByText('Verified: every key pattern of every tenant holds exactly the source’s keys.')
    .waitFor();
  await wizard.getByRole('columnheader', { name: 'Source keys' }).waitFor();
  await ui.shoot(ARTIFACTS, 'tenants-redis-import');

  const home = new Redis({ host: '127.0.0.1', port: 6379, protocol: 2 });
  try {
    const prefix = `${WORKSPACE}__${IMPORTED}:`;
    expect(await home.hget(`${prefix}note:1`, 'body')).toBe('one');
    expect(await home.get(`${prefix}visits`)).toBe('7');
  } finally {
    home.disconnect();
  }
}, 240_000);
