// End to end in headless Chromium over the real headless server and the machine's PostgreSQL: the
// workspace console runs a script of several statements and shows each one's result, and a
// blueprint is deleted from the Blueprints tab only when no tenant uses it — the button says why
// it is disabled for a used one, and the free one goes after the app's confirmation. Everything
// it creates on the server starts with `bpq_` and is dropped.
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { tenantDatabase, tenantRole } from '../../main/core/tenants/names';
import { testPg } from '../support/test-databases';
import { ARTIFACTS, useBrowserApp } from './harness';
import { TenantsPage } from './pages/tenants-page';
import { dropLeftovers } from './pages/tenants-servers';

const SUFFIX = randomBytes(3).toString('hex');
/** A blueprint with a tenant, and one without. */
const USED = `bpq_used_${SUFFIX}`;
const FREE = `bpq_free_${SUFFIX}`;
const TENANT = `bpq_t_${SUFFIX}`;

const app = useBrowserApp({
  name: 'tenants-console-blueprints',
  viewport: { width: 1280, height: 800 },
  timeout: 30_000,
  async seed() {
    const connection = await api('connections.create', {
      ...testPg(),
      name: 'local pg',
      environment: 'test',
    });
    for (const ws of [USED, FREE]) {
      await api('workspaces.create', { name: ws, connection_id: connection.id });
      await api('workspaces.query', {
        id: ws,
        query: 'CREATE TABLE bpq_items (id integer PRIMARY KEY)',
      });
      await api('workspaces.deploy', { id: ws });
    }
    await api('tenants.create', { tenant_id: TENANT, databases: [{ blueprint: USED }] });
  },
  async teardown() {
    await api('tenants.delete', { id: TENANT, hard: true, confirm: TENANT }).catch(() => undefined);
    for (const ws of [USED, FREE])
      await api('workspaces.delete', { id: ws }).catch(() => undefined);
  },
  async cleanup() {
    await dropLeftovers(`bpq\\_%${SUFFIX}%`, {
      pg: [tenantRole(tenantDatabase(USED, TENANT))],
      mysql: [],
    });
  },
});
const { api } = app;
let page: Page;
let ui: TenantsPage;

beforeEach(async () => {
  page = app.page;
  ui = new TenantsPage(page);
  await ui.open(app.server.url);
});

describe('Workspace console and blueprints', () => {
  it('runs several statements in one go and shows each result', async () => {
    await page
      .getByRole('button', { name: new RegExp(FREE) })
      .first()
      .click();
    await ui.workspaceView(FREE).waitFor();
    await ui.runInConsole(
      "INSERT INTO bpq_items VALUES (1), (2); CREATE TABLE bpq_more (id integer); SELECT id, 'x' AS tag FROM bpq_items ORDER BY id",
    );
    const outcome = ui.queryOutcome;
    const third = outcome.getByRole('region', { name: 'Statement 3 of 3', exact: true });
    await third.waitFor();
    expect(
      await outcome.getByRole('region', { name: 'Statement 1 of 3', exact: true }).textContent(),
    ).toContain('2 rows affected');
    expect(
      await outcome.getByRole('region', { name: 'Statement 2 of 3', exact: true }).textContent(),
    ).toMatch(/Recorded as pending change #\d+ \(CREATE TABLE\)/);
    const grid = third.getByRole('table', { name: 'Results of statement 3 of 3' });
    expect(await grid.getByRole('row').count()).toBe(3);
    await ui.shoot(ARTIFACTS, 'tenants-console-script');

    // A failing statement is named, with how many ran before it.
    await ui.runInConsole('INSERT INTO bpq_items VALUES (3); SELECT nope FROM bpq_items');
    await outcome
      .getByRole('alert')
      .filter({ hasText: /^Statement 2 of 2 failed \(the one before it ran\)/ })
      .waitFor();
  }, 120_000);

  it('deletes a blueprint no tenant uses after the confirmation, and says why a used one cannot go', async () => {
    await ui.tab('Blueprints');
    await page.getByRole('button', { name: new RegExp(USED) }).click();
    const view = page.getByTestId('blueprint-view');
    const del = view.getByRole('button', { name: 'Delete blueprint' });
    await del.waitFor();
    expect(await del.isDisabled()).toBe(true);
    expect(await view.getByText(/^Used by 1 tenant; delete it for good/).count()).toBe(1);

    await page.getByRole('button', { name: new RegExp(FREE) }).click();
    await view.getByRole('heading', { name: new RegExp(FREE) }).waitFor();
    await del.and(page.locator(':enabled')).click();
    const said = await ui.confirm(`Delete blueprint ${FREE}?`, 'Delete blueprint');
    expect(said).toBe(`Deletes 1 version of ${FREE} and its deployment history.`);
    await page.getByRole('button', { name: new RegExp(FREE) }).waitFor({ state: 'detached' });
    const left = await api('blueprints.list', {});
    expect(left.blueprints.map((b) => b.name)).toContain(USED);
    expect(left.blueprints.map((b) => b.name)).not.toContain(FREE);
    await ui.shoot(ARTIFACTS, 'tenants-blueprint-deleted');
  }, 120_000);
});
