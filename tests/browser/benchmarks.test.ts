// End to end: the Benchmarks screen in headless Chromium over the real headless server and core;
// the runs load the machine's PostgreSQL on 127.0.0.1:5432 for real, through worker threads.
import type { Page } from 'playwright-core';
import type { Input } from '../../shared/contract';
import { beforeEach, describe, expect, it } from 'vitest';
import { testPg } from '../support/test-databases';
import { useBrowserApp } from './harness';
import { BenchmarksPage } from './pages/benchmarks-page';

const LOCAL_PG = { ...testPg(), tls: { mode: 'disable' } } as const;

let prodId: string;

async function createConnection(
  input: Partial<Input<'connections.create'>> & { name: string },
): Promise<string> {
  const created = await api('connections.create', { ...LOCAL_PG, ...input });
  return created.id;
}

const app = useBrowserApp({
  name: 'bench',
  timeout: 20_000,
  async seed() {
    await createConnection({ name: 'local pg', environment: 'test' });
    prodId = await createConnection({ name: 'orders-prod', environment: 'production' });
  },
});
const { api, shoot } = app;
let page: Page;
let ui: BenchmarksPage;

beforeEach(async () => {
  page = app.page;
  ui = new BenchmarksPage(page);
  await ui.open(app.server.url);
});

describe('Benchmarks screen', () => {
  it('runs select_only live to the end, keeps it in the history and reopens it', async () => {
    await ui.history.or(page.getByText('No runs yet.')).first().waitFor();
    expect(await page.getByText('No runs yet.').isVisible()).toBe(true);
    await ui.fill({
      connection: 'local pg (PostgreSQL, test)',
      workload: 'pgbench select_only',
      params: { Scale: '1' },
      clients: '2',
      duration: '4',
    });
    await shoot('benchmarks-form');
    await ui.startButton.click();

    // Live: phase and progress, a Stop button, and charts that grow interval by interval.
    await ui.run.waitFor();
    await ui.stopButton.waitFor();
    await ui.progress.waitFor();
    // The started run folds the form away; unfolded, it says one run runs at a time instead
    // of letting the engine refuse.
    await ui.card.getByRole('button', { name: 'Show form', expanded: false }).waitFor();
    await ui.showForm();
    await ui.startButton.and(page.locator(':disabled')).waitFor();
    await ui.form.getByText('A run is in progress').waitFor();
    await ui.phase.filter({ hasText: /Preparing data|Warming up|Measuring/ }).waitFor();
    await ui.waitForStatus('running');
    await ui.phase.filter({ hasText: /Measuring · about \d+ s left/ }).waitFor();
    const first = await ui.morePoints('qps-chart', 0);
    const second = await ui.morePoints('qps-chart', first);
    expect(second).toBeGreaterThan(first);
    // Both charts draw the same intervals (each in a task of its own).
    await ui
      .chart('latency-chart')
      .and(page.locator(`[data-points="${second}"]`))
      .waitFor();
    expect(await ui.figureNumber('qps')).toBeGreaterThan(0);
    expect(await ui.series('latency-chart')).toEqual(['p50', 'p95', 'p99']);
    await shoot('benchmarks-live');

    // Finished: the whole run's figures, and no Stop button any more.
    await ui.waitForStatus('completed');
    await expect.poll(() => ui.status.textContent()).toBe('Completed');
    expect(await ui.stopButton.count()).toBe(0);
    await ui.startButton.and(page.locator(':enabled')).waitFor();
    const figures = await ui.run.getByTestId('run-figures').textContent();
    expect(figures).toMatch(/QPS[\d,]+TPS[\d,]+p50[\d.]+ msp95[\d.]+ msp99[\d.]+ ms/);
    expect(figures).toMatch(/p99\.9[\d.]+ msMax[\d.]+ msErrors0/);
    const qps = await ui.figureNumber('qps');
    expect(qps).toBeGreaterThan(0);
    const [p50, p95, p99, p999, max] = await Promise.all(
      ['p50', 'p95', 'p99', 'p999', 'max'].map((k) => ui.figureNumber(k)),
    );
    expect(p50).toBeGreaterThan(0);
    expect(p50).toBeLessThanOrEqual(p95!);
    expect(p95).toBeLessThanOrEqual(p99!);
    expect(p99).toBeLessThanOrEqual(p999!);
    expect(p999).toBeLessThanOrEqual(max!);
    // The screen shows what the engine measured.
    const runs = (await api('runs.list', {})) as { id: string }[];
    const saved = (await api('runs.get', { id: runs[0]!.id })) as {
      metrics: { qps: number; latency: { p99: number } };
    };
    expect(qps).toBe(Math.round(saved.metrics.qps));
    expect(p99).toBeCloseTo(saved.metrics.latency.p99, 1);
    await shoot('benchmarks-completed');

    // The history lists it; after a reload it opens on its own page with the same figures.
    const entry = ui.history.getByRole('button', {
      name: /^pgbench select_only\s*Completed\s*2 clients · /,
    });
    await entry.waitFor();
    await page.reload();
    await page.locator('html[data-app-state="ready"]').waitFor({ state: 'attached' });
    await ui.form.waitFor();
    expect(await ui.run.count()).toBe(0);
    await entry.focus();
    await page.keyboard.press('Enter');
    const runPage = page.getByTestId('run-page');
    await runPage.and(page.locator('[data-status="completed"]')).waitFor();
    expect(page.url()).toContain(`#/results/runs/${runs[0]!.id}`);
    const shownQps = await runPage.getByTestId('figure-qps').locator('dd').textContent();
    expect(Number((shownQps ?? '').replace(/[^\d.]/g, ''))).toBe(qps);
    // The chart draws in a task after the page shows its figures: wait for what it drew.
    const qpsChart = runPage.getByTestId('run-qps-chart');
    await qpsChart.and(page.locator('[data-points]')).waitFor();
    expect(Number(await qpsChart.getAttribute('data-points'))).toBeGreaterThanOrEqual(4);
  });

  it('stops a longer run and keeps what it measured', async () => {
    await ui.fill({
      connection: 'local pg (PostgreSQL, test)',
      workload: 'pgbench select_only',
      params: { Scale: '1' },
      clients: '2',
      duration: '30',
    });
    await ui.startButton.click();
    await ui.waitForStatus('running');
    // Past the 3 s warm-up (shaded on the chart) into the measured part.
    await ui.run.locator('[data-testid="qps-chart"][data-spans*="warm-up"]').waitFor();
    const measured = await ui.morePoints('qps-chart', 4);
    await ui.stopButton.click();
    await ui.waitForStatus('cancelled');
    expect(await ui.status.textContent()).toBe('Cancelled');
    expect(await ui.stopButton.count()).toBe(0);
    expect(await ui.points('qps-chart')).toBeGreaterThanOrEqual(measured);
    expect(await ui.figureNumber('qps')).toBeGreaterThan(0);
    expect(await ui.figureNumber('p99')).toBeGreaterThan(0);
    await ui.history
      .getByRole('button', { name: /^pgbench select_only\s*Cancelled\s*2 clients · / })
      .waitFor();
    await shoot('benchmarks-cancelled');

    // Deleting asks first; Escape keeps the run, confirming removes it.
    const entries = await ui.historyEntries().count();
    const deleteCancelled = ui.history.getByRole('button', {
      name: /^Delete run pgbench select_only/,
    });
    await deleteCancelled.first().click();
    const dialog = page.getByRole('alertdialog', { name: /^Delete the pgbench select_only run/ });
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await ui.historyEntries().count()).toBe(entries);
    await deleteCancelled.first().click();
    await dialog.getByRole('button', { name: 'Delete run' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => ui.historyEntries().count()).toBe(entries - 1);
  });

  it('asks for the name of a production connection before a write workload runs', async () => {
    // The engine itself refuses without the confirmation.
    await expect(
      api('runs.start', {
        connection_id: prodId,
        type: 'oltp_read_write',
        threads: 1,
        duration: 1,
      }),
    ).rejects.toThrow(/REFUSED: 'orders-prod' is a production connection/);

    await ui.fill({
      connection: 'orders-prod (PostgreSQL, production)',
      workload: 'sysbench oltp_read_write',
      params: { 'Rows per table': '1000' },
      clients: '2',
      duration: '60',
    });
    const confirm = ui.field("Type 'orders-prod' to run against production");
    await confirm.waitFor();
    expect(await ui.startButton.isDisabled()).toBe(true);
    await confirm.fill('orders');
    expect(await ui.startButton.isDisabled()).toBe(true);
    await shoot('benchmarks-production');
    await confirm.fill('orders-prod');
    expect(await ui.startButton.isDisabled()).toBe(false);
    // Keyboard: Enter in the form submits it.
    await confirm.press('Enter');
    await ui.waitForStatus('preparing', 'warming_up', 'running');
    await ui.stopButton.click();
    await ui.waitForStatus('cancelled');

    // Switching connection clears the typed name.
    await ui.showForm();
    await ui.field('Connection').selectOption({ label: 'local pg (PostgreSQL, test)' });
    await ui.field('Connection').selectOption({ label: 'orders-prod (PostgreSQL, production)' });
    expect(await confirm.inputValue()).toBe('');
    expect(await ui.startButton.isDisabled()).toBe(true);
  });
  it('saves the form as a profile and fills the form from it again', async () => {
    await ui.fill({
      connection: 'local pg (PostgreSQL, test)',
      workload: 'sysbench oltp_read_only',
      params: { 'Rows per table': '5000' },
      clients: '6',
      duration: '12',
    });
    await ui.field(/^Rate/).fill('500');
    await ui.form.getByRole('button', { name: 'Save as profile…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Save as profile' });
    await dialog.getByLabel('Profile name').fill('Read mix');
    await dialog.getByRole('button', { name: 'Save profile' }).click();
    await dialog.waitFor({ state: 'detached' });

    await ui.fill({ workload: 'pgbench select_only', clients: '1', duration: '5' });
    await ui.field(/^Profile/).selectOption({ label: 'Read mix' });
    expect(await ui.field('Workload').inputValue()).toBe('oltp_read_only');
    expect(await ui.field('Clients').inputValue()).toBe('6');
    expect(await ui.field('Duration (s)').inputValue()).toBe('12');
    expect(await ui.field('Rows per table').inputValue()).toBe('5000');
    expect(await ui.field(/^Rate/).inputValue()).toBe('500');

    // The same name again: saving says it exists, and replaces only when asked a second time.
    await ui.field('Clients').fill('8');
    await ui.form.getByRole('button', { name: 'Save as profile…' }).click();
    expect(await dialog.getByLabel('Profile name').inputValue()).toBe('Read mix');
    await dialog.getByRole('button', { name: 'Save profile' }).click();
    await dialog.getByText("A profile named 'Read mix' exists: saving replaces it.").waitFor();
    await shoot('benchmarks-save-profile');
    await dialog.getByRole('button', { name: 'Replace profile' }).click();
    await dialog.waitFor({ state: 'detached' });
    const saved = (await api('profiles.list', {})) as {
      name: string;
      config: { type: string; threads: number; rate: number; parameters: object };
    }[];
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({
      name: 'Read mix',
      config: { type: 'oltp_read_only', threads: 8, rate: 500, parameters: { table_size: 5000 } },
    });

    await ui.form.getByRole('button', { name: 'Delete profile “Read mix”' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete profile' }).click();
    await expect.poll(() => api('profiles.list', {})).toEqual([]);
    // The form follows once the profiles are read again, which takes a while on a busy machine.
    await expect.poll(() => ui.field(/^Profile/).inputValue(), { timeout: 10_000 }).toBe('');
  });
});
