// End to end: a log_analysis task's query-analytics report in headless Chromium over the real
// server and core, against a private PostgreSQL with pg_stat_statements. After four snapshots with
// a statement made slower each time, the newest report shows each statement's mean time and calls
// as sparklines across the three windows, sorts by a column both ways, and opens the full text.
import { describe, expect, it } from 'vitest';
import type { ConnectionParams } from '../../shared/model/connection';
import { openClient } from '../../main/core/db/client';
import { startPrivatePostgres, type PrivatePostgres } from '../support/private-postgres';
import { useBrowserApp } from './harness';

let pg: PrivatePostgres | undefined;
let taskId = '';

const LONG =
  'SELECT count(*) AS rows_for_the_query_analytics_report FROM generate_series(1, $1) AS g(i) WHERE i % 7 = 0 AND i % 11 <> 3';

/** One window's workload: the sleep `sleepS` each call, and `lookups` calls of the long statement. */
async function workload(p: ConnectionParams, sleepS: number, lookups: number) {
  const c = await openClient(p);
  try {
    for (let i = 0; i < 4; i++) await c.query('SELECT pg_sleep($1)', [sleepS]);
    for (let i = 0; i < lookups; i++) await c.query(LONG, [1000]);
  } finally {
    await c.close();
  }
}

const app = useBrowserApp({
  name: 'schedules-report',
  viewport: { width: 1400, height: 1000 },
  timeout: 30_000,
  async seed(a) {
    pg = await startPrivatePostgres({
      password: 'report-pw',
      settings: ['shared_preload_libraries=pg_stat_statements'],
    });
    const admin = await openClient(pg.params);
    await admin.query('CREATE EXTENSION pg_stat_statements');
    await admin.close();
    const { id: connectionId } = await a.api('connections.create', {
      name: 'stats pg',
      type: 'postgresql',
      host: pg.params.host,
      port: pg.params.port,
      database: pg.params.database,
      username: pg.params.username,
      password: pg.password,
      tls: { mode: 'disable' },
    });
    const task = await a.api('scheduler.create', {
      name: 'Query watch',
      task_type: 'log_analysis',
      connection_id: connectionId,
      cron_schedule: '0 2 * * *',
    });
    taskId = task.id;
    const snapshot = async () => {
      await a.api('scheduler.run', { id: taskId });
      await a.core.scheduler.settled(taskId);
    };
    await snapshot();
    for (const [sleep, lookups] of [
      [0.005, 10],
      [0.03, 20],
      [0.06, 30],
    ] as const) {
      await workload(pg.params, sleep, lookups);
      await snapshot();
    }
  },
  async cleanup() {
    await pg?.stop();
  },
});

describe('the query-analytics report of a log_analysis task', () => {
  it('shows sparklines across windows, sorts both ways and opens the full statement', async () => {
    const { page } = app;
    await page.goto(app.server.url);
    await page.locator('html[data-app-state="ready"]').waitFor({ state: 'attached' });
    await page.getByRole('link', { name: 'Schedules' }).click();
    await page.getByRole('button', { name: 'Query watch', exact: true }).click();
    const newest = page.locator('.sched-execution').first();
    const table = newest.locator('.sched-report table');
    await table.waitFor();

    // The sleep got slower in each window: its mean-time line has three points, rising.
    const sleepRow = table.getByRole('row', { name: /pg_sleep/ });
    const meanSpark = sleepRow.getByRole('img', { name: /^Mean ms per window: / });
    const words = (await meanSpark.getAttribute('aria-label')) ?? '';
    const means = [...words.matchAll(/([\d.,]+) ms/g)].map((m) => Number(m[1]!.replace(/,/g, '')));
    expect(means).toHaveLength(3);
    expect(means[0]!).toBeLessThan(means[1]!);
    expect(means[1]!).toBeLessThan(means[2]!);
    const longRow = table.getByRole('row', { name: /rows_for_the_query_analytics_report/ });
    expect(
      await longRow.getByRole('img', { name: /^Calls per window: / }).getAttribute('aria-label'),
    ).toBe('Calls per window: 10, 20, 30');
    await app.shoot('schedules-query-report');

    // Sorted by calls, most first; again, fewest first.
    const firstRowText = () => table.locator('tbody tr').first().textContent();
    const callsHeader = table.getByRole('columnheader', { name: 'Calls', exact: true });
    await callsHeader.getByRole('button').click();
    expect(await callsHeader.getAttribute('aria-sort')).toBe('descending');
    expect(await firstRowText()).toMatch(/rows_for_the_query_analytics_report/);
    await callsHeader.getByRole('button').click();
    expect(await callsHeader.getAttribute('aria-sort')).toBe('ascending');
    expect(await firstRowText()).not.toMatch(/rows_for_the_query_analytics_report/);

    // The long statement is cut in the table; a click shows it whole.
    const open = longRow.getByRole('button', { name: /rows_for_the_query_analytics_report/ });
    expect(await open.textContent()).toMatch(/…$/);
    await open.click();
    expect(await open.getAttribute('aria-expanded')).toBe('true');
    // The server's normalised text, constants as parameters, to its end.
    expect(await open.textContent()).toMatch(/WHERE i % \$\d+ = \$\d+ AND i % \$\d+ <> \$\d+$/);
    expect(app.problems).toEqual([]);
  }, 120_000);
});
