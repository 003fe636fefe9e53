// End to end: the Run plan section of the Benchmarks screen in headless Chromium over the real
// headless server and core; the plans' runs load the machine's PostgreSQL for real.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Input, Method, Output } from '../../shared/contract';
import { createCore, type Core } from '../../main/core/app';
import { openClient } from '../../main/core/db/client';
import { createLogger } from '../../main/core/logging/logger';
import { createMemorySecretStore } from '../../main/core/secrets/secret-store';
import { dispatch } from '../../main/rpc/dispatch';
import { type RunningServer, startServer } from '../../main/server/server';
import { testPg } from '../support/test-databases';
import { launchChromium } from './chromium';
import { BenchmarksPage } from './pages/benchmarks-page';
import { PlansPage } from './pages/plans-page';
import { ensureRendererBuilt, RENDERER_DIST } from './renderer-build';

const ARTIFACTS = join(import.meta.dirname, '..', '..', 'test-artifacts');
const TOKEN = 'browser-plans-token-c3a9';
const SCHEMA = 'c3_plans_browser';

let dataDir: string;
let profileDir: string;
let core: Core;
let server: RunningServer;
let context: BrowserContext;
let page: Page;
let plans: PlansPage;
let problems: string[];

async function api<M extends Method>(method: M, input: Input<M>): Promise<Output<M>> {
  const result = await dispatch(core.handlers, method, input);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as Output<M>;
}

beforeAll(async () => {
  ensureRendererBuilt();
  mkdirSync(ARTIFACTS, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'bp-browser-plans-'));
  profileDir = mkdtempSync(join(tmpdir(), 'bp-chromium-'));
  const logger = createLogger({ level: 'warn', echo: (line) => process.stderr.write(`${line}\n`) });
  core = createCore({
    dataDir,
    logger,
    secrets: { store: createMemorySecretStore(), message: null },
    version: '0.1.0',
  });
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
  server = await startServer({ core, port: 0, token: TOKEN, logger, staticDir: RENDERER_DIST });
  context = await launchChromium(profileDir, { width: 1280, height: 1000 });
  context.setDefaultTimeout(20_000);
});

afterAll(async () => {
  await context?.close();
  await server?.close();
  await core?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  const c = await openClient(testPg());
  try {
    await c.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
  } finally {
    await c.close();
  }
});

beforeEach(async () => {
  problems = [];
  page = await context.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning')
      problems.push(`console ${msg.type()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  await new BenchmarksPage(page).open(server.url);
  plans = new PlansPage(page);
  await plans.form.waitFor();
});

afterEach(async () => {
  for (const p of context.pages()) await p.close();
  expect(problems).toEqual([]);
});

async function shoot(name: string): Promise<void> {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.screenshot({ path: join(ARTIFACTS, `${name}-light.png`), fullPage: true });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: join(ARTIFACTS, `${name}-dark.png`), fullPage: true });
  await page.emulateMedia({ colorScheme: 'light' });
}

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
    await plans.list.getByRole('button', { name: /^repeat plan of .*, Completed, / }).waitFor();
  });

  it('sweeps clients and draws the scalability and latency-vs-throughput curves', async () => {
    await plans.field('Plan').selectOption({ label: 'Sweep a setting' });
    await plans.field('Setting').selectOption({ label: 'Clients (threads)' });
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
    expect(await plans.form.getByTestId('plan-base').textContent()).not.toMatch(/\/s/);
    await shoot('plans-capacity');
  });
});
