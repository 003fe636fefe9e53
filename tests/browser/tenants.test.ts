// End to end: the Tenants screen in headless Chromium over the real headless server and core, on
// the machine's PostgreSQL at 127.0.0.1:5432 — a workspace from a template, blueprint 1.0, two
// tenants provisioned and ready, DDL in the console deployed as 1.1 and rolled out to both, and
// a query across them. Everything it creates on the server starts with `bpe_` and is dropped.
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { tenantDatabase, tenantRole } from '../../main/core/tenants/names';
import { testMysql, testPg } from '../support/test-databases';
import { ARTIFACTS, useBrowserApp } from './harness';
import { TenantsPage } from './pages/tenants-page';
import { dropLeftovers, pgDatabases, pgRun, pgSessionAs } from './pages/tenants-servers';

const SUFFIX = randomBytes(3).toString('hex');
const WORKSPACE = `bpe_ws_${SUFFIX}`;
const TENANTS = [`bpe_acme_${SUFFIX}`, `bpe_globex_${SUFFIX}`];
/** The second test's own workspace and tenant, so it does not lean on the first. */
const SHOP = `bpe_shop_${SUFFIX}`;
const LIFE = `bpe_life_${SUFFIX}`;
/** The MariaDB test's workspace and tenant. */
const MY_WS = `bpe_my_${SUFFIX}`;
const MY_TENANT = `bpe_mt_${SUFFIX}`;
const CONNECTION_LABEL = 'local pg (PostgreSQL, test)';

let connectionId: string;

/** Databases of this run still on the PostgreSQL server (dev, check and tenant databases alike). */
const leftoverDatabases = () => pgDatabases(`bpe\\_%${SUFFIX}%`);

const app = useBrowserApp({
  name: 'tenants',
  viewport: { width: 1360, height: 960 },
  timeout: 30_000,
  async seed() {
    const created = await api('connections.create', {
      ...testPg(),
      name: 'local pg',
      environment: 'test',
    });
    connectionId = created.id;
    // A second server connection (the same local PostgreSQL here) for an isolation level 2 tenant.
    await api('connections.create', {
      ...testPg(),
      database: 'postgres',
      name: 'dedicated pg',
      environment: 'test',
    });
    await api('connections.create', { ...testMysql(), name: 'local mariadb', environment: 'test' });
  },
  async teardown() {
    // The app's own way out first: hard delete drops each tenant's database and role.
    for (const id of [...TENANTS, LIFE, MY_TENANT])
      await api('tenants.delete', { id, hard: true, confirm: id }).catch(() => undefined);
    for (const id of [WORKSPACE, SHOP, MY_WS])
      await api('workspaces.delete', { id }).catch(() => undefined);
  },
  async cleanup() {
    // Whatever a failed run left behind goes too, so the shared servers stay clean.
    await dropLeftovers(`bpe\\_%${SUFFIX}%`, {
      pg: [...TENANTS.map((t) => tenantDatabase(WORKSPACE, t)), tenantDatabase(SHOP, LIFE)].map(
        tenantRole,
      ),
      mysql: [tenantRole(tenantDatabase(MY_WS, MY_TENANT))],
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

const shoot = (name: string) => ui.shoot(ARTIFACTS, name);

/** The long flows create and migrate real databases; on a busy 2-core machine that takes a while. */
const LONG_FLOW_MS = 180_000;

describe('Tenants screen', () => {
  it(
    'builds a workspace from a template, deploys it, provisions two tenants and rolls out 1.1',
    async () => {
      const [acme, globex] = TENANTS as [string, string];

      // A workspace from the fintech template: its tables in the tree, their DDL pending.
      await ui.createWorkspace(WORKSPACE, CONNECTION_LABEL, 'Fintech template');
      const view = ui.workspaceView(WORKSPACE);
      await view.waitFor({ timeout: 60_000 });
      const schema = (await api('workspaces.schema', { id: WORKSPACE })) as {
        tables: { name: string }[];
      };
      expect(schema.tables.length).toBeGreaterThanOrEqual(4);
      await expect.poll(() => ui.schemaTables(WORKSPACE).count()).toBe(schema.tables.length);
      for (const t of schema.tables)
        await view.getByText(t.name, { exact: true }).first().waitFor();
      const fromTemplate = await ui.pendingChanges.count();
      expect(fromTemplate).toBeGreaterThan(0);
      expect(await leftoverDatabases()).toContain(`${WORKSPACE}_dev`);

      // DDL typed in the console joins the queue; a SELECT answers in the grid.
      await ui.runInConsole('CREATE TABLE bpe_notes (id integer PRIMARY KEY, body text NOT NULL)');
      await ui.queryOutcome.getByText(/Recorded as pending change #\d+ \(CREATE TABLE\)/).waitFor();
      await ui.pendingChanges.filter({ hasText: 'bpe_notes' }).waitFor();
      expect(await ui.pendingChanges.count()).toBe(fromTemplate + 1);
      await ui.runInConsole("SELECT 'hello' AS greeting, NULL AS nothing");
      const grid = ui.queryOutcome.getByRole('table', { name: 'Query results' });
      await grid.getByText('hello').waitFor();
      expect(await grid.getByText('NULL').count()).toBe(1);
      await shoot('tenants-workspace');

      // Deploy: asked first, with the number of changes; then blueprint 1.0, nothing left pending.
      const deploySays = await ui.deploy('1.0');
      expect(deploySays).toBe(
        `Deploy ${fromTemplate + 1} pending changes as ${WORKSPACE} 1.0: they become a blueprint version that cannot be taken back.`,
      );
      await ui.deployMessage.waitFor({ timeout: 60_000 });
      await view.getByText('Nothing to deploy').waitFor();
      expect(await ui.pendingChanges.count()).toBe(0);
      await ui.deployButton('1.1').and(page.locator(':disabled')).waitFor();

      // The workspace's settings: the defaults its deployments and query log start from.
      const settings = view.getByRole('form', { name: 'Workspace settings' });
      await settings.getByLabel('Deployment parallelism').fill('3');
      await settings.getByLabel('Slow query threshold (ms)').fill('250');
      await settings.getByRole('button', { name: 'Save settings' }).click();
      await settings.getByText('Settings saved.').waitFor();
      expect(await api('workspaces.settings', { id: WORKSPACE })).toMatchObject({
        default_parallelism: 3,
        slow_query_ms: 250,
        default_isolation_level: 1,
        deploy_gate: null,
      });

      // Two tenants from it, each ready in the table at 1.0 with its own database.
      await ui.tab('Tenants');
      for (const id of TENANTS) {
        await ui.createTenant(id);
        await ui.waitForTenantStatus(id, 'ready');
        const row = ui.tenantRow(id);
        expect(await row.getByRole('cell').nth(1).textContent()).toBe(`${WORKSPACE} 1.0`);
        expect(await row.getByText('Level 1 · shared server').count()).toBe(1);
        await row.getByText(`/${tenantDatabase(WORKSPACE, id)}`).waitFor();
      }
      expect(await ui.tenantsTable.locator('tbody tr').count()).toBe(2);
      for (const id of TENANTS)
        expect(await leftoverDatabases()).toContain(tenantDatabase(WORKSPACE, id));
      await shoot('tenants-ready');

      // Data that 1.1 cannot live with, in one tenant only: its unique index will fail there.
      const inAcme = (sql: string) => pgRun(tenantDatabase(WORKSPACE, acme), sql);
      await inAcme("INSERT INTO bpe_notes VALUES (1, 'twice'), (2, 'twice')");

      // 1.1: a unique index, made in the console and deployed.
      await ui.tab('Workspaces');
      await view.waitFor();
      await ui.runInConsole('CREATE UNIQUE INDEX bpe_notes_body ON bpe_notes (body)');
      await ui.pendingChanges.filter({ hasText: 'bpe_notes_body' }).waitFor();
      await ui.deployButton('1.1').click();
      const deploy11 = ui.confirmation('Deploy as 1.1?');
      await deploy11.getByText(`The 2 tenants of ${WORKSPACE} stay at their version`).waitFor();
      await shoot('confirm-deploy-version');
      await ui.confirm('Deploy as 1.1?', 'Create version 1.1');
      await ui.deployMessage.waitFor({ timeout: 60_000 });
      await view.getByText('Nothing to deploy').waitFor();

      // The blueprint: both versions, each with its migration; both tenants still at 1.0.
      await ui.tab('Blueprints');
      await page
        .getByRole('button', {
          name: new RegExp(
            `^${WORKSPACE}\\s*1\\.1\\s*PostgreSQL · deployed to ${acme}, ${globex}$`,
          ),
        })
        .click();
      const versions = page.getByRole('list', { name: 'Versions' }).getByRole('listitem');
      await expect.poll(() => versions.count()).toBe(2);
      await versions.first().getByText(`tenants at it: none`).waitFor();
      expect(await versions.first().locator('pre').textContent()).toContain('bpe_notes_body');
      await versions.nth(1).getByText(`tenants at it: ${acme}, ${globex}`).waitFor();
      await page.getByRole('heading', { name: 'Schema at 1.1' }).waitFor();
      await page.getByRole('button', { name: 'Show the schema of 1.0' }).click();
      await page.getByRole('heading', { name: 'Schema at 1.0' }).waitFor();
      await page
        .getByRole('list', { name: `Schema of ${WORKSPACE} 1.0` })
        .getByText('bpe_notes', { exact: true })
        .waitFor();
      await shoot('tenants-blueprint');

      // Roll 1.1 out to every tenant: globex completes, acme fails and says why.
      await ui.tab('Deployments');
      await ui.deploymentForm.getByLabel(/All tenants of the blueprint \(2\)/).check();
      await ui.deploymentForm.getByLabel('Parallelism').fill('2');
      await ui.deploymentForm.getByRole('button', { name: 'Start deployment' }).click();
      expect(await ui.confirm('Start this deployment?', 'Start deployment')).toBe(
        `Migrate 2 tenant databases of ${WORKSPACE} to 1.1, 2 at a time: a failure does not stop the others.`,
      );
      await ui.job.waitFor();
      await ui.waitForJobStatus('failed');
      expect(await ui.job.getByTestId('job-progress').textContent()).toBe(
        '100% · 2 of 2 done · 1 failed',
      );
      await ui.jobOutcome(globex).getByText('Completed', { exact: true }).waitFor();
      await ui.jobOutcome(acme).getByText('Failed', { exact: true }).waitFor();
      expect(await ui.jobOutcome(acme).textContent()).toMatch(/bpe_notes_body|unique|duplicate/i);
      await shoot('tenants-deployment-failed');

      // Fixed in the tenant's data, retried from the screen: both at 1.1.
      await inAcme('DELETE FROM bpe_notes WHERE id = 2');
      await ui.job.getByRole('button', { name: 'Retry failed' }).click();
      expect(await ui.confirm('Retry the failed tenants?', 'Retry failed')).toBe(
        `Migrate 1 tenant database of ${WORKSPACE} to 1.1 again, on their servers.`,
      );
      await ui.waitForJobStatus('completed');
      expect(await ui.job.getByTestId('job-progress').textContent()).toBe('100% · 2 of 2 done');
      const bar = ui.job.getByRole('progressbar', { name: 'Deployment progress' });
      expect(await bar.getAttribute('value')).toBe('1');
      for (const id of TENANTS)
        await ui.jobOutcome(id).getByText('Completed', { exact: true }).waitFor();
      expect(await ui.job.getByRole('button', { name: 'Retry failed' }).count()).toBe(0);
      await shoot('tenants-deployment');

      // The table shows both at 1.1 now.
      await ui.tab('Tenants');
      for (const id of TENANTS)
        await expect
          .poll(() => ui.tenantRow(id).getByRole('cell').nth(1).textContent())
          .toBe(`${WORKSPACE} 1.1`);

      // A query across both tenants: one row each, labelled with its tenant.
      await ui.tab('Admin query');
      await ui.adminForm.getByLabel('SQL').fill('SELECT count(*) AS notes FROM bpe_notes');
      await ui.adminForm.getByLabel('SQL').press('Control+Enter');
      await ui.adminResults.waitFor();
      const rows = ui.adminResults.locator('tbody tr');
      expect(await rows.count()).toBe(2);
      expect(await rows.filter({ hasText: acme }).locator('td').nth(1).textContent()).toBe('1');
      expect(await rows.filter({ hasText: globex }).locator('td').nth(1).textContent()).toBe('0');
      expect(await page.getByTestId('admin-outcome-line').textContent()).toBe(
        '2 rows from 2 of 2 tenants',
      );
      await shoot('tenants-admin');

      // A write asks first, naming how many tenants it reaches, then says what changed in each.
      await ui.adminForm.getByLabel('Allow writes', { exact: false }).check();
      await ui.adminForm.getByLabel('SQL').fill("UPDATE bpe_notes SET body = body || '!'");
      await ui.adminForm.getByRole('button', { name: 'Run' }).click();
      expect(await ui.confirm('Run with writes on 2 tenants?', 'Run with writes')).toBe(
        `This statement may change data or schema in 2 tenant databases (every tenant of ${WORKSPACE}), each as the tenant's own role.`,
      );
      await page
        .getByTestId('admin-outcome-line')
        .filter({ hasText: '1 row changed in 2 of 2 tenants' })
        .waitFor();
      const perTenant = page.getByRole('list', { name: 'Rows changed per tenant' });
      await perTenant.getByText('1 row changed').waitFor();
      await perTenant.getByText('0 rows changed').waitFor();
      await shoot('tenants-admin-write');
    },
    LONG_FLOW_MS,
  );

  it(
    'skips and reverts pending changes, shows drift, truncation and errors, and takes a level 2 tenant through its life',
    async () => {
      // Set up through the API, as a script would: a workspace from a template, at 1.0.
      await api('workspaces.create', { name: SHOP, connection_id: connectionId });
      await api('workspaces.importSchema', { id: SHOP, source: 'template', template: 'ecommerce' });
      await api('workspaces.deploy', { id: SHOP });
      await ui.open(app.server.url);

      // A tenant of it on a dedicated server (isolation level 2), through the dialog.
      await ui.tab('Tenants');
      await ui.createTenant(LIFE, {
        blueprint: `${SHOP} 1.0 (PostgreSQL)`,
        dedicated: 'dedicated pg (127.0.0.1:5432)',
      });
      await ui.waitForTenantStatus(LIFE, 'ready');
      await ui.tenantRow(LIFE).getByText('Level 2 · dedicated server').waitFor();
      const got = (await api('tenants.get', { id: LIFE })) as {
        databases: { isolation_level: number; connection: { connection_string: string } }[];
      };
      expect(got.databases[0]?.isolation_level).toBe(2);

      // Its connection string goes to the clipboard as is, without a password.
      await app.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
        origin: new URL(app.server.url).origin,
      });
      await ui
        .tenantRow(LIFE)
        .getByRole('button', { name: `Copy the connection string of ${LIFE} (${SHOP})` })
        .click();
      await ui.tenantRow(LIFE).getByText('Copied').waitFor();
      const copied = await ui.clipboardText();
      expect(copied).toBe(got.databases[0]?.connection.connection_string);
      expect(copied).toMatch(/^postgresql:\/\/tdb_[0-9a-f]+@127\.0\.0\.1:5432\//);

      await ui.tab('Workspaces');
      const openShop = page.getByRole('button', {
        name: new RegExp(`^${SHOP}\\s*1\\.0\\s*PostgreSQL · `),
      });
      await openShop.click();
      const view = ui.workspaceView(SHOP);
      await view.waitFor();

      // The console: rows cut at the cap say so; a failing statement shows the server's words.
      await ui.runInConsole('SELECT generate_series(1, 1200) AS n');
      await ui.queryOutcome.getByText('Truncated: only the first 1,000 rows are shown').waitFor();
      expect(
        await ui.queryOutcome
          .getByRole('table', { name: 'Query results' })
          .locator('tbody tr')
          .count(),
      ).toBe(1000);
      await ui.runInConsole('SELECT * FROM bpe_missing_table');
      await ui.queryOutcome.getByRole('alert').filter({ hasText: 'bpe_missing_table' }).waitFor();

      // Three changes: one skipped, one reverted (its table goes), one without an inverse.
      await ui.runInConsole('CREATE TABLE bpe_skipped (id integer PRIMARY KEY)');
      await ui.pendingChanges.filter({ hasText: 'bpe_skipped' }).waitFor();
      await ui.runInConsole('CREATE TABLE bpe_reverted (id integer PRIMARY KEY)');
      await ui.pendingChanges.filter({ hasText: 'bpe_reverted' }).waitFor();
      await ui.runInConsole('DROP TABLE bpe_skipped');
      const drop = ui.pendingChanges.filter({ hasText: 'DROP TABLE bpe_skipped' });
      await drop.waitFor();
      await view.getByText('3 pending changes to deploy.').waitFor();

      // Skipped and reverted changes leave the queue; the core's message says what happened.
      const skipped = ui.pendingChanges.filter({ hasText: 'CREATE TABLE bpe_skipped' });
      await skipped.getByRole('button', { name: /^Skip change/ }).click();
      await skipped.waitFor({ state: 'detached' });
      await view.getByRole('status').filter({ hasText: 'left out of the next deploy' }).waitFor();
      await view.getByText('2 pending changes to deploy.').waitFor();

      const reverted = ui.pendingChanges.filter({ hasText: 'CREATE TABLE bpe_reverted' });
      expect(await ui.schemaTables(SHOP).filter({ hasText: 'bpe_reverted' }).count()).toBe(1);
      await reverted.getByRole('button', { name: /^Revert change/ }).click();
      const confirm = page.getByRole('alertdialog', { name: 'Revert this change?' });
      await confirm
        .getByText(/DROP TABLE/)
        .first()
        .waitFor();
      await confirm.getByRole('button', { name: 'Revert change' }).click();
      await confirm.waitFor({ state: 'detached' });
      await reverted.waitFor({ state: 'detached' });
      await view.getByRole('status').filter({ hasText: 'was reverted with: DROP TABLE' }).waitFor();
      await view.getByText('1 pending change to deploy.').waitFor();
      await expect
        .poll(() => ui.schemaTables(SHOP).filter({ hasText: 'bpe_reverted' }).count())
        .toBe(0);

      await drop.getByRole('button', { name: /^Revert change/ }).click();
      await confirm.getByText('DROP TABLE cannot be reverted', { exact: false }).waitFor();
      await confirm.getByRole('button', { name: 'Revert change' }).click();
      await confirm.getByRole('alert').filter({ hasText: 'no automatic inverse' }).waitFor();
      await shoot('tenants-revert-refused');
      await page.keyboard.press('Escape');
      await confirm.waitFor({ state: 'detached' });

      // A table made behind Benchphant's back shows as drift when the workspace is read again.
      await pgRun(`${SHOP}_dev`, 'CREATE TABLE bpe_outside (id integer)');
      await openShop.click();
      await page.getByTestId('drift').filter({ hasText: 'bpe_outside' }).waitFor();
      await shoot('tenants-drift');

      // Admin query: a write without "Allow writes" is refused, with the reason.
      await ui.tab('Admin query');
      await ui.adminForm
        .getByLabel('Blueprint', { exact: true })
        .selectOption({ label: `${SHOP} (1 tenant)` });
      await ui.adminForm.getByLabel('SQL').fill('CREATE TABLE bpe_written (id integer)');
      await ui.adminForm.getByRole('button', { name: 'Run' }).click();
      await page
        .getByTestId('admin-outcome')
        .getByRole('alert')
        .filter({ hasText: 'tick Allow writes' })
        .waitFor();
      expect(await page.getByTestId('admin-outcome').textContent()).not.toContain('allow_writes');

      // The tenant's life: reveal, suspend, resume, soft delete, restore, hard delete.
      await ui.tab('Tenants');
      await ui.waitForTenantStatus(LIFE, 'ready');
      const row = ui.tenantRow(LIFE);
      await ui.rowAction(LIFE, `Reveal password of ${LIFE} (${SHOP})`);
      const secret = (await api('tenants.reveal', { id: LIFE, blueprint: SHOP })) as {
        user: string;
        password: string;
      };
      expect(await row.getByTestId('revealed-password').textContent()).toBe(secret.password);
      await row.getByRole('button', { name: 'Hide' }).click();
      expect(await row.getByTestId('revealed-password').count()).toBe(0);

      // Suspend asks first: the open session it ends and the database whose logins it blocks.
      const session = await pgSessionAs(tenantDatabase(SHOP, LIFE), secret.user, secret.password);
      await ui.rowAction(LIFE, `Suspend ${LIFE}`);
      await ui.confirmation(`Suspend ${LIFE}?`).getByText('ends 1 session').waitFor();
      await shoot('confirm-suspend');
      expect(await ui.confirm(`Suspend ${LIFE}?`, 'Suspend')).toBe(
        `Suspend ${LIFE}: ends 1 session, blocks logins to 1 database.`,
      );
      await ui.waitForTenantStatus(LIFE, 'suspended');
      await session.end().catch(() => undefined);
      await ui.rowAction(LIFE, `Resume ${LIFE}`);
      await ui.waitForTenantStatus(LIFE, 'ready');
      // Cancel keeps everything as it was; Delete then asks again and goes through.
      await ui.rowAction(LIFE, `Delete ${LIFE}`);
      await ui.confirmation(`Delete ${LIFE}?`).getByRole('button', { name: 'Cancel' }).click();
      await ui.confirmation(`Delete ${LIFE}?`).waitFor({ state: 'detached' });
      await ui.waitForTenantStatus(LIFE, 'ready');
      await ui.rowAction(LIFE, `Delete ${LIFE}`);
      expect(await ui.confirm(`Delete ${LIFE}?`, 'Delete')).toBe(
        `Delete ${LIFE}: ends no session (none open), blocks logins to 1 database.`,
      );
      await ui.waitForTenantStatus(LIFE, 'deleted');
      await row.getByRole('button', { name: `Actions for ${LIFE}` }).click();
      expect(await row.getByRole('menuitem', { name: `Suspend ${LIFE}` }).count()).toBe(0);
      await row.getByRole('menuitem', { name: `Restore ${LIFE}` }).click();
      await ui.waitForTenantStatus(LIFE, 'ready');

      await ui.rowAction(LIFE, `Delete for good: ${LIFE}`);
      const hard = page.getByRole('alertdialog', { name: `Delete tenant '${LIFE}' for good?` });
      await hard.getByLabel(`Type ‘${LIFE}’ to confirm`).fill(LIFE.slice(0, -1));
      await hard.getByRole('button', { name: 'Delete for good' }).click();
      await hard.getByRole('alert').filter({ hasText: 'exactly' }).waitFor();
      expect(await leftoverDatabases()).toContain(tenantDatabase(SHOP, LIFE));
      await shoot('tenants-hard-delete');
      await hard.getByLabel(`Type ‘${LIFE}’ to confirm`).fill(LIFE);
      await hard.getByRole('button', { name: 'Delete for good' }).click();
      await hard.waitFor({ state: 'detached', timeout: 60_000 });
      await row.waitFor({ state: 'detached' });
      expect(await leftoverDatabases()).not.toContain(tenantDatabase(SHOP, LIFE));
    },
    LONG_FLOW_MS,
  );

  it('does the same on MariaDB: a workspace from a template, 1.0, a tenant ready, a query', async () => {
    await ui.createWorkspace(MY_WS, 'local mariadb (MySQL/MariaDB, test)', 'E-commerce template');
    const view = ui.workspaceView(MY_WS);
    await view.waitFor({ timeout: 60_000 });
    await view.getByText(`MySQL · ${MY_WS}_dev on 127.0.0.1:3306`, { exact: false }).waitFor();
    expect(await ui.schemaTables(MY_WS).count()).toBeGreaterThanOrEqual(4);
    await ui.deploy('1.0');
    await ui.deployMessage.waitFor({ timeout: 60_000 });

    await ui.tab('Tenants');
    await ui.createTenant(MY_TENANT, { blueprint: `${MY_WS} 1.0 (MySQL)` });
    await ui.waitForTenantStatus(MY_TENANT, 'ready');
    const row = ui.tenantRow(MY_TENANT);
    expect(await row.getByRole('cell').nth(1).textContent()).toBe(`${MY_WS} 1.0`);
    await row.getByText(/^mysql:\/\/tdb_[0-9a-f]+@127\.0\.0\.1:3306\//).waitFor();
    await shoot('tenants-mariadb');

    await ui.tab('Admin query');
    await ui.adminForm.getByLabel('One tenant').check();
    await ui.adminForm.getByLabel('Tenant', { exact: true }).selectOption({ label: MY_TENANT });
    await ui.adminForm
      .getByLabel('SQL')
      .fill(
        'SELECT COUNT(*) AS tables_here FROM information_schema.tables WHERE table_schema = DATABASE()',
      );
    await ui.adminForm.getByRole('button', { name: 'Run' }).click();
    const result = ui.adminResults.locator('tbody tr');
    await result.first().waitFor();
    expect(await result.count()).toBe(1);
    expect(await result.locator('td').first().textContent()).toBe(MY_TENANT);
    const tables = Number(await result.locator('td').nth(1).textContent());
    // The template's tables plus the table recording applied versions.
    expect(tables).toBeGreaterThanOrEqual(5);
  });
});
