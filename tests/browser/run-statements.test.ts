// End to end: a benchmark run's query analytics in headless Chromium over the real server and core,
// against a private PostgreSQL with pg_stat_statements. The run page lists the statements of the
// measured window; "Compare with…" a run made after the index was dropped shows the same statement
// in both runs with its mean time change.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openClient } from '../../main/core/db/client';
import { startPrivatePostgres, type PrivatePostgres } from '../support/private-postgres';
import { ARTIFACTS, useBrowserApp } from './harness';

const SCHEMA = 'c17_browser_qa';
let pg: PrivatePostgres | undefined;
const runs: { fast: string; slow: string } = { fast: '', slow: '' };

const app = useBrowserApp({
  name: 'run-statements',
  viewport: { width: 1400, height: 1000 },
  timeout: 30_000,
  async seed(a) {
    pg = await startPrivatePostgres({
      password: 'run-qa-pw',
      settings: ['shared_preload_libraries=pg_stat_statements'],
    });
    const admin = await openClient(pg.params);
    await admin.query('CREATE EXTENSION pg_stat_statements');
    await admin.query(`CREATE SCHEMA ${SCHEMA}`);
    await admin.query(`CREATE TABLE ${SCHEMA}.kv (k integer PRIMARY KEY, v text NOT NULL)`);
    await admin.query(
      `INSERT INTO ${SCHEMA}.kv SELECT g, md5(g::text) FROM generate_series(1, 5000) g`,
    );
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
    const run = async () => {
      const { id } = await a.api('runs.start', {
        connection_id: connectionId,
        type: 'custom',
        duration: 2,
        warmup: 0,
        threads: 1,
        parameters: { init: 'none' },
        scripts: [{ sql: '\\set k random(1, 5000)\nSELECT v FROM kv WHERE k = :k;' }],
        schema: SCHEMA,
      });
      const done = await a.core.benchmarks.waitFor(id);
      if (done.status !== 'completed') throw new Error(`run ${id}: ${done.message}`);
      return id;
    };
    runs.fast = await run();
    await admin.query(`ALTER TABLE ${SCHEMA}.kv DROP CONSTRAINT kv_pkey`);
    await admin.close();
    runs.slow = await run();
  },
  async cleanup() {
    await pg?.stop();
  },
});

describe('query analytics of a benchmark run', () => {
  it('lists the run’s statements on its page and compares them with another run', async () => {
    const { page } = app;
    await page.goto(`${app.server.url}#/results/runs/${runs.fast}`);
    await page.locator('html[data-app-state="ready"]').waitFor({ state: 'attached' });
    const section = page.getByTestId('run-statements');
    const table = section.getByRole('table', { name: 'Top statements' });
    await table.waitFor();
    const row = table.getByRole('row', { name: /SELECT v FROM kv WHERE k = \$1/ });
    const calls = Number(((await row.locator('td').first().textContent()) ?? '').replace(/,/g, ''));
    const run = await app.api('runs.get', { id: runs.fast });
    expect(calls).toBe(run.query_analytics!.top.find((s) => /kv/.test(s.text))!.calls);
    expect(Math.abs(calls - run.detail.transactions) / run.detail.transactions).toBeLessThan(0.1);
    expect(await section.textContent()).toMatch(/from pg_stat_statements/);
    await section.screenshot({ path: join(ARTIFACTS, 'run-page-query-analytics.png') });

    await page.getByRole('button', { name: 'Compare with…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Compare with…' });
    await dialog.getByRole('checkbox').first().check();
    await dialog.getByRole('button', { name: 'Compare 2 runs' }).click();
    const compared = page.getByTestId('compare-statements');
    await compared.waitFor();
    const shared = compared.getByRole('row', { name: /SELECT v FROM kv WHERE k = \$1/ });
    const cells = shared.locator('td');
    expect(await cells.count()).toBe(2);
    // The baseline's cell has no change; the run without the index is slower per call.
    expect(await cells.nth(0).textContent()).toMatch(/calls$/);
    expect(await cells.nth(1).textContent()).toMatch(/calls(\+[\d.]+ %|×[\d.]+)$/);
    await compared.screenshot({ path: join(ARTIFACTS, 'compare-statements.png') });
    expect(app.problems).toEqual([]);
  }, 120_000);
});
