// End to end: the New run form explaining itself and the Benchmarks screen's layout, in headless
// Chromium over the real headless server and core, the runs loading the machine's PostgreSQL on
// 127.0.0.1:5432. Problems are shown next to their field and the first is focused in view; a
// custom workload mixes weighted scripts with its own warm-up and report interval; the form
// starts from each connection's last run; at 1280×800 a started run (and plan) is in view with
// the form folded, and at 1920×1080 the run view spreads its tiles in one row. Screenshots of
// both sizes go to /tmp/h20-bench-ui/.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { openClient } from '../../main/core/db/client';
import { testPg } from '../support/test-databases';
import { useBrowserApp } from './harness';
import { seriousViolations } from './pages/axe';
import { BenchmarksPage } from './pages/benchmarks-page';
import { PlansPage } from './pages/plans-page';

const SCHEMA = `h20_form_${randomBytes(3).toString('hex')}`;
const SHOTS = '/tmp/h20-bench-ui';
const SMALL = { width: 1280, height: 800 };
const WIDE = { width: 1920, height: 1080 };
const LOCAL_PG = { ...testPg(), tls: { mode: 'disable' } } as const;
const LOCAL = 'local pg (PostgreSQL, test)';
const OTHER = 'other pg (PostgreSQL, test)';
const BRANCHES_SQL = 'SELECT count(*) FROM pgbench_branches;';

let otherId = '';

const app = useBrowserApp({
  name: 'bench-form',
  viewport: SMALL,
  timeout: 20_000,
  async seed() {
    await app.api('connections.create', { ...LOCAL_PG, name: 'local pg', environment: 'test' });
    ({ id: otherId } = await app.api('connections.create', {
      ...LOCAL_PG,
      name: 'other pg',
      environment: 'test',
    }));
  },
  async cleanup() {
    const c = await openClient(testPg());
    try {
      await c.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
    } finally {
      await c.close();
    }
  },
});
const { api } = app;
let page: Page;
let ui: BenchmarksPage;

beforeEach(async () => {
  page = app.page;
  await page.setViewportSize(SMALL);
  ui = new BenchmarksPage(page);
  await ui.open(app.server.url);
});

/** Whether the element is focused, by the page's own :focus. */
const focused = async (field: Locator) => (await field.and(page.locator(':focus')).count()) === 1;

/** The element's box lies wholly inside the viewport, as it is scrolled now. */
async function inView(el: Locator): Promise<boolean> {
  const box = await el.boundingBox();
  const size = page.viewportSize();
  return box !== null && size !== null && box.y >= 0 && box.y + box.height <= size.height;
}

async function screenshot(name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

describe('New run form', () => {
  it('says what is wrong next to the field and moves to the first problem', async () => {
    await ui.fill({
      connection: LOCAL,
      workload: 'pgbench select_only',
      clients: '0',
      duration: '',
    });
    // Nothing is flagged in a field not yet left.
    expect(await ui.form.getByText('Duration: enter a whole number').count()).toBe(0);
    await ui.startButton.click();

    const clients = ui.field('Clients');
    await ui.form.getByText('Clients must be at least 1.').waitFor();
    await ui.form.getByText('Duration: enter a whole number from 1 to 86,400.').waitFor();
    expect(await clients.getAttribute('aria-invalid')).toBe('true');
    // The message belongs to its field: the field names it as its description.
    const describedBy = (await clients.getAttribute('aria-describedby')) ?? '';
    const error = page.locator(`[id="${describedBy.split(' ')[0]}"]`);
    expect(await error.textContent()).toBe('Clients must be at least 1.');
    await expect.poll(() => focused(clients)).toBe(true);
    expect(await inView(clients)).toBe(true);
    // No run started, and no browser popup took the place of the form's own words.
    expect(await api('runs.list', {})).toEqual([]);
    expect(await ui.run.count()).toBe(0);

    // Fixing the field clears its message as it is typed.
    await clients.fill('2');
    await ui.form.getByText('Clients must be at least 1.').waitFor({ state: 'detached' });
    await ui.field('Duration (s)').fill('3');
    await ui.field(/^Warm-up/).fill('-1');
    await ui.field('Report interval (s)').fill('0.01');
    await ui.startButton.click();
    await ui.form.getByText('Warm-up is 0 s or more.').waitFor();
    await ui.form.getByText('Report interval is from 0.1 to 60 s.').waitFor();
    await expect.poll(() => focused(ui.field(/^Warm-up/))).toBe(true);
    await screenshot('form-errors-1280x800');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('scrolls to a script far down the form whose name is taken', async () => {
    await ui.fill({ connection: LOCAL, workload: 'Custom script', clients: '2', duration: '3' });
    await ui.form.getByRole('button', { name: 'Add script' }).click();
    const second = ui.form.getByRole('group', { name: 'Script 2' });
    await second.getByLabel('Name').fill('script');
    // Back at the top of the form, away from the second script, when Start is pressed.
    await ui.field('Clients').focus();
    await ui.startButton.click();
    await second.getByText('Another script is named “script”: each needs its own name.').waitFor();
    await expect.poll(() => focused(second.getByLabel('Name'))).toBe(true);
    await expect.poll(() => inView(second.getByLabel('Name'))).toBe(true);
    expect(await api('runs.list', {})).toEqual([]);
  });

  it('runs two weighted scripts with a warm-up and report interval, in view at 1280×800 and spread at 1920×1080', async () => {
    await ui.fill({
      connection: LOCAL,
      workload: 'Custom script',
      params: { Scale: '1' },
      clients: '2',
      duration: '3',
    });
    await ui.field(/^Warm-up/).fill('1');
    await ui.field('Report interval (s)').fill('0.5');
    await ui.field('Benchmark schema').fill(SCHEMA);
    const first = ui.form.getByRole('group', { name: 'Script 1' });
    await first.getByLabel('Name').fill('lookup');
    await first.getByLabel('Weight').fill('3');
    await ui.form.getByRole('button', { name: 'Add script' }).click();
    const second = ui.form.getByRole('group', { name: 'Script 2' });
    await second.getByLabel('Name').fill('branches');
    await second.getByLabel('Statements').fill(BRANCHES_SQL);
    // The weights' shares, as the user sets them.
    await first.getByText('75 % of the transactions.').waitFor();
    await second.getByText('25 % of the transactions.').waitFor();
    await screenshot('form-scripts-1280x800');
    await ui.startButton.click();

    // Started: the form folds to its title and the run is in view, its charts too.
    await ui.run.waitFor();
    await ui.card.getByRole('button', { name: 'Show form', expanded: false }).waitFor();
    expect(await ui.form.count()).toBe(0);
    await ui.waitForStatus('warming_up', 'running');
    await expect.poll(() => inView(ui.run.getByRole('heading', { level: 2 }))).toBe(true);
    await expect.poll(() => inView(ui.run.getByTestId('run-figures'))).toBe(true);
    const chartTop = (await ui.chart('qps-chart').boundingBox())!.y;
    expect(chartTop).toBeLessThan(SMALL.height);
    await screenshot('run-live-1280x800');
    await ui.waitForStatus('completed');
    await screenshot('run-completed-1280x800');

    // What reached the run: both scripts with their weights, the warm-up and the interval.
    const [listed] = await api('runs.list', {});
    const run = await api('runs.get', { id: listed!.id });
    expect(run.config.scripts).toEqual([
      expect.objectContaining({ name: 'lookup', weight: 3 }),
      { name: 'branches', weight: 1, sql: BRANCHES_SQL },
    ]);
    expect(run.config.warmup).toBe(1);
    expect(run.config.report_interval_ms).toBe(500);
    expect(run.config.schema).toBe(SCHEMA);
    // The clients picked them 3 to 1.
    const { lookup, branches } = run.detail.by_transaction;
    expect(lookup!.count + branches!.count).toBeGreaterThan(400);
    const ratio = lookup!.count / branches!.count;
    expect(ratio).toBeGreaterThan(2.4);
    expect(ratio).toBeLessThan(3.7);
    // Half-second intervals: warm-up from -1 s, then measured ones to 3 s.
    const intervals = await api('runs.intervals', { id: run.id });
    const measured = intervals.filter((i) => !i.warmup).map((i) => i.t);
    expect(measured.length).toBeGreaterThanOrEqual(5);
    for (let i = 1; i < measured.length; i++)
      expect(measured[i]! - measured[i - 1]!).toBeCloseTo(0.5, 1);
    expect(intervals.some((i) => i.warmup)).toBe(true);

    // 1920×1080: the run view takes the width beside the form, the tiles in one row.
    await page.setViewportSize(WIDE);
    const tiles = ui.run.getByTestId('run-figures').locator('> div');
    expect(await tiles.count()).toBe(8);
    const rows = async () =>
      new Set(
        await Promise.all(
          (await tiles.all()).map(async (t) => Math.round((await t.boundingBox())!.y)),
        ),
      ).size;
    await expect.poll(rows).toBe(1);
    expect((await ui.run.boundingBox())!.width).toBeGreaterThan(1100);
    expect((await ui.chart('qps-chart').boundingBox())!.width).toBeGreaterThan(1000);
    await screenshot('run-completed-1920x1080');
    // Folded form, the run and its scripts' form alike pass the accessibility check.
    expect(await seriousViolations(page)).toEqual([]);
    await ui.showForm();
    await screenshot('form-and-run-1920x1080');
    expect(await seriousViolations(page)).toEqual([]);
  }, 240_000);

  it('starts from the last run of the connection picked', async () => {
    // A run on the other connection, as the CLI or the API would start it.
    const { id } = await api('runs.start', {
      connection_id: otherId,
      type: 'select_only',
      parameters: { scale: 1 },
      threads: 3,
      duration: 1,
      warmup: 0,
      report_interval_ms: 250,
      schema: SCHEMA,
    });
    expect((await app.core.benchmarks.waitFor(id)).status).toBe('completed');
    await page.reload();
    await page.locator('html[data-app-state="ready"]').waitFor({ state: 'attached' });

    await ui.field('Connection').selectOption({ label: OTHER });
    await ui.form.getByText('Filled in from the last run on other pg.').waitFor();
    await expect.poll(() => ui.field('Workload').inputValue()).toBe('select_only');
    expect(await ui.field('Clients').inputValue()).toBe('3');
    expect(await ui.field('Duration (s)').inputValue()).toBe('1');
    expect(await ui.field(/^Warm-up/).inputValue()).toBe('0');
    expect(await ui.field('Report interval (s)').inputValue()).toBe('0.25');
    expect(await ui.field('Scale').inputValue()).toBe('1');

    // The first connection keeps its own: the weighted scripts of the run before.
    await ui.field('Connection').selectOption({ label: LOCAL });
    await ui.form.getByText('Filled in from the last run on local pg.').waitFor();
    await expect.poll(() => ui.field('Workload').inputValue()).toBe('custom');
    expect(await ui.field('Clients').inputValue()).toBe('2');
    expect(await ui.field(/^Warm-up/).inputValue()).toBe('1');
    expect(await ui.field('Report interval (s)').inputValue()).toBe('0.5');
    const second = ui.form.getByRole('group', { name: 'Script 2' });
    expect(await second.getByLabel('Name').inputValue()).toBe('branches');
    expect(await second.getByLabel('Weight').inputValue()).toBe('1');
    expect(
      await ui.form.getByRole('group', { name: 'Script 1' }).getByLabel('Weight').inputValue(),
    ).toBe('3');
    expect(await ui.field('Benchmark schema').inputValue()).toBe(SCHEMA);
  }, 120_000);

  it('keeps a started plan in view at 1280×800 with its form folded', async () => {
    const plans = new PlansPage(page);
    await plans.field('Plan').selectOption({ label: 'Repeat' });
    await plans.field('Repetitions').fill('2');
    await plans.startButton.click();
    await plans.view.waitFor();
    await page
      .getByRole('region', { name: 'Run plan' })
      .getByRole('button', { name: 'Show form', expanded: false })
      .waitFor();
    await expect.poll(() => inView(plans.view.getByRole('heading', { level: 2 }))).toBe(true);
    await expect.poll(() => inView(plans.progress)).toBe(true);
    await screenshot('plan-running-1280x800');
    await plans.view.getByRole('button', { name: 'Cancel plan' }).click();
    await plans.waitForStatus(60_000, 'cancelled', 'completed');
  }, 120_000);
});
