// End to end: a run's own page and the Results list's figure columns, in headless Chromium over
// the real headless server and core, with real runs against the machine's PostgreSQL: a mixed
// oltp_read_write run, an open-loop run, a run stopped mid-interval, and a run whose connection
// is then deleted.
import { join } from 'node:path';
import pg from 'pg';
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RunStart } from '../../shared/contract/benchmarks';
import { TEST_PG_URL, testPg } from '../support/test-databases';
import { ARTIFACTS, useBrowserApp } from './harness';
import { ResultsPage } from './pages/results-page';

/** This suite's own schema on the shared server, dropped at the end. */
const SCHEMA = `bp_runpage_${process.pid}`;
let connectionId: string;
let prodId: string;
let mixed: string;
let openLoop: string;
let stopped: string;
let orphan: string;

const sysbench = (over: Partial<RunStart>): RunStart =>
  ({
    connection_id: connectionId,
    type: 'oltp_read_write',
    parameters: { tables: 1, table_size: 2000 },
    threads: 2,
    duration: 3,
    warmup: 1,
    schema: SCHEMA,
    ...over,
  }) as RunStart;

async function finished(input: RunStart, expected = 'completed'): Promise<string> {
  const { id } = await app.api('runs.start', input);
  const done = await app.core.benchmarks.waitFor(id);
  if (done.status !== expected) throw new Error(`run ${id} ended ${done.status}: ${done.message}`);
  return id;
}

/** A run stopped as soon as its third measured interval is reported, inside the fourth. */
async function stoppedRun(): Promise<string> {
  let measured = 0;
  let third: () => void = () => undefined;
  const reported = new Promise<void>((resolve) => (third = resolve));
  const stop = app.core.events.subscribe((e) => {
    if (e.event !== 'runs.progressed' || !e.payload.interval || e.payload.interval.warmup) return;
    if (++measured === 3) third();
  });
  try {
    const { id } = await app.api(
      'runs.start',
      sysbench({ type: 'oltp_point_select', duration: 30 }),
    );
    await reported;
    await app.api('runs.cancel', { id });
    await app.core.benchmarks.waitFor(id);
    return id;
  } finally {
    stop();
  }
}

const app = useBrowserApp({
  name: 'run-page',
  timeout: 20_000,
  viewport: { width: 1280, height: 800 },
  async seed() {
    ({ id: connectionId } = await app.api('connections.create', {
      ...testPg(),
      name: 'run page pg',
      environment: 'test',
      tls: { mode: 'disable' },
    }));
    ({ id: prodId } = await app.api('connections.create', {
      ...testPg(),
      name: 'pg-prod-1',
      environment: 'test',
      tls: { mode: 'disable' },
    }));
    mixed = await finished(sysbench({}));
    // Far more than two clients can send: the run is saturated, and says so.
    openLoop = await finished(sysbench({ type: 'oltp_point_select', rate: 200_000, threads: 2 }));
    stopped = await stoppedRun();
    orphan = await finished(
      sysbench({ connection_id: prodId, type: 'oltp_point_select', threads: 1 }),
    );
  },
  async cleanup() {
    const admin = new pg.Client({ connectionString: TEST_PG_URL });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
    await admin.end();
  },
});
let page: Page;
let ui: ResultsPage;

beforeEach(async () => {
  page = app.page;
  ui = new ResultsPage(page);
  await ui.open(app.server.url);
});

/** The page at both sizes the app is checked at, light theme, whole length. */
async function shoot(name: string): Promise<void> {
  for (const [w, h] of [
    [1280, 800],
    [1920, 1080],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    const full = Number(await page.evaluate('document.querySelector("main").scrollHeight'));
    await page.setViewportSize({ width: w, height: Math.max(h, full) });
    await page.screenshot({ path: join(ARTIFACTS, `${name}-${w}.png`) });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

const runPage = () => page.getByTestId('run-page');
const section = (id: string) => runPage().getByTestId(`run-${id}`);
/** The points a canvas chart drew, once it has drawn. */
async function points(testId: string): Promise<number> {
  const chart = runPage().getByTestId(testId);
  await chart.and(page.locator('[data-points]')).waitFor();
  return Number(await chart.getAttribute('data-points'));
}

async function openRun(id: string): Promise<void> {
  await ui
    .row(id)
    .getByRole('link', { name: /^Open the page of / })
    .click();
  await runPage()
    .and(page.locator(`[data-run-id="${id}"]`))
    .waitFor();
}

describe('Results list', () => {
  it('shows QPS, p95, p99 and duration, and sorts by each', async () => {
    const runs = await app.api('runs.list', {});
    expect(await ui.rows.count()).toBe(runs.length);
    const column = async (col: string) =>
      (await ui.runs.locator(`td[data-col="${col}"]`).allTextContents()).map(
        (t) =>
          Number(t.replace(/[^\d.]/g, '')) * (t.endsWith(' s') && !t.endsWith('ms') ? 1000 : 1),
      );
    const sortBy = (label: string) =>
      ui.runs.getByRole('columnheader', { name: new RegExp(`^${label}`) }).getByRole('button');

    await sortBy('QPS').click();
    const qps = await column('qps');
    expect(qps).toEqual([...qps].sort((a, b) => b - a));
    expect(
      await ui.runs.getByRole('columnheader', { name: /^QPS/ }).getAttribute('aria-sort'),
    ).toBe('descending');
    // The figures are the core's headline figures.
    const best = runs.reduce((a, b) => ((a.qps ?? 0) >= (b.qps ?? 0) ? a : b));
    expect(qps[0]).toBe(Math.round(best.qps!));

    await sortBy('QPS').click();
    expect(await column('qps')).toEqual([...qps].sort((a, b) => a - b));
    await sortBy('p99').click();
    const p99 = await column('p99');
    expect(p99).toEqual([...p99].sort((a, b) => a - b));
    expect(p99.length).toBe(runs.length);
    await sortBy('Duration').click();
    const durations = (await ui.runs.locator('tbody tr td:nth-child(4)').allTextContents()).map(
      (t) => Number.parseInt(t, 10),
    );
    expect(durations[0]).toBe(30);
    expect(durations).toEqual([...durations].sort((a, b) => b - a));
    // Keyboard: the sort buttons are reachable and work with Enter.
    await sortBy('p95').focus();
    await page.keyboard.press('Enter');
    expect(
      await ui.runs.getByRole('columnheader', { name: /^p95/ }).getAttribute('aria-sort'),
    ).toBe('ascending');
    await shoot('results-columns');
  });
});

describe('Run page', () => {
  it('shows every section of a mixed read/write run', async () => {
    const run = await app.api('runs.get', { id: mixed });
    await openRun(mixed);
    expect(page.url()).toContain(`#/results/runs/${mixed}`);
    await page.getByRole('heading', { level: 1, name: 'sysbench oltp_read_write' }).waitFor();
    expect(await runPage().getByTestId('run-measured-on').textContent()).toMatch(
      /^measured on run page pg · .* · 2 clients · 3 s Completed$/,
    );
    // Figures, charts over time, latency and per-transaction/statement tables.
    const qps = await runPage().getByTestId('figure-qps').locator('dd').textContent();
    expect(qps).toBe(Math.round(run.metrics.qps).toLocaleString('en-US'));
    expect(await points('run-qps-chart')).toBeGreaterThanOrEqual(3);
    expect(await points('run-latency-chart')).toBeGreaterThanOrEqual(3);
    await section('latency')
      .getByRole('row', { name: /^Transaction latency/ })
      .waitFor();
    const statements = await section('breakdown')
      .getByTestId('run-by-statement')
      .locator('tbody th')
      .allTextContents();
    for (const kind of ['select', 'update', 'insert', 'delete']) expect(statements).toContain(kind);
    // sysbench's oltp_read_write is one transaction type: the page says so instead of a table.
    expect(Object.keys(run.detail.by_transaction)).toEqual([]);
    await section('breakdown').getByTestId('run-one-transaction').waitFor();
    // Server counters over time, and each counter's total.
    expect(await points('run-counter-chart')).toBeGreaterThanOrEqual(3);
    await section('counters')
      .getByRole('combobox', { name: 'Counter' })
      .selectOption('xact_commit');
    await section('counters').getByRole('rowheader', { name: 'xact_commit' }).waitFor();
    // Configuration, server, client, phases, errors, tags.
    const config = await section('config').textContent();
    expect(config).toContain('Rows per table2,000');
    expect(config).toContain('Clients2');
    expect(config).toContain('closed loop');
    const server = (await section('server').textContent()) ?? '';
    expect(server).toContain(`Version${run.server!.version}`);
    expect(server).toContain('Key settings');
    expect(await section('client').locator('dt').count()).toBeGreaterThan(2);
    expect(await section('phases').textContent()).toMatch(/Warm-up \(not in the figures\)1 s/);
    // Two clients updating the same rows may deadlock now and then: then each class is listed
    // with its count and the server's first message in full.
    const failed = Object.entries(run.detail.errors_by_class).filter(([, n]) => n > 0);
    if (failed.length === 0)
      expect(await section('errors').textContent()).toContain('No transaction failed.');
    for (const [cls] of failed)
      expect(
        await section('errors').locator(`[data-class="${cls}"] .run-error-message`).textContent(),
      ).toBe(run.detail.first_errors[cls as keyof typeof run.detail.first_errors]);
    await section('tags').getByText('No tags.').waitFor();
    for (const action of [
      'Compare with…',
      'Export JSON',
      'Export CSV',
      'HTML report',
      'Re-run',
      'Delete',
    ])
      expect(await runPage().getByRole('button', { name: action }).isEnabled()).toBe(true);
    await shoot('run-page-mixed');

    // Export: the HTML report of this run alone.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      runPage().getByRole('button', { name: 'HTML report' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.html$/);

    // Back to the list: it shows where the run is.
    await page.getByRole('link', { name: '← All runs' }).first().click();
    await ui.row(mixed).and(page.locator('.is-revealed')).waitFor();
  });

  it('shows response time beside service time and schedule lag for an open-loop run, and its warnings', async () => {
    const run = await app.api('runs.get', { id: openLoop });
    expect(run.warnings.map((w) => w.code)).toContain('saturated');
    await openRun(openLoop);
    expect(await runPage().getByTestId('run-measured-on').textContent()).toContain(
      'target 200,000 tx/s',
    );
    expect(await section('latency').getByTestId('run-open-loop').textContent()).toMatch(
      /^Open loop: target 200,000 tx\/s, achieved [\d,]+ tx\/s/,
    );
    const rows = await section('latency').locator('tbody th').allTextContents();
    expect(rows.map((r) => r.split(/from|how/)[0])).toEqual([
      'Response time',
      'Service time',
      'Schedule lag',
    ]);
    expect(run.detail.service_latency).not.toBeNull();
    expect(await points('run-lag-chart')).toBeGreaterThanOrEqual(3);
    const warnings = runPage().getByTestId('run-warnings');
    expect(await warnings.locator('li').count()).toBe(run.warnings.length);
    expect(await warnings.textContent()).toContain(run.warnings[0]!.message);
    await shoot('run-page-open-loop');
  });

  it("draws a stopped run's last interval as partial, with its length", async () => {
    await openRun(stopped);
    const note = runPage().getByTestId('partial-note');
    await note.waitFor();
    // In the unit that fits, like every duration: "850 ms", "1.25 s".
    const said = /covers ([\d.,]+) (ms|s) /.exec((await note.textContent()) ?? '');
    const seconds = Number(said?.[1]?.replace(/,/g, '')) / (said?.[2] === 'ms' ? 1000 : 1);
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThan(1);
    expect(await section('phases').textContent()).toContain('the last interval is partial');
    expect(await runPage().getByTestId('run-qps-chart').getAttribute('data-spans')).toMatch(
      /(^|\|)partial [\d.]+ s$/,
    );
    await shoot('run-page-stopped');
  });

  it('re-runs the same configuration and shows it live on the Benchmarks screen', async () => {
    const before = await app.api('runs.list', {});
    await openRun(mixed);
    await runPage().getByRole('button', { name: 'Re-run' }).click();
    await page.getByRole('heading', { level: 1, name: 'Benchmarks' }).waitFor();
    const view = page.getByTestId('run-view');
    await view.and(page.locator('[data-status="completed"]')).waitFor({ timeout: 60_000 });
    const after = await app.api('runs.list', {});
    expect(after.length).toBe(before.length + 1);
    const again = await app.api('runs.get', { id: after[0]!.id });
    const first = await app.api('runs.get', { id: mixed });
    expect(again.config).toEqual(first.config);
    expect(again.connection_id).toBe(first.connection_id);
    // The finished run links to its own page.
    await view.getByRole('link', { name: 'Run page' }).click();
    await runPage()
      .and(page.locator(`[data-run-id="${again.id}"]`))
      .waitFor();
  });

  it('keeps a run readable after its connection is deleted', async () => {
    await app.api('connections.delete', { id: prodId });
    await page.reload();
    await page.locator('html[data-app-state="ready"]').waitFor({ state: 'attached' });
    await ui.row(orphan).getByText('pg-prod-1 (deleted connection)').waitFor();
    await openRun(orphan);
    expect(await runPage().getByTestId('run-measured-on').textContent()).toMatch(
      /^measured on pg-prod-1 \(deleted connection\) · /,
    );
    expect(await section('server').textContent()).toContain(
      'Connectionpg-prod-1 (deleted connection)',
    );
    expect(await runPage().getByRole('button', { name: 'Re-run' }).isDisabled()).toBe(true);
    await runPage()
      .getByText(/Re-run is off: Its connection was deleted/)
      .waitFor();
    expect(await points('run-qps-chart')).toBeGreaterThanOrEqual(2);
    await shoot('run-page-deleted-connection');
  });

  it('compares with another run, and deletes after asking', async () => {
    await openRun(stopped);
    await runPage().getByRole('button', { name: 'Compare with…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Compare with…' });
    await dialog.getByRole('checkbox').first().check();
    await dialog.getByRole('button', { name: 'Compare 2 runs' }).click();
    await ui.summary.waitFor();
    expect(
      await ui.summary.locator('thead th[data-run-id]').first().getAttribute('data-run-id'),
    ).toBe(stopped);
    // A comparison's run names open their pages.
    await ui.summary.locator(`th[data-run-id="${stopped}"] a`).click();
    await runPage()
      .and(page.locator(`[data-run-id="${stopped}"]`))
      .waitFor();

    await runPage().getByRole('button', { name: 'Delete' }).click();
    const confirm = page.getByRole('alertdialog', {
      name: /^Delete the sysbench oltp_point_select run/,
    });
    await confirm.getByRole('button', { name: 'Delete run' }).click();
    await page.getByRole('heading', { level: 1, name: 'Results' }).waitFor();
    await expect.poll(() => ui.row(stopped).count()).toBe(0);
    await expect(app.api('runs.get', { id: stopped })).rejects.toThrow(/NOT_FOUND/);
  });
});
