// End to end: the Schedules screen in headless Chromium over the real server and core. A user
// creates a nightly benchmark task from a saved profile, sees the schedule in words with its next
// runs, presses Run now twice (the second after the database got slower) and sees the executions,
// the regression, its notification (the task's webhook, received here) and the comparison it links
// to; a bad cron expression is explained at its field.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openClient } from '../../main/core/db/client';
import { testPg } from '../support/test-databases';
import { useBrowserApp } from './harness';

const TABLE = 'public.c17_sched_browser';

/** A local webhook receiver: every POSTed JSON body. */
const received: { text: string }[] = [];
let hook: Server;
beforeAll(async () => {
  hook = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      received.push(JSON.parse(body) as { text: string });
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
});
afterAll(() => new Promise<void>((resolve) => hook.close(() => resolve())));

const app = useBrowserApp({
  name: 'schedules',
  viewport: { width: 1280, height: 900 },
  timeout: 30_000,
  async seed() {
    const c = await openClient(testPg());
    try {
      await c.query(`DROP TABLE IF EXISTS ${TABLE}`);
      await c.query(`CREATE TABLE ${TABLE} (k integer NOT NULL, v text NOT NULL)`);
      await c.query(
        `INSERT INTO ${TABLE} SELECT g, md5(g::text) FROM generate_series(1, 200000) g`,
      );
      await c.query(`CREATE INDEX c17_sched_browser_k ON ${TABLE} (k)`);
      await c.query(`ANALYZE ${TABLE}`);
    } finally {
      await c.close();
    }
    await app.api('connections.create', {
      ...testPg(),
      name: 'staging pg',
      environment: 'staging',
    });
    await app.api('profiles.save', {
      name: 'nightly lookup',
      config: {
        type: 'custom',
        duration: 2,
        warmup: 0,
        threads: 2,
        parameters: { init: 'none' },
        scripts: [{ sql: `\\set k random(1, 200000)\nSELECT v FROM ${TABLE} WHERE k = :k;` }],
      },
    });
  },
  async cleanup() {
    const c = await openClient(testPg());
    try {
      await c.query(`DROP TABLE IF EXISTS ${TABLE}`);
    } finally {
      await c.close();
    }
  },
});

beforeEach(async () => {
  const { page } = app;
  await page.goto(app.server.url);
  await page.locator('html[data-app-state="ready"]').waitFor({ state: 'attached' });
  await page.getByRole('link', { name: 'Schedules' }).click();
  await page.getByRole('heading', { level: 1, name: 'Schedules' }).waitFor();
});

describe('Schedules', () => {
  it('creates a nightly benchmark task, runs it now, and shows a regression, its webhook and its comparison', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'New task' }).first().click();
    const form = page.getByRole('form', { name: 'New scheduled task' });
    await form.getByLabel('Name').fill('Nightly lookup');
    await form.getByLabel('Saved profile').selectOption('nightly lookup');
    await form.getByLabel('Regressed when').fill('avg>+100%');
    await form.getByLabel('Time zone').fill('Europe/Berlin');
    await form
      .getByLabel('Webhook on failure or regression')
      .fill(`http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`);
    await form.getByRole('button', { name: 'Weekdays at 07:00' }).click();
    await expect
      .poll(() => form.getByText(/^Every weekday \(Monday to Friday\) at 07:00; next: /).count())
      .toBe(1);
    await app.shoot('schedules-form');
    await form.getByRole('button', { name: 'Create task' }).click();
    await form.waitFor({ state: 'detached' });

    const row = page.getByRole('row', { name: /Nightly lookup/ });
    await expect
      .poll(() => row.textContent())
      .toMatch(/every weekday \(Monday to Friday\) at 07:00/);
    await row.getByRole('button', { name: 'Nightly lookup', exact: true }).click();
    await row.getByRole('button', { name: 'Run Nightly lookup now' }).click();
    const executions = page.locator('.sched-execution');
    await expect
      .poll(() => executions.first().getAttribute('data-status'), { timeout: 60_000 })
      .toBe('succeeded');
    await expect.poll(() => executions.first().textContent()).toMatch(/becomes the baseline/);

    const c = await openClient(testPg());
    await c.query('DROP INDEX c17_sched_browser_k');
    await c.close();
    await row.getByRole('button', { name: 'Run Nightly lookup now' }).click();
    await expect.poll(() => executions.count(), { timeout: 60_000 }).toBe(2);
    await expect
      .poll(() => executions.first().getAttribute('data-status'), { timeout: 60_000 })
      .toBe('regressed');
    await expect.poll(() => row.textContent()).toMatch(/Regressed/);
    const first = executions.first();
    expect(await first.textContent()).toMatch(/Regressed: avg \+\d/);
    expect(await first.getByRole('link', { name: 'Open this run' }).getAttribute('href')).toMatch(
      /^#\/results\/runs\//,
    );
    expect(await first.getByRole('link', { name: 'Open the baseline run' }).count()).toBe(1);
    // Its notification: the webhook was called, and the execution says so.
    expect(await first.textContent()).toMatch(/Webhook: delivered/);
    expect(received.map((r) => r.text)).toEqual([
      expect.stringMatching(/^Benchphant: Nightly lookup regressed: Regressed: avg/),
    ]);
    await app.shoot('schedules-regressed');
    // The comparison the regression stands on, the baseline first.
    await first.getByRole('link', { name: 'Open the comparison' }).click();
    const summary = page.getByTestId('summary-table');
    await summary.waitFor();
    await expect.poll(() => summary.locator('thead th[data-run-id]').count()).toBe(2);
    expect(await summary.textContent()).toMatch(/baseline/);
    expect(app.problems).toEqual([]);
  }, 180_000);

  it('explains a bad cron expression at its field and keeps the form open', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'New task' }).first().click();
    const form = page.getByRole('form', { name: 'New scheduled task' });
    await form.getByLabel('Name').fill('broken');
    await form.getByLabel('What it does').selectOption('connection_check');
    await form.getByLabel('Cron schedule').fill('0 25 * * *');
    await expect.poll(() => form.getByText(/hour \(0-23\) field is not valid/).count()).toBe(1);
    await form.getByRole('button', { name: 'Create task' }).click();
    expect(await form.getByLabel('Cron schedule').getAttribute('aria-invalid')).toBe('true');
    await form.getByRole('button', { name: 'Cancel' }).click();
  });
});
