// End to end: a saved connection's dashboard on the Monitor, in headless Chromium over the real
// headless server and core, watching this machine's PostgreSQL: live figures every second, a real
// benchmark run marked on the timeline whose flag opens its page, drag to zoom and reset, and a
// day of 1 s samples drawn without a main-thread task over 50 ms.
import { loadavg } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../main/core/app';
import { DB_METRICS } from '../../shared/contract/db-metrics';
import { TEST_PG_URL, testPg } from '../support/test-databases';
import { canvasPixels } from './canvas-pixels';
import { ARTIFACTS, useBrowserApp } from './harness';
import { MonitorPage } from './pages/monitor-page';

const SCHEMA = `bp_monitordb_${process.pid}`;
const DAY_S = 86_400;
let connectionId: string;
let dayId: string;
let runId: string;

/** A day of 1 s samples for a connection: a slow wave with one spike, written straight to the store. */
function seedDay(app: { core: Core }, id: string) {
  const store = app.core.dbMetrics.store;
  const end = Date.now() - 120_000;
  app.core.dbMetrics.deps.db.transaction(() => {
    for (let i = 0; i < DAY_S; i += 1) {
      const wave = 500 + 300 * Math.sin(i / 900);
      const values: Record<string, number> = {};
      for (const m of DB_METRICS) values[m] = wave / 10;
      values.transactions_per_sec = i === 50_000 ? 9000 : wave;
      values.queries_per_sec = wave * 3;
      values.cache_hit_percent = 95 + 4 * Math.sin(i / 3000);
      store.insertRow(id, end - (DAY_S - i) * 1000, null, false, { v: values, w: {} });
    }
  })();
}

const app = useBrowserApp({
  name: 'monitor-db',
  page: 'once',
  timeout: 30_000,
  viewport: { width: 1280, height: 800 },
  async seed({ core }) {
    // This machine's sampler runs too, so its history covers the run below.
    core.metrics.updateConfig({ sampling_interval_seconds: 1, archive_enabled: false });
    core.metrics.start();
    ({ id: connectionId } = await app.api('connections.create', {
      ...testPg(),
      name: 'monitor pg',
      environment: 'test',
      tls: { mode: 'disable' },
    }));
    ({ id: dayId } = await app.api('connections.create', {
      ...testPg(),
      name: 'a day of samples',
      environment: 'test',
      tls: { mode: 'disable' },
    }));
    // A real run: the core watches the connection while it runs, so its samples carry it.
    ({ id: runId } = await app.api('runs.start', {
      connection_id: connectionId,
      type: 'oltp_point_select',
      parameters: { tables: 1, table_size: 1000 },
      threads: 2,
      duration: 3,
      warmup: 1,
      schema: SCHEMA,
    } as never));
    const done = await app.core.benchmarks.waitFor(runId);
    if (done.status !== 'completed') throw new Error(`run ended ${done.status}: ${done.message}`);
    seedDay(app, dayId);
  },
  async cleanup() {
    const client = new pg.Client({ connectionString: TEST_PG_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
    await client.end();
  },
});

let page: Page;
let ui: MonitorPage;

beforeAll(async () => {
  page = app.page;
  ui = new MonitorPage(page);
  await ui.open(app.server.url);
});

const watch = (name: string) =>
  page.getByRole('combobox', { name: 'Watch' }).selectOption({ label: name });
const points = async (id: string) =>
  Number(await page.getByTestId(`db-chart-${id}`).getAttribute('data-points'));

describe('A connection on the Monitor', () => {
  it('shows the database live, with the run that just ran marked on every chart', async () => {
    await watch('monitor pg (database)');
    const stamp = page.getByTestId('db-live-timestamp');
    await stamp.waitFor();
    const first = (await stamp.getAttribute('datetime')) ?? '';
    await page.locator(`[data-testid="db-live-timestamp"]:not([datetime="${first}"])`).waitFor();
    await expect
      .poll(async () => page.getByTestId('db-throughput-transactions_per_sec').textContent())
      .toMatch(/Transactions [\d.,]+\/s/);
    expect(await page.getByTestId('db-sessions-sessions_active').textContent()).toMatch(
      /Active \d+/,
    );
    expect(await page.getByTestId('db-cache-cache_hit_percent').textContent()).toMatch(
      /Hits [\d.]+ %/,
    );
    // The local server is reached without SSH: the dashboard says why there is no host.
    expect(await page.getByTestId('db-host-problem').textContent()).toMatch(/SSH/);
    await expect.poll(() => points('throughput')).toBeGreaterThan(2);
    // The run is marked on each database chart.
    for (const id of ['throughput', 'sessions', 'cache', 'locks', 'replication'])
      await page.getByTestId(`db-card-${id}`).getByTestId(`mark-${runId}`).waitFor();
    expect(problemsNow()).toEqual([]);
  });

  it('is whole at 1280×800 and 1920×1080', async () => {
    for (const [width, height] of [
      [1280, 800],
      [1920, 1080],
    ] as const) {
      await page.setViewportSize({ width, height });
      // Every card lies inside the page's width, its chart inside the card, and lines are drawn.
      for (const id of ['throughput', 'sessions', 'cache', 'locks', 'replication']) {
        const card = (await page.getByTestId(`db-card-${id}`).boundingBox())!;
        const canvas = (await page.getByTestId(`db-chart-${id}`).locator('canvas').boundingBox())!;
        expect(card.x + card.width, id).toBeLessThanOrEqual(width);
        expect(canvas.x + canvas.width, id).toBeLessThanOrEqual(card.x + card.width);
        expect(canvas.width, id).toBeGreaterThan(card.width * 0.8);
      }
      await expect.poll(() => linePixels('throughput', [0x4f, 0x6b, 0xed])).toBeGreaterThan(20);
      await page.screenshot({ path: join(ARTIFACTS, `monitor-db-${width}.png`) });
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('opens the run page from the run marked on the timeline', async () => {
    await page.getByTestId('db-card-throughput').getByTestId(`mark-${runId}`).click();
    await page.waitForURL(new RegExp(`#/results/runs/${runId}$`));
    await page
      .getByRole('heading', { level: 1 })
      .filter({ hasText: /oltp_point_select|Run/ })
      .waitFor();
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: 'Monitor' }).waitFor();
  });

  it("marks the run on this machine's charts too, and opens its page from there", async () => {
    await watch('monitor pg (database)');
    await expect.poll(() => app.core.dbMetrics.watching()).toContain(connectionId);
    await page.getByRole('combobox', { name: 'Watch' }).selectOption({ label: 'This machine' });
    // Leaving the connection's dashboard ends its lease: sampling stops without waiting it out.
    await expect
      .poll(() => app.core.dbMetrics.watching(), { timeout: 3_000 })
      .not.toContain(connectionId);
    await ui.tab('History').click();
    await ui.historySummary.filter({ hasText: 'points at' }).waitFor();
    const mark = ui.chart('history-chart').getByTestId(`mark-${runId}`);
    await mark.waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'monitor-host-run-mark.png') });
    await mark.click();
    await page.waitForURL(new RegExp(`#/results/runs/${runId}$`));
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: 'Monitor' }).waitFor();
    expect(problemsNow()).toEqual([]);
  });

  it('zooms on history by dragging across a chart, and resets', async () => {
    await watch('monitor pg (database)');
    await ui.range('1 hour').click();
    const summary = page.getByTestId('db-history-summary');
    await summary.filter({ hasText: /points/ }).waitFor();
    const chart = page.getByTestId('db-chart-throughput');
    const over = chart.locator('.u-over');
    const box = (await over.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.8, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.9, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await summary.filter({ hasText: 'zoomed' }).waitFor();
    const text = (await summary.textContent()) ?? '';
    const [from, to] = text
      .replace(/^Loading… /, '')
      .split(' · ')[0]!
      .split(' to ')
      .map((s) => Date.parse(s));
    // A tenth of an hour, read back from what the dashboard now shows.
    if (Number.isFinite(from) && Number.isFinite(to)) expect(to! - from!).toBeLessThan(600_000);
    // Zoomed to minutes, the history is answered at 1 s again.
    await summary.filter({ hasText: '1s points' }).waitFor();
    await page.getByRole('button', { name: 'Reset zoom' }).click();
    await summary.filter({ hasNotText: 'zoomed' }).waitFor();
    expect(problemsNow()).toEqual([]);
  });

  it('draws a day of 1 s samples without a main-thread task over 50 ms', async () => {
    await watch('a day of samples (database)');
    await page.evaluate(`(() => {
      window.longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.longTasks.push(Math.round(e.duration));
      }).observe({ type: 'longtask' });
    })()`);
    await ui.range('24 hours').click();
    await page.getByRole('combobox', { name: 'Resolution' }).selectOption('1s');
    const summary = page.getByTestId('db-history-summary');
    await summary.filter({ hasText: /1s points/ }).waitFor();
    await summary.filter({ hasNotText: 'Loading' }).waitFor({ timeout: 120_000 });
    // The chart holds the whole day, reduced to its pixel columns.
    const width = (await page.getByTestId('db-chart-throughput').boundingBox())!.width;
    await expect.poll(() => points('throughput')).toBeGreaterThan(width / 2);
    expect(await points('throughput')).toBeLessThan(3 * width + 10);
    const read = () =>
      page.evaluate<number[]>(
        '(() => { const seen = window.longTasks; window.longTasks = []; return seen; })()',
      );
    const loading = await read();
    // Redrawing the whole day: each chart reduces 86 400 samples per figure to its new width.
    // The machine is shared, so a task's wall time (the long-task entries) includes waiting for a
    // core; Chromium's trace gives each task's own CPU time too, and that is what the budget checks.
    const trace = await startTrace();
    const redraws: number[][] = [];
    // The chart's width as laid out (reading it makes the page lay out now), and as last drawn.
    const drawnWidth = async () => {
      const chart = page.getByTestId('db-chart-throughput');
      await chart.boundingBox();
      return chart.getAttribute('data-width');
    };
    for (const width of [1920, 1280, 1920]) {
      const before = await drawnWidth();
      await page.setViewportSize({ width, height: 1080 });
      await expect.poll(drawnWidth).not.toBe(before);
      await expect.poll(() => linePixels('throughput', [0x4f, 0x6b, 0xed])).toBeGreaterThan(100);
      redraws.push(await read());
    }
    const cpu = await trace.stop();
    process.stderr.write(
      `monitor-db: a day at 1 s, load ${loadavg()
        .map((l) => l.toFixed(1))
        .join(
          ' ',
        )}; long tasks (wall ms) while loading ${JSON.stringify(loading)}, per redraw ${JSON.stringify(
        redraws,
      )}; longest tasks while redrawing (CPU ms) ${JSON.stringify(cpu.slice(0, 5))}\n`,
    );
    expect(cpu.length).toBeGreaterThan(0);
    expect(cpu[0]).toBeLessThan(50);
    await page.screenshot({ path: join(ARTIFACTS, 'monitor-db-day.png') });
  }, 180_000);
});

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  tdur?: number;
  args?: { name?: string };
}

/**
 * Chromium's timeline trace of the page's main thread; `stop` answers the CPU time of its tasks in
 * milliseconds, longest first.
 */
async function startTrace(): Promise<{ stop: () => Promise<number[]> }> {
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as TraceEvent[])));
  await cdp.send('Tracing.start', {
    categories: 'devtools.timeline,toplevel',
    transferMode: 'ReportEvents',
  });
  return {
    async stop() {
      const complete = new Promise<void>((resolve) =>
        cdp.once('Tracing.tracingComplete', () => resolve()),
      );
      await cdp.send('Tracing.end');
      await complete;
      await cdp.detach();
      const mains = new Set(
        events
          .filter(
            (e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain',
          )
          .map((e) => `${e.pid}:${e.tid}`),
      );
      return events
        .filter(
          (e) =>
            e.name === 'ThreadControllerImpl::RunTask' &&
            e.ph === 'X' &&
            mains.has(`${e.pid}:${e.tid}`),
        )
        .map((e) => Math.round((e.tdur ?? 0) / 100) / 10)
        .sort((a, b) => b - a);
    },
  };
}

/** Pixels of a chart's canvas in a series' colour: a drawn line, not an empty plot. */
function linePixels(id: string, [r, g, b]: [number, number, number]): Promise<number> {
  return canvasPixels<number>(
    page,
    `[data-testid="db-chart-${id}"]`,
    null,
    `let n = 0;
    for (let i = 0; i < data.length; i += 4)
      if (Math.abs(data[i] - ${r}) < 40 && Math.abs(data[i + 1] - ${g}) < 40 &&
          Math.abs(data[i + 2] - ${b}) < 40 && data[i + 3] > 200) n += 1;
    return n;`,
  );
}

function problemsNow(): string[] {
  return app.problems;
}
