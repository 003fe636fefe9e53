// End to end: the prepare phase can neither freeze the server nor outlive Stop. A 3·10⁹-row start
// is refused with a clear message; a large prepare needs a confirmation, shows rows done of rows
// planned, and stops within a second while another call answers within a second; the tables it
// left are dropped from the form with the size they free.
import { describe, expect, it } from 'vitest';
import type { Input } from '../../shared/contract';
import { withClient } from '../integration/benchmark/harness';
import { testPg } from '../support/test-databases';
import { useBrowserApp } from './harness';
import { BenchmarksPage } from './pages/benchmarks-page';

const LOCAL_PG = { ...testPg(), tls: { mode: 'disable' } } as const;
const SCHEMA = `bp_i13_browser_${process.pid}`;

const app = useBrowserApp({
  name: 'prepare',
  timeout: 20_000,
  page: 'once',
  async seed() {
    const input = { ...LOCAL_PG, name: 'local pg', environment: 'test' };
    await app.api('connections.create', input as Input<'connections.create'>);
  },
  async cleanup() {
    await withClient(LOCAL_PG, (c) => c.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`));
  },
});

/** A REST call as another client would make it, timed from request to answer. */
async function timedRest(path: string, method = 'GET'): Promise<{ ms: number; body: unknown }> {
  const url = new URL(app.server.url);
  const token = url.searchParams.get('token')!;
  const t0 = performance.now();
  const res = await fetch(new URL(path, url.origin), {
    method,
    headers: { Authorization: `Bearer ${token}` },
  });
  const body: unknown = await res.json();
  return { ms: performance.now() - t0, body };
}

describe('preparing benchmark data', () => {
  it('refuses a 3·10⁹-row table with a clear message, in the form and over the API', async () => {
    const ui = new BenchmarksPage(app.page);
    await ui.open(app.server.url);
    await ui.fill({
      workload: 'sysbench oltp_point_select',
      params: { 'Rows per table': '3000000000' },
      clients: '1',
      duration: '5',
    });
    // Start checks the form: the problem shows under its field, which takes the focus, and no
    // run starts.
    await ui.startButton.click();
    await ui.form
      .getByText(
        'Rows per table is at most 2,147,483,647: the id column is a 32-bit INTEGER (got 3,000,000,000).',
      )
      .waitFor();
    const rows = ui.field('Rows per table');
    await rows.and(app.page.locator(':focus')).waitFor();
    await app.shoot('prepare-refused');
    const connection_id = (await app.api('connections.list', {}))[0]!.id;
    await expect(
      app.api('runs.start', {
        connection_id,
        type: 'oltp_point_select',
        threads: 1,
        duration: 5,
        parameters: { table_size: 3_000_000_000 },
      }),
    ).rejects.toThrow(/table_size is at most 2,147,483,647: the id column is a 32-bit INTEGER/);
    expect(await app.api('runs.list', {})).toHaveLength(0);
  });

  it('asks before a large prepare, shows rows done of planned, and stops within a second', async () => {
    const ui = new BenchmarksPage(app.page);
    const page = app.page;
    await ui.field('Rows per table').fill('1000000');
    await ui.field(/^Tables$/).fill('10');
    await ui.field('Benchmark schema').fill(SCHEMA);
    const estimate = page.getByTestId('prepare-estimate');
    await estimate.getByText(/Prepares 10,000,000 rows, about 2\.4 GB on the server/).waitFor();
    await ui.startButton.and(page.locator(':disabled')).waitFor();
    await estimate.getByLabel('Load about 2.4 GB into the server').check();
    await app.shoot('prepare-confirm');
    await ui.startButton.click();

    await ui.run.waitFor();
    await ui.phase.filter({ hasText: /Preparing data · [\d,]+ of 10,000,000 rows/ }).waitFor();
    await ui.phase.filter({ hasText: /[1-9][\d,]* of 10,000,000 rows · [\d,]+ rows\/s/ }).waitFor();
    await ui.phase.scrollIntoViewIfNeeded();
    await app.shoot('prepare-progress');

    // While rows stream in, the server answers another client at once.
    const info = await timedRest('/api/v1/info');
    expect(info.ms).toBeLessThan(1000);
    const health = await timedRest('/api/v1/health/event-loop');
    expect(health.ms).toBeLessThan(1000);
    expect((health.body as { event_loop: { max_ms: number } }).event_loop.max_ms).toBeLessThan(
      1000,
    );

    // Stop from the UI: the run has ended (cancelled) within a second of the click.
    const id = (await app.api('runs.list', {}))[0]!.id;
    const t0 = performance.now();
    await ui.stopButton.click();
    let stopped = Infinity;
    await expect
      .poll(
        async () => {
          const { body } = await timedRest(`/api/v1/benchmarks/${id}`);
          const status = (body as { status: string }).status;
          if (status === 'cancelled' && stopped === Infinity) stopped = performance.now() - t0;
          return status;
        },
        { interval: 25, timeout: 10_000 },
      )
      .toBe('cancelled');
    expect(stopped).toBeLessThan(1000);
    await ui.waitForStatus('cancelled');
    // Nothing keeps loading behind the user's back: the workers' COPY sessions are gone.
    await expect
      .poll(
        () =>
          withClient(LOCAL_PG, async (c) => {
            const r = await c.query(
              "SELECT COUNT(*) AS n FROM pg_stat_activity WHERE query LIKE 'COPY sbtest%' AND state = 'active'",
            );
            return Number(r.rows[0]!.n);
          }),
        { timeout: 10_000 },
      )
      .toBe(0);
  });

  it('drops the tables the stopped prepare left, stating the size it frees', async () => {
    const page = app.page;
    // The stopped run folded the New run form away; the button is in it.
    await new BenchmarksPage(page).showForm();
    await page.getByRole('button', { name: 'Drop benchmark tables…' }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.getByText(new RegExp(`^Drop 11 benchmark tables from ${SCHEMA}\\?$`)).waitFor();
    const said = await dialog.getByTestId('drop-tables-description').textContent();
    expect(said).toMatch(
      new RegExp(
        `drops benchphant_layout, sbtest1, .*sbtest10 in the schema ${SCHEMA} on local pg and frees about [\\d.]+ [kMG]?B`,
      ),
    );
    await app.shoot('drop-tables-confirm');
    await dialog.getByRole('button', { name: /^Drop tables/ }).click();
    await page
      .getByTestId('tables-dropped')
      .getByText(
        new RegExp(`^Dropped 11 benchmark table\\(s\\) in ${SCHEMA} on 'local pg', freeing about`),
      )
      .waitFor();
    const left = await withClient(LOCAL_PG, (c) =>
      c.query('SELECT COUNT(*) AS n FROM pg_namespace WHERE nspname = $1', [SCHEMA]),
    );
    expect(Number(left.rows[0]!.n)).toBe(0);
  });
});
