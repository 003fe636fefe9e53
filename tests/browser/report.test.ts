// The HTML report of a comparison of real runs, opened in headless Chromium from a file:// URL
// with every network request refused: it must render its table and charts from itself alone.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../support/temp-dir';
import { resultsCore, type ResultsCore } from '../integration/results/runs';
import { launchChromium } from './chromium';
import { ARTIFACTS, watchProblems } from './harness';

const dir = makeTempDir('bp-report-');
let rc: ResultsCore;
let context: BrowserContext;
let page: Page;
let runIds: string[];
const requests: string[] = [];
const problems: string[] = [];

beforeAll(async () => {
  rc = await resultsCore();
  // The sampler runs so the report has host CPU to show beside the runs.
  rc.core.metrics.start();
  // Two repetitions at 1 thread, two at 2: a comparison with statistics.
  runIds = [];
  for (const threads of [1, 1, 2, 2]) runIds.push(await rc.run(rc.pg, 'postgresql', threads));
  const report = await rc.call('results.report', {
    run_ids: runIds,
    groups: [runIds.slice(0, 2), runIds.slice(2)],
    title: 'Threads 1 vs 2 <on PostgreSQL>',
  });
  writeFileSync(join(dir.path, report.filename), report.html);

  context = await launchChromium(join(dir.path, 'profile'), { width: 1200, height: 900 });
  // Offline: anything but the report file itself is refused and remembered.
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    requests.push(url);
    return route.abort();
  });
  page = await context.newPage();
  watchProblems(page, problems);
  await page.goto(pathToFileURL(join(dir.path, report.filename)).href);
}, 120_000);

afterAll(async () => {
  await context?.close();
  await rc?.dispose();
  dir.remove();
});

describe('the HTML report', () => {
  it('renders offline: no request leaves the file, no script, no error', async () => {
    await expect(page.title()).resolves.toBe('Threads 1 vs 2 <on PostgreSQL>');
    expect(await page.locator('h1').textContent()).toBe('Threads 1 vs 2 <on PostgreSQL>');
    expect(await page.locator('script').count()).toBe(0);
    expect(requests).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('shows the summary table: one row per run, deltas against the baseline', async () => {
    const rows = page.locator('#summary tbody tr');
    await expect(rows.count()).resolves.toBe(4);
    const headers = await page.locator('#summary thead th').allTextContents();
    expect(headers.map((h) => h.replace(/\s+/g, ' ').trim())).toEqual([
      'Run',
      'QPSqueries/s',
      'TPStransactions/s',
      'avgms',
      'p50ms',
      'p95ms',
      'p99ms',
      'p99.9ms',
      'maxms',
      'errorstransactions',
    ]);
    const base = await rows.nth(0).locator('td').first().textContent();
    expect(base).toMatch(/^[\d,.]+baseline$/);
    const other = await rows.nth(2).locator('td').first().textContent();
    // ▲/▼ give the direction, as in the app; the word (and the colour) whether that is better.
    const shown = /^[\d,.]+([+-])(\d+\.\d)% ([▲▼=]) (better|worse|same)$/.exec(other ?? '');
    expect(shown).not.toBeNull();
    const [, sign, digits, arrow] = shown!;
    expect(arrow).toBe(Number(digits) === 0 ? '=' : sign === '+' ? '▲' : '▼');
    await expect(rows.nth(2).locator('th').textContent()).resolves.toMatch(/2 clients/);
  });

  it('draws QPS and p99 over time and the percentile spectrum as SVG lines, one per run', async () => {
    for (const chart of ['#chart-qps', '#chart-p99', '#chart-spectrum']) {
      const lines = page.locator(`${chart} svg polyline.series`);
      await expect(lines.count()).resolves.toBe(4);
      const points = await lines.first().getAttribute('points');
      expect(points!.split(' ').length).toBeGreaterThanOrEqual(2);
      const box = await page.locator(`${chart} svg`).boundingBox();
      expect(box!.width).toBeGreaterThan(300);
      expect(box!.height).toBeGreaterThan(150);
    }
    // The spectrum's x axis is in nines: 0, 90, 99, …
    const ticks = await page.locator('#chart-spectrum svg text.tick').allTextContents();
    expect(ticks).toEqual(expect.arrayContaining(['0', '90', '99', '99.9']));
    await expect(
      page.locator('#chart-host-cpu svg polyline.series').count(),
    ).resolves.toBeGreaterThan(0);
  });

  it('explains the difference and tests the repetitions', async () => {
    await expect(
      page.locator('#diff tbody tr').first().locator('th').textContent(),
    ).resolves.toMatch(/^Clients/);
    await expect(page.locator('#repetitions tbody tr').count()).resolves.toBe(2);
    await expect(page.locator('#repetitions').textContent()).resolves.toMatch(/95% CI/);
    await expect(page.locator('#repetitions + p.meta').textContent()).resolves.toMatch(
      /Welch's t-test, α = 0.05/,
    );
    await expect(page.locator('#significance tbody tr').count()).resolves.toBe(3);
  });

  it('leaves a screenshot', async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'results-report.png'), fullPage: true });
  });
});
