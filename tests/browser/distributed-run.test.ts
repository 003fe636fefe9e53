// End to end: a distributed run (two local agents against the machine's PostgreSQL) on its saved
// run page — each agent's state and throughput beside the total — and two of them compared, each
// column naming its agents; in headless Chromium over the real headless server and core.
import pg from 'pg';
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { TEST_PG_URL, testPg } from '../support/test-databases';
import { useBrowserApp } from './harness';
import { ResultsPage } from './pages/results-page';

const SCHEMA = `bp_distributed_${process.pid}`;
const runs: string[] = [];

async function distributed(connectionId: string): Promise<string> {
  const { id } = await app.api('runs.start', {
    connection_id: connectionId,
    type: 'oltp_point_select',
    parameters: { tables: 1, table_size: 2000 },
    threads: 4,
    duration: 2,
    warmup: 1,
    schema: SCHEMA,
    agents: { launcher: 'local', count: 2 },
  });
  const done = await app.core.benchmarks.waitFor(id);
  if (done.status !== 'completed')
    throw new Error(`run ${id} ended ${done.status}: ${done.message}`);
  return id;
}

const app = useBrowserApp({
  name: 'distributed-run',
  timeout: 20_000,
  viewport: { width: 1280, height: 800 },
  async seed() {
    const { id } = await app.api('connections.create', {
      ...testPg(),
      name: 'distributed pg',
      environment: 'test',
      tls: { mode: 'disable' },
    });
    runs.push(await distributed(id), await distributed(id));
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

describe('a distributed run in Results', () => {
  it("shows each agent's state and throughput on the run page", async () => {
    const id = runs[0]!;
    const topo = (await app.api('runs.agents', { id }))!;
    await ui
      .row(id)
      .getByRole('link', { name: /^Open the page of / })
      .click();
    const panel = page.getByTestId('run-page').getByTestId('run-agents');
    await panel.waitFor();
    await expect
      .poll(() => panel.getByRole('heading').textContent())
      .toMatch(/^2 agents on this machine · latest interval [\d,]+ queries\/s$/);
    const rows = panel.locator('tbody tr');
    expect(await rows.count()).toBe(2);
    for (const [i, a] of topo.agents.entries()) {
      const cells = await rows.nth(i).locator('td').allTextContents();
      expect(cells[0]).toBe(String(a.shard));
      expect(cells[2]).toBe('Done');
      expect(cells[3]).toBe(String(a.clients));
      expect(cells[6]).toBe(a.queries.toLocaleString('en-US'));
    }
  });

  it('names each compared run’s agents in its column', async () => {
    for (const id of runs) await ui.checkbox(id).check();
    await ui.compareButton.click();
    await ui.summary.waitFor();
    const heads = ui.summary.getByTestId('compare-agents');
    await expect.poll(() => heads.count()).toBe(2);
    expect(await heads.allTextContents()).toEqual([
      '2 agents on this machine',
      '2 agents on this machine',
    ]);
  });
});
