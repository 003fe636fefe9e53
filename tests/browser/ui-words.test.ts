// End to end: every screen as a new user meets it, at 1280×800 and 1920×1080 — an accessibility
// pass with axe-core reporting no serious or critical violation, no raw ISO time, internal id or
// API field name in what is shown, and the one number format (server settings humanised, counts
// with separators, local times with their zone). Screens and confirmations are kept as screenshots.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { tenantDatabase, tenantRole } from '../../main/core/tenants/names';
import { testPg } from '../support/test-databases';
import { ARTIFACTS, useBrowserApp } from './harness';
import { seriousViolations } from './pages/axe';
import { BenchmarksPage } from './pages/benchmarks-page';
import { PlansPage } from './pages/plans-page';
import { rowAction } from './pages/tenants-page';
import { dropLeftovers, pgRun } from './pages/tenants-servers';

const SUFFIX = randomBytes(3).toString('hex');
const SCHEMA = `bp_words_${SUFFIX}`;
const WORKSPACE = `bpw_ws_${SUFFIX}`;
const TENANT = `bpw_t_${SUFFIX}`;
let runId = '';
let connectionId = '';

const app = useBrowserApp({
  name: 'ui-words',
  viewport: { width: 1280, height: 800 },
  timeout: 30_000,
  page: 'once',
  async seed() {
    ({ id: connectionId } = await app.api('connections.create', {
      ...testPg(),
      name: 'words pg',
      environment: 'test',
      tls: { mode: 'disable' },
    }));
    const { id } = await app.api('runs.start', {
      connection_id: connectionId,
      type: 'oltp_point_select',
      parameters: { tables: 1, table_size: 1000 },
      threads: 2,
      duration: 2,
      warmup: 1,
      schema: SCHEMA,
    });
    const done = await app.core.benchmarks.waitFor(id);
    if (done.status !== 'completed') throw new Error(`run ended ${done.status}: ${done.message}`);
    runId = id;
    await app.api('workspaces.create', { name: WORKSPACE, connection_id: connectionId });
    await app.api('workspaces.importSchema', {
      id: WORKSPACE,
      source: 'template',
      template: 'ecommerce',
    });
    await app.api('workspaces.deploy', { id: WORKSPACE });
    const t = await app.api('tenants.create', {
      tenant_id: TENANT,
      databases: [{ blueprint: WORKSPACE, isolation_level: 1 }],
    });
    if (t.status !== 'ready') throw new Error(`tenant ${t.status}: ${t.message ?? ''}`);
  },
  async teardown() {
    await app.api('tenants.delete', { id: TENANT, hard: true, confirm: TENANT }).catch(() => null);
    await app.api('workspaces.delete', { id: WORKSPACE }).catch(() => null);
  },
  async cleanup() {
    await pgRun('test', `DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`).catch(() => undefined);
    await dropLeftovers(`bpw\\_%${SUFFIX}%`, {
      pg: [tenantRole(tenantDatabase(WORKSPACE, TENANT))],
      mysql: [],
    });
  },
});

/** Each screen: where it is, and what shows it has loaded its data. */
const SCREENS: {
  id: string;
  name: string;
  path: () => string;
  ready: (p: Page) => Promise<void>;
}[] = [
  {
    id: 'connections',
    name: 'Connections',
    path: () => '#/connections',
    ready: (p) => p.getByText('words pg').first().waitFor(),
  },
  {
    id: 'benchmarks',
    name: 'Benchmarks',
    path: () => '#/benchmarks',
    ready: (p) => p.getByRole('button', { name: 'Start run' }).waitFor(),
  },
  {
    id: 'results',
    name: 'Results',
    path: () => '#/results',
    ready: (p) => p.getByRole('table').first().waitFor(),
  },
  {
    id: 'run-page',
    name: 'Run',
    path: () => `#/results/runs/${runId}`,
    ready: (p) => p.locator('dl[aria-label="Key settings"]').waitFor(),
  },
  {
    id: 'monitor',
    name: 'Monitor',
    path: () => '#/monitor',
    ready: (p) => p.getByRole('heading', { level: 1, name: 'Monitor' }).waitFor(),
  },
  {
    id: 'tenants',
    name: 'Tenants',
    path: () => '#/tenants',
    ready: (p) => p.getByRole('form', { name: 'New workspace' }).waitFor(),
  },
  {
    id: 'schedules',
    name: 'Schedules',
    path: () => '#/schedules',
    ready: (p) => p.getByRole('heading', { level: 1, name: 'Schedules' }).waitFor(),
  },
  {
    id: 'settings',
    name: 'Settings',
    path: () => '#/settings',
    ready: (p) => p.getByRole('heading', { level: 1, name: 'Settings' }).waitFor(),
  },
  ...(['Blueprints', 'Tenants', 'Deployments', 'Admin query'] as const).map((tab) => ({
    id: `tenants-${tab.toLowerCase().replace(' ', '-')}`,
    name: 'Tenants',
    path: () => '#/tenants',
    ready: async (p: Page) => {
      await p.getByRole('form', { name: 'New workspace' }).waitFor();
      await p.getByRole('tab', { name: tab }).click();
      await p.getByRole('tab', { name: tab, selected: true }).waitFor();
    },
  })),
  {
    id: 'dialog-new-connection',
    name: 'Connections',
    path: () => '#/connections',
    ready: async (p) => {
      await p.getByRole('button', { name: 'Add connection' }).first().click();
      await p.getByRole('dialog').waitFor();
    },
  },
  {
    id: 'dialog-tenant-details',
    name: 'Tenants',
    path: () => '#/tenants',
    ready: async (p) => {
      await p.getByRole('form', { name: 'New workspace' }).waitFor();
      await p.getByRole('tab', { name: 'Tenants' }).click();
      await p.getByRole('button', { name: `Details of ${TENANT}` }).click();
      await p.getByRole('dialog', { name: `Tenant ${TENANT}` }).waitFor();
    },
  },
];

const ISO_TIME = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/i;
const API_WORDING =
  /\b(allow_writes|shared_tables=|drop_routing_column=|start_rate|connections\.testSaved)\b/;
/**
 * A count of one with a plural noun ("1 rows"): the grammar of counts is the formatter's.
 * Not a number that merely ends in 1 ("17.1 times the baseline", "2,001 rows").
 */
const ONE_PLURAL =
  /(?<![\w.,])1 (rows|tenants|clients|sessions|databases|runs|statements|tables|changes|errors|connections|times|samples|versions|workspaces|blueprints|intervals|failures|columns|keys|queries|retries|reconnects|points|tasks|days)\b/;
/** "clients" everywhere; the load generator's own worker threads are another thing. */
const THREADS = /\bthreads?\b/i;

/** The page's visible words (not its URLs or attributes). */
const shownText = (page: Page) => page.locator('main, [role="main"], body').first().innerText();

/** What a screen shows has none of the API's wording, raw times or ids. */
async function expectUiWords(page: Page, id: string): Promise<void> {
  const text = await shownText(page);
  expect(text, id).not.toMatch(ISO_TIME);
  expect(text, id).not.toMatch(UUID);
  expect(text, id).not.toMatch(API_WORDING);
  expect(text, id).not.toMatch(ONE_PLURAL);
  expect(text.replace(/Worker threads/g, ''), id).not.toMatch(THREADS);
}

/** Every screen uses the window's width (no third of a wide screen left empty): its widest part
 * reaches the content area's right padding. */
async function expectUsesWidth(page: Page, id: string): Promise<void> {
  const { width } = page.viewportSize() ?? { width: 0 };
  const content = page.locator('main.content');
  const box = await content.boundingBox();
  const rights = await Promise.all(
    (await content.locator('> *').all()).map(async (c) => {
      const b = await c.boundingBox();
      return b ? b.x + b.width : 0;
    }),
  );
  const gap = box ? box.x + box.width - Math.max(...rights) : null;
  // The content area's own padding is 36 px.
  expect(gap, `${id}: empty on the right at ${width} px`).toBeLessThan(60);
}

/** A screen in the UI's words and passing axe, kept as a screenshot. */
async function checkShown(page: Page, id: string): Promise<void> {
  await expectUiWords(page, id);
  expect(await seriousViolations(page), id).toEqual([]);
  const { width, height } = page.viewportSize() ?? { width: 0, height: 0 };
  await expectUsesWidth(page, id);
  await page.screenshot({ path: join(ARTIFACTS, `screen-${id}-${width}x${height}.png`) });
}

async function visit(page: Page, screen: (typeof SCREENS)[number]): Promise<void> {
  await page.goto(`${app.server.url}${screen.path()}`);
  await page.locator('html[data-app-state="ready"]').waitFor({ state: 'attached' });
  await screen.ready(page);
}

describe.each([
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
])('every screen at $width×$height', (size) => {
  it('passes axe with no serious or critical violation and shows no API wording', async () => {
    const page = app.page;
    await page.setViewportSize(size);
    const found: Record<string, unknown> = {};
    for (const screen of SCREENS) {
      await visit(page, screen);
      const violations = await seriousViolations(page);
      if (violations.length > 0) found[screen.id] = violations;
      await expectUiWords(page, screen.id);
      await expectUsesWidth(page, screen.id);
      await page.screenshot({
        path: join(ARTIFACTS, `screen-${screen.id}-${size.width}x${size.height}.png`),
        fullPage: true,
      });
    }
    expect(found).toEqual({});
  }, 300_000);
});

describe('words and numbers', () => {
  it('shows server settings humanised and the run’s start in local time with its zone', async () => {
    const page = app.page;
    await page.setViewportSize({ width: 1280, height: 800 });
    const run = SCREENS.find((s) => s.id === 'run-page')!;
    await visit(page, run);
    const settings = page.locator('dl[aria-label="Key settings"]');
    const sharedBuffers = settings.locator('.run-fact').filter({ hasText: 'shared_buffers' });
    // "16384 8kB" on the server; a person reads "128 MiB".
    expect(await sharedBuffers.locator('dd').textContent()).toMatch(/^[\d.,]+ (KiB|MiB|GiB)$/);
    const timeout = settings.locator('.run-fact').filter({ hasText: 'checkpoint_timeout' });
    expect(await timeout.locator('dd').textContent()).toMatch(/^\d+ (s|min)( \d+ s)?$/);
    const zone = new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' })
      .formatToParts(new Date())
      .find((p) => p.type === 'timeZoneName')!.value;
    expect(await page.getByRole('main').innerText()).toContain(zone);
    expect(await page.getByRole('main').innerText()).toMatch(/2 clients/);
  });

  it('asks before a suspend with the numbers, and the dialog passes axe', async () => {
    const page = app.page;
    await visit(
      page,
      SCREENS.find((s) => s.id === 'tenants')!,
    );
    await page.getByRole('tab', { name: 'Tenants' }).click();
    const row = page.getByRole('table', { name: 'Tenants' }).locator(`tr[data-tenant="${TENANT}"]`);
    await rowAction(row, TENANT, `Suspend ${TENANT}`);
    const dialog = page.getByRole('alertdialog', { name: `Suspend ${TENANT}?` });
    await dialog
      .getByRole('button', { name: 'Suspend', exact: true })
      .and(page.locator(':enabled'))
      .waitFor();
    expect(await dialog.getByTestId('confirm-summary').textContent()).toBe(
      `Suspend ${TENANT}: ends no session (none open), blocks logins to 1 database.`,
    );
    // Cancel has the focus, so a stray Enter changes nothing.
    type PageGlobal = { document: { activeElement: { textContent: string | null } | null } };
    expect(
      await page.evaluate(
        () => (globalThis as unknown as PageGlobal).document.activeElement?.textContent,
      ),
    ).toBe('Cancel');
    expect(await seriousViolations(page, 'dialog[open]')).toEqual([]);
    for (const size of [
      { width: 1280, height: 800 },
      { width: 1920, height: 1080 },
    ]) {
      await page.setViewportSize(size);
      await page.screenshot({
        path: join(ARTIFACTS, `confirm-suspend-${size.width}x${size.height}.png`),
      });
    }
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    expect((await app.api('tenants.get', { id: TENANT })).status).toBe('ready');
  });
});

describe('a run, a plan and a comparison as they happen', () => {
  const sizes = [
    { width: 1280, height: 800 },
    { width: 1920, height: 1080 },
  ];

  it('a live run, then its comparison with the first, in the UI’s words and passing axe', async () => {
    const page = app.page;
    await page.setViewportSize(sizes[0]!);
    const bench = new BenchmarksPage(page);
    await bench.open(app.server.url);
    await bench.showForm();
    // The form remembers the last run on this connection (its schema too); only longer.
    await bench.field('Duration (s)').fill('6');
    await bench.startButton.click();
    await bench.waitForStatus('running');
    await bench.run.getByTestId('figure-qps').waitFor();
    for (const size of sizes) {
      await page.setViewportSize(size);
      await checkShown(page, 'live-run');
    }
    await bench.waitForStatus('completed');
    const latest = (await app.api('runs.list', {})).find((r) => r.id !== runId);

    await page.goto(`${app.server.url}#/results/compare/${runId}/${latest!.id}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.getByRole('table').first().waitFor();
    for (const size of sizes) {
      await page.setViewportSize(size);
      await checkShown(page, 'compare');
    }
  }, 120_000);

  it('a repeat plan as it runs and when it is done', async () => {
    const page = app.page;
    await page.setViewportSize(sizes[0]!);
    await new BenchmarksPage(page).open(app.server.url);
    const plans = new PlansPage(page);
    await plans.showForm();
    await plans.field('Plan').selectOption({ label: 'Repeat' });
    await plans.field('Repetitions').fill('2');
    await plans.startButton.click();
    await plans.progress.waitFor();
    await checkShown(page, 'plan-running');
    await plans.waitForStatus(120_000, 'completed');
    await plans.ciTable.waitFor();
    // One notice says a noisy repeat is too noisy, not the core's message beside the table's.
    expect(await plans.view.getByText(/^Too noisy: run longer/).count()).toBeLessThanOrEqual(1);
    for (const size of sizes) {
      await page.setViewportSize(size);
      await checkShown(page, 'plan-done');
    }
  }, 180_000);
});
