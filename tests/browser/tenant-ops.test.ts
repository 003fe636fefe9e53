// End to end: a tenant's operations in headless Chromium over the real headless server and core,
// on the machine's PostgreSQL — a tenant with rows (set up through the API), backed up from its
// details panel, its rows changed through the API, restored from the panel after the
// confirmation, the earlier rows back (read through the API), and its query log paged and
// filtered; the import wizard from analysis to verification, and a failed import resumed; a
// dedicated tenant's catalog metrics. Everything it creates on the server starts with `bpo_` and
// is dropped.
import { randomBytes } from 'node:crypto';
import type { Locator, Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { tenantDatabase, tenantRole } from '../../main/core/tenants/names';
import { testPg } from '../support/test-databases';
import { ARTIFACTS, useBrowserApp } from './harness';
import { TenantsPage } from './pages/tenants-page';
import { dropLeftovers, pgRun } from './pages/tenants-servers';

const SUFFIX = randomBytes(3).toString('hex');
const WORKSPACE = `bpo_ws_${SUFFIX}`;
const TENANT = `bpo_acme_${SUFFIX}`;
/** The import test's shared source database and the tenants found in it. */
const SOURCE = `bpo_src_${SUFFIX}`;
const IMPORTED = [`bpo_t1_${SUFFIX}`, `bpo_t2_${SUFFIX}`];
/** The resumed import's source, and its tenant whose second row the blueprint refuses at first. */
const SOURCE_2 = `bpo_srctwo_${SUFFIX}`;
const RESUMED = `bpo_t3_${SUFFIX}`;
/** The predicted failure's source (a table the blueprint lacks) and its tenant. */
const SOURCE_3 = `bpo_srcthree_${SUFFIX}`;
const PLANNED = `bpo_t4_${SUFFIX}`;
/** A dedicated (level 2) tenant, for the catalog metrics. */
const DEDICATED = `bpo_own_${SUFFIX}`;

let connectionId: string;

const app = useBrowserApp({
  name: 'tenant-ops',
  viewport: { width: 1360, height: 960 },
  timeout: 30_000,
  async seed() {
    const connection = await api('connections.create', {
      ...testPg(),
      name: 'local pg',
      environment: 'test',
    });
    // A blueprint with one table, a tenant of it, and three notes in its database.
    connectionId = connection.id;
    await api('workspaces.create', { name: WORKSPACE, connection_id: connection.id });
    await api('workspaces.query', {
      id: WORKSPACE,
      query: 'CREATE TABLE bpo_notes (id integer PRIMARY KEY, body text NOT NULL)',
    });
    await api('workspaces.deploy', { id: WORKSPACE });
    await api('tenants.create', { tenant_id: TENANT, databases: [{ blueprint: WORKSPACE }] });
    await api('admin.query', {
      tenant_id: TENANT,
      query: "INSERT INTO bpo_notes VALUES (1, 'alpha'), (2, 'beta'), (3, 'gamma')",
      allow_writes: true,
    });
  },
  async teardown() {
    for (const id of [TENANT, ...IMPORTED, RESUMED, PLANNED, DEDICATED])
      await api('tenants.delete', { id, hard: true, confirm: id }).catch(() => undefined);
    await api('workspaces.delete', { id: WORKSPACE }).catch(() => undefined);
  },
  async cleanup() {
    await dropLeftovers(`bpo\\_%${SUFFIX}%`, {
      pg: [TENANT, ...IMPORTED, RESUMED, PLANNED, DEDICATED].map((t) =>
        tenantRole(tenantDatabase(WORKSPACE, t)),
      ),
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

/** A tenant's notes, through the admin query API, in id order. */
async function notesOf(id: string) {
  const r = await api('admin.query', {
    tenant_id: id,
    query: 'SELECT id, body FROM bpo_notes ORDER BY id',
  });
  return r.rows;
}

/** Through the wizard from the Tenants tab to the analysis of a source database. */
async function analyseInWizard(database: string) {
  await ui.tab('Tenants');
  await page.getByRole('button', { name: 'Import from a shared database' }).click();
  const wizard = page.getByRole('dialog', { name: 'Import from a shared database' });
  const source = wizard.getByRole('form', { name: 'Import source' });
  await source.getByLabel('Into workspace').selectOption(WORKSPACE);
  await source.getByLabel('Connection', { exact: true }).selectOption({
    label: 'local pg (PostgreSQL, test)',
  });
  await source.getByLabel('Database').fill(database);
  await source.getByRole('button', { name: 'Analyse' }).click();
  await wizard.getByRole('table', { name: 'Tenants found' }).waitFor();
  return wizard;
}

/** From the analysis: routing column left out, missing tenants created, started. */
async function startFromAnalysis(wizard: Locator) {
  await wizard.getByRole('button', { name: 'Next: options' }).click();
  await wizard.getByLabel('Leave the routing column out of the tenants’ tables').check();
  await wizard.getByLabel('Create missing tenants from the workspace’s blueprint').check();
  await wizard.getByRole('button', { name: 'Start import' }).click();
}

/** The tenant's notes, through the admin query API, in id order. */
async function notes(): Promise<string[]> {
  const r = await api('admin.query', {
    tenant_id: TENANT,
    query: 'SELECT body FROM bpo_notes ORDER BY id',
  });
  return r.rows.map((row) => String(row.body));
}

describe('Tenant operations', () => {
  it('backs a tenant up, restores it from the details panel, and shows its query log', async () => {
    await ui.tab('Tenants');
    await ui.waitForTenantStatus(TENANT, 'ready');
    await ui
      .tenantRow(TENANT)
      .getByRole('button', { name: `Details of ${TENANT}` })
      .click();
    const details = page.getByRole('dialog', { name: `Tenant ${TENANT}` });
    await details.getByRole('group', { name: 'Queries this week' }).waitFor();
    await details.getByText('No backups of this tenant yet.').waitFor();

    // Back up now: one backup of its one database, its rows per table listed.
    await details.getByRole('button', { name: 'Back up now' }).click();
    await details.getByTestId('backup-outcome').getByText('Backed up 1 database.').waitFor({
      timeout: 60_000,
    });
    const backups = details.getByRole('table', { name: 'Backups' });
    const row = backups.locator('tbody tr');
    await expect.poll(() => row.count()).toBe(1);
    await row.getByText('bpo_notes 3').waitFor();
    const listed = await api('tenants.backups', { id: TENANT });
    expect(listed.count).toBe(1);
    expect(listed.backups[0]?.rows).toMatchObject({ bpo_notes: 3 });

    // The data changes behind the panel's back.
    for (const query of [
      'DELETE FROM bpo_notes WHERE id > 1',
      "UPDATE bpo_notes SET body = 'changed'",
    ])
      await api('admin.query', { tenant_id: TENANT, query, allow_writes: true });
    expect(await notes()).toEqual(['changed']);

    // Restore: the confirmation names what it replaces; Cancel has the focus.
    await row.getByRole('button', { name: /^Restore the backup of / }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Restore this backup?' });
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain(tenantDatabase(WORKSPACE, TENANT));
    expect(await confirm.textContent()).toContain('bpo_notes 3');
    await ui.shoot(ARTIFACTS, 'tenant-ops-restore-confirm');
    await confirm.getByRole('button', { name: 'Restore' }).click();
    await confirm.waitFor({ state: 'detached' });
    await details
      .getByTestId('backup-outcome')
      .getByText(`Restored 1 database of tenant '${TENANT}'`)
      .waitFor({ timeout: 60_000 });
    expect(await notes()).toEqual(['alpha', 'beta', 'gamma']);

    // The query log: the statements just run, newest first, 50 a page; one failing statement.
    for (let i = 0; i < 20; i += 1)
      await api('admin.query', { tenant_id: TENANT, query: `SELECT ${i} AS n` });
    const failed = await api('admin.query', {
      tenant_id: TENANT,
      query: 'SELECT * FROM bpo_nothing',
    });
    expect(failed.errors).toHaveLength(1);
    const log = details.getByRole('table', { name: 'Query log' });
    const entries = log.locator('tbody tr');
    await details.getByLabel('Since').selectOption('1h');
    await log.getByText('SELECT * FROM bpo_nothing').waitFor();
    await expect.poll(() => entries.count()).toBe(50);
    await details.getByRole('button', { name: 'Load more' }).click();
    await log
      .getByText(/DELETE FROM bpo_notes WHERE id > 1/)
      .first()
      .waitFor();
    await log.getByText('SELECT body FROM bpo_notes ORDER BY id').first().waitFor();
    const all = await api('tenants.logs', { id: TENANT, since: '1h', limit: 1000 });
    await expect.poll(() => entries.count()).toBe(Math.min(all.count, 100));
    await ui.shoot(ARTIFACTS, 'tenant-ops-details');
    await details.getByLabel('Show').selectOption('error');
    await expect.poll(() => entries.count()).toBe(1);
    expect(await entries.textContent()).toContain('bpo_nothing');

    // The slow threshold saves and reads back through the API.
    await details.getByLabel('Slow threshold (ms)').fill('250');
    await details.getByRole('button', { name: 'Save' }).click();
    await details.getByText('Statements taking 250 ms or more are logged as slow.').waitFor();
    expect((await api('tenantLogs.settings', {})).slow_query_ms).toBe(250);
  }, 240_000);

  it('imports a shared database through the wizard and shows the verification', async () => {
    const [t1, t2] = IMPORTED as [string, string];
    await pgRun('postgres', `CREATE DATABASE ${SOURCE}`);
    await pgRun(
      SOURCE,
      `CREATE TABLE bpo_notes (tenant_id varchar(40) NOT NULL, id integer NOT NULL, body text NOT NULL,
         PRIMARY KEY (tenant_id, id));
       INSERT INTO bpo_notes VALUES ('${t1}', 1, 'one'), ('${t1}', 2, 'two'), ('${t2}', 1, 'uno')`,
    );

    // The analysis: the table splits by tenant, two tenants found, neither exists yet.
    const wizard = await analyseInWizard(SOURCE);
    const found = wizard.getByRole('table', { name: 'Tenants found' });
    for (const [id, rows] of [
      [t1, '2'],
      [t2, '1'],
    ] as const)
      expect(await found.getByRole('row', { name: new RegExp(id) }).textContent()).toContain(rows);
    await wizard
      .getByRole('table', { name: 'Source tables' })
      .getByText('split by tenant')
      .waitFor();

    await startFromAnalysis(wizard);

    // Progress per tenant, then the verification: source rows against target rows.
    const verification = wizard.getByRole('table', { name: 'Verification' });
    await verification.waitFor({ timeout: 120_000 });
    await wizard.getByText(/^Verified: every table of every tenant/).waitFor();
    expect(await verification.getByText('✓ match').count()).toBeGreaterThanOrEqual(2);
    expect(await verification.getByText('✗ differs').count()).toBe(0);
    await ui.shoot(ARTIFACTS, 'tenant-ops-import');

    expect(await notesOf(t1)).toEqual([
      { tenant_id: t1, id: 1, body: 'one' },
      { tenant_id: t1, id: 2, body: 'two' },
    ]);
    expect(await notesOf(t2)).toEqual([{ tenant_id: t2, id: 1, body: 'uno' }]);
    await wizard.getByRole('button', { name: 'Done' }).click();
    await ui.waitForTenantStatus(t1, 'ready');
  }, 240_000);

  it('shows a failed import as not verified, and resumes it once the source is fixed', async () => {
    await pgRun('postgres', `CREATE DATABASE ${SOURCE_2}`);
    // A NULL body the blueprint's NOT NULL column refuses.
    await pgRun(
      SOURCE_2,
      `CREATE TABLE bpo_notes (tenant_id varchar(40) NOT NULL, id integer NOT NULL, body text,
         PRIMARY KEY (tenant_id, id));
       INSERT INTO bpo_notes VALUES ('${RESUMED}', 1, 'kept'), ('${RESUMED}', 2, NULL)`,
    );
    const wizard = await analyseInWizard(SOURCE_2);
    await startFromAnalysis(wizard);
    await wizard.getByText(/^Not verified: /).waitFor({ timeout: 120_000 });
    const perTenant = wizard.getByRole('table', { name: 'Import per tenant' });
    expect(await perTenant.locator(`tr[data-tenant="${RESUMED}"]`).textContent()).toContain(
      'failed',
    );
    await ui.shoot(ARTIFACTS, 'tenant-ops-import-failed');

    await pgRun(SOURCE_2, "UPDATE bpo_notes SET body = 'mended' WHERE body IS NULL");
    await wizard.getByRole('button', { name: 'Resume import' }).click();
    await wizard.getByText(/^Verified: every table of every tenant/).waitFor({ timeout: 120_000 });
    expect(await notesOf(RESUMED)).toEqual([
      { tenant_id: RESUMED, id: 1, body: 'kept' },
      { tenant_id: RESUMED, id: 2, body: 'mended' },
    ]);
  }, 240_000);

  it('shows the mismatches with the blueprint and keeps Start disabled until an option resolves each', async () => {
    await pgRun('postgres', `CREATE DATABASE ${SOURCE_3}`);
    await pgRun(
      SOURCE_3,
      `CREATE TABLE bpo_notes (tenant_id varchar(40) NOT NULL, id integer NOT NULL, body text NOT NULL,
         PRIMARY KEY (tenant_id, id));
       CREATE TABLE bpo_audit (tenant_id varchar(40) NOT NULL, what text);
       INSERT INTO bpo_notes VALUES ('${PLANNED}', 1, 'planned');
       INSERT INTO bpo_audit VALUES ('${PLANNED}', 'seen')`,
    );
    const wizard = await analyseInWizard(SOURCE_3);
    const mismatches = wizard.getByRole('list', { name: 'Mismatches' });
    await mismatches.waitFor();
    const listed = await mismatches.textContent();
    expect(listed).toContain('Table bpo_audit is not in blueprint');
    expect(listed).toContain(
      'To resolve: tick Leave out for bpo_audit or tick Import the schema first.',
    );
    expect(listed).toContain('has no column tenant_id');
    expect(listed).toContain(`Tenant ${PLANNED} does not exist.`);
    // No API wording reaches the screen.
    expect(listed).not.toMatch(/leave_out|drop_routing_column|create_tenants|import-full/);

    await wizard.getByRole('button', { name: 'Next: options' }).click();
    const startButton = wizard.getByRole('button', { name: 'Start import' });
    const open = wizard.getByRole('list', { name: 'Still to resolve' });
    expect(await startButton.isDisabled()).toBe(true);
    expect(await open.getByRole('listitem').count()).toBe(3);
    await wizard.getByLabel('Leave the routing column out of the tenants’ tables').check();
    await wizard.getByLabel('Create missing tenants from the workspace’s blueprint').check();
    // The table the blueprint lacks still stands in the way.
    expect(await startButton.isDisabled()).toBe(true);
    expect(await open.textContent()).toContain('bpo_audit');
    await ui.shoot(ARTIFACTS, 'tenant-ops-import-mismatch');
    await wizard.getByLabel('Leave out bpo_audit').check();
    await wizard.getByText('Nothing the analysis found stands in the way.').waitFor();
    expect(await startButton.isDisabled()).toBe(false);
    expect(await api('tenants.get', { id: PLANNED }).catch(() => null)).toBeNull();

    await startButton.click();
    await wizard.getByText(/^Verified: every table of every tenant/).waitFor({ timeout: 120_000 });
    expect(await notesOf(PLANNED)).toEqual([{ tenant_id: PLANNED, id: 1, body: 'planned' }]);
  }, 240_000);

  it("shows a dedicated tenant's database size and connections from the server's catalogs", async () => {
    await api('tenants.create', {
      tenant_id: DEDICATED,
      databases: [{ blueprint: WORKSPACE, isolation_level: 2, connection_id: connectionId }],
    });
    const database = tenantDatabase(WORKSPACE, DEDICATED);
    await ui.tab('Tenants');
    await ui.waitForTenantStatus(DEDICATED, 'ready');
    await ui
      .tenantRow(DEDICATED)
      .getByRole('button', { name: `Details of ${DEDICATED}` })
      .click();
    const details = page.getByRole('dialog', { name: `Tenant ${DEDICATED}` });
    const size = details.getByRole('group', { name: `Size of ${database}` });
    await size.waitFor();
    // PostgreSQL's smallest database is several MB; the card shows it in binary units.
    expect(await size.textContent()).toMatch(/\d+(\.\d+)? MiB$/);
    expect(
      await details.getByRole('group', { name: `Connections to ${database}` }).textContent(),
    ).toMatch(/\d+$/);
  }, 120_000);
});
