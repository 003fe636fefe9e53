// End to end: the Run plan section of the Benchmarks screen in headless Chromium over the real
// headless server and core; the plans' runs load the machine's PostgreSQL for real.
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { openClient } from '../../main/core/db/client';
import { testPg } from '../support/test-databases';
import { useBrowserApp } from './harness';
import { BenchmarksPage } from './pages/benchmarks-page';
import { PlansPage } from './pages/plans-page';

const SCHEMA = 'c3_plans_browser';

const app = useBrowserApp({
  name: 'plans',
  viewport: { width: 1280, height: 1000 },
  timeout: 20_000,
  async seed({ core }) {
    const conn = await api('connections.create', {
      ...testPg(),
      name: 'local pg',
      environment: 'test',
    });
    // The base: a short finished run, as a user would have made with the New run form.
    const run = await api('runs.start', {
      connection_id: conn.id,
      type: 'oltp_point_select',
      threads: 2,
      duration: 1,
      warmup: 0,
      schema: SCHEMA,
      parameters: { tables: 1, table_size: 2000 },
    });
    expect((await core.benchmarks.waitFor(run.id)).status).toBe('completed');
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
const { api, shoot } = app;
let page: Page;
let plans: PlansPage;

beforeEach(async () => {
  page = app.page;
  await new BenchmarksPage(page).open(app.server.url);
  plans = new PlansPage(page);
  await plans.form.waitFor();
});

describe('Run plan', () => {
  it('repeats a finished run from the UI and shows mean ± 95% CI of its figures', async () => {
    // The finished run is offered as the base, with its settings.
    await plans.form
      .getByTestId('plan-base')
      .filter({ hasText: /2 clients · 1 s/ })
      .waitFor();
    await plans.field('Plan').selectOption({ label: 'Repeat' });
    await plans.field('Repetitions').fill('3');
    await plans.startButton.click();

    await plans.view.waitFor();
    await plans.progress.waitFor();
    await plans.view.getByRole('button', { name: 'Cancel plan' }).waitFor();
    // The started plan folds its form away; unfolded, Start waits for the plan to end.
    await plans.showForm();
    await plans.startButton.and(page.locator(':disabled')).waitFor();
    await plans.waitForStatus(90_000, 'completed');
    await shoot('plans-repeat');

    const [plan] = await api('plans.list', {});
    const saved = await api('plans.get', { id: plan!.id });
    expect(saved.runs.map((r) => r.status)).toEqual(['completed', 'completed', 'completed']);
    const qps = await plans.ciRow('qps');
    expect(qps[0]).toBe('QPS');
    expect(qps[1]).toBe(Math.round(saved.repeat!.qps.mean).toLocaleString('en-US'));
    expect(qps[2]).toMatch(/^± [\d,]+$/);
    expect(qps[3]).toBe(Math.round(saved.repeat!.qps.ci_low).toLocaleString('en-US'));
    const p99 = await plans.ciRow('p99');
    expect(p99[0]).toBe('p99 latency');
    expect(p99[1]).toMatch(/^[\d.]+ ms$/);
    expect(Number(p99[1]!.replace(' ms', ''))).toBeCloseTo(saved.repeat!.p99.mean, 1);
    await plans.ciTable.getByText('over 3 completed runs').waitFor();
    expect(await plans.view.getByRole('button', { name: 'Cancel plan' }).count()).toBe(0);
    await plans.list
      .getByRole('button', { name: /^Repeat · .*Completed\s*\d+ of \d+ runs · / })
      .waitFor();
  });

  it('sweeps clients and draws the scalability and latency-vs-throughput curves', async () => {
    await plans.field('Plan').selectOption({ label: 'Sweep a setting' });
    await plans.field('Setting').selectOption({ label: 'Clients' });
    await plans.field('Values').fill('1, 2');
    await plans.startButton.click();
    await plans.waitForStatus(90_000, 'completed');
    await plans.view.getByTestId('plan-scalability-chart').waitFor();
    expect(await plans.points('plan-scalability-chart')).toBe(2);
    expect(await plans.points('plan-latency-chart')).toBe(2);
    await plans.view
      .getByTestId('plan-scalability-chart')
      .locator('.recharts-line-curve')
      .waitFor();
    // Each point of latency against throughput names the setting it was measured at.
    const labels = await plans.view
      .getByTestId('plan-latency-chart')
      .locator('.recharts-label-list text')
      .allTextContents();
    expect(labels.sort()).toEqual(['1 client', '2 clients']);
    const rows = await plans.view.getByTestId('plan-sweep-table').locator('tbody tr').count();
    expect(rows).toBe(2);
    await shoot('plans-sweep');
  });

  it('finds the capacity: steps with verdicts and the answer', async () => {
    await plans.field('Plan').selectOption({ label: 'Find the capacity' });
    await plans.field('Objective percentile').selectOption('p99');
    await plans.field('At most (ms)').fill('1000');
    await plans.field('Start rate (/s)').fill('50');
    await plans.field('Max rate (/s)').fill('5000000');
    await plans.field('Each step').selectOption({ label: 'multiplies the rate by' });
    await plans.field('Factor').fill('100');
    // Steps only: the bisection after them is tested on the core (capacity-bisection.test.ts).
    await plans.field('Refine to within (%)').fill('');
    await plans.startButton.click();
    await plans.view.waitFor();
    await plans.waitForStatus(90_000, 'completed');
    // 50/s is easy; two clients cannot carry 500 000/s.
    const table = plans.view.getByTestId('plan-capacity-table');
    await table.waitFor();
    const verdicts = await Promise.all(
      (await table.locator('tbody tr').all()).map((row) => row.getAttribute('data-verdict')),
    );
    expect(verdicts[0]).toBe('pass');
    expect(verdicts.at(-1)).not.toBe('pass');
    expect(verdicts.length).toBeLessThanOrEqual(3);
    await plans.view
      .getByTestId('plan-capacity-answer')
      .filter({ hasText: /^Capacity: (50|5,000)\/s with p99 ≤ 1000 ms$/ })
      .waitFor();
    // The base stays the run chosen before, though the plan's own runs are newer now.
    await plans.showForm();
    expect(await plans.form.getByTestId('plan-base').textContent()).not.toMatch(/\/s/);
    await shoot('plans-capacity');
  });
});
