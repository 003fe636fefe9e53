// End to end: one-hour runs (3 600 intervals each, imported from bundles made from a real run on
// the machine's PostgreSQL) on the run page and in a three-run comparison. The charts are
// canvases, those over time reduced to their pixel width, with the right series, and a
// one-second latency spike in the hour is still drawn.
import { join } from 'node:path';
import pg from 'pg';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { runBundleSchema } from '../../shared/contract/results';
import { HOUR_S, hourLong, spikeAt } from '../support/hour-long-bundle';
import { TEST_PG_URL, testPg } from '../support/test-databases';
import { ARTIFACTS, useBrowserApp } from './harness';

const SCHEMA = `bp_longcharts_${process.pid}`;
const ids: string[] = [];
/** Each imported run's p99 at its spike, the hour's highest. */
const spikes: number[] = [];

const app = useBrowserApp({
  name: 'charts-long-runs',
  page: 'once',
  viewport: { width: 1280, height: 800 },
  timeout: 60_000,
  async seed(a) {
    const conn = await a.api('connections.create', {
      ...testPg(),
      name: 'long charts pg',
      environment: 'test',
      tls: { mode: 'disable' },
    });
    const short = await a.api('runs.start', {
      connection_id: conn.id,
      type: 'oltp_point_select',
      parameters: { tables: 1, table_size: 1000 },
      threads: 1,
      duration: 2,
      warmup: 0,
      schema: SCHEMA,
    });
    await a.core.benchmarks.waitFor(short.id);
    const exported = await a.api('results.export', { id: short.id, format: 'json' });
    const template = runBundleSchema.parse(JSON.parse(exported.content));
    for (let v = 0; v < 3; v += 1) {
      const bundle = hourLong(template, v);
      spikes.push(Math.max(...bundle.intervals.map((i) => i.latency.p99)));
      expect(bundle.intervals.find((i) => i.t === spikeAt(v))!.latency.p99).toBe(spikes[v]);
      ids.push((await a.api('results.import', { bundle })).id);
    }
  },
  async cleanup() {
    const c = new pg.Client({ connectionString: TEST_PG_URL });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
    await c.end();
  },
});

let page: Page;
beforeAll(() => {
  page = app.page;
});

/** A canvas chart once drawn: its series, point count, plot width and each series' highest value. */
async function drawn(testId: string) {
  const chart = page.locator(`[data-testid="${testId}"][data-points]`);
  await chart.locator('canvas').waitFor();
  const attr = async (name: string) => (await chart.getAttribute(name)) ?? '';
  return {
    series: (await attr('data-series')).split('|'),
    points: Number(await attr('data-points')),
    width: Number(await attr('data-width')),
    max: JSON.parse(await attr('data-max')) as (number | null)[],
  };
}

describe('Charts of one-hour runs', () => {
  it('draws the run page on canvases reduced to the plot width, the spike kept', async () => {
    await page.goto(`${app.server.url}#/results/runs/${ids[0]}`);
    await page.getByTestId('run-page').waitFor();
    const latency = await drawn('run-latency-chart');
    expect(latency.series).toEqual(['p50', 'p95', 'p99']);
    // An hour of intervals in a plot some hundreds of pixels wide: at most three points a column.
    expect(latency.width).toBeGreaterThan(200);
    expect(latency.points).toBeLessThanOrEqual(3 * latency.width + 2);
    expect(latency.points).toBeLessThan(HOUR_S);
    expect(latency.points).toBeGreaterThan(latency.width);
    // The one interval of ten times the latency is among the points drawn.
    expect(latency.max[2]).toBeCloseTo(spikes[0]!, 6);
    const qps = await drawn('run-qps-chart');
    expect(qps.series).toEqual(['Queries/s', 'Transactions/s']);
    expect(qps.points).toBeLessThanOrEqual(3 * qps.width + 2);
    // No SVG line chart is left on the page for figures over time.
    expect(await page.locator('.recharts-line-curve').count()).toBe(0);
  });

  it('reads the values under the crosshair, by pointer and by the arrow keys of the focused chart', async () => {
    await page.goto(`${app.server.url}#/results/runs/${ids[0]}`);
    await drawn('run-latency-chart');
    // The canvas chart itself (inside the page's captioned figure) takes the focus.
    const chart = page.locator('.uplot-chart', { has: page.getByTestId('run-latency-chart') });
    const readout = page.getByTestId('run-latency-chart-readout');
    const tip = chart.locator('.uplot-readout');
    /** The seconds into the run the readout is at, and whether each series reads a value. */
    const read = async () => {
      const text = (await readout.textContent()) ?? '';
      // Values in the unit the chart's name gives ("Latency (ms)").
      const m = text.match(/^([\d.]+) s: p50 [\d.,]+, p95 [\d.,]+, p99 [\d.,]+$/);
      expect(m, text).not.toBeNull();
      return { at: Number(m![1]), text };
    };
    expect(await readout.textContent()).toBe('');
    await chart.focus();
    await page.keyboard.press('End');
    const end = await read();
    expect(end.at).toBeGreaterThanOrEqual(HOUR_S - 1);
    // The value is also drawn beside the crosshair, in the same words.
    await expect.poll(() => tip.innerText()).toContain('p99');
    await page.keyboard.press('Home');
    const start = await read();
    expect(start.at).toBeLessThan(5);
    // → walks point by point (at least a pixel apart); Shift+→ a tenth of the plot.
    await page.keyboard.press('ArrowRight');
    const next = await read();
    expect(next.at).toBeGreaterThan(start.at);
    expect(next.at).toBeLessThan(start.at + 10);
    await page.keyboard.press('Shift+ArrowRight');
    const far = await read();
    expect(far.at - next.at).toBeGreaterThan(HOUR_S * 0.08);
    expect(far.at - next.at).toBeLessThan(HOUR_S * 0.12);
    await page.keyboard.press('Escape');
    await expect.poll(() => readout.textContent()).toBe('');
    expect(await tip.count()).toBe(0);
    // The pointer at the middle of the plot reads the middle of the hour.
    const plot = (await chart.locator('.u-over').boundingBox())!;
    await page.mouse.move(plot.x + plot.width / 2, plot.y + plot.height / 2);
    await expect.poll(async () => (await read()).at).toBeGreaterThan(HOUR_S * 0.45);
    expect((await read()).at).toBeLessThan(HOUR_S * 0.55);
    await page.screenshot({ path: join(ARTIFACTS, 'chart-readout-1280.png') });
    await page.mouse.move(0, 0);
  });

  it('overlays three one-hour runs on canvases, every run and its spike drawn', async () => {
    await page.goto(`${app.server.url}#/results/compare/${ids.join('/')}`);
    const p99 = await drawn('p99-overlay-plot');
    expect(p99.series).toHaveLength(3);
    expect(p99.points).toBeLessThanOrEqual(3 * p99.width + 2);
    p99.max.forEach((m, i) => expect(m).toBeCloseTo(spikes[i]!, 6));
    const qps = await drawn('qps-overlay-plot');
    expect(qps.series).toEqual(p99.series);
    const cpu = await drawn('cpu-overlay-plot');
    expect(cpu.series).toEqual(p99.series);
    // The percentile spectrum is a canvas too, a line for each run: no SVG chart is left.
    const spectrum = await drawn('spectrum-chart-plot');
    expect(spectrum.series).toEqual(p99.series);
    expect(spectrum.max.every((m) => m !== null && m > 0)).toBe(true);
    expect(await page.locator('.recharts-wrapper').count()).toBe(0);
  });
});
