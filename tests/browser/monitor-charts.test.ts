// End to end: the Monitor's canvas charts are read correctly at 1280 and 1920 px — no value-axis
// label is cut at the chart's edge (read from the canvas' pixels), the crosshair reads values in
// the axis' unit, a five-minute gap in the stored samples is drawn as a gap and named, and the
// network card says loopback is not counted.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../main/core/app';
import { systemClock } from '../../main/core/metrics/clock';
import { FIGURES } from '../../main/core/metrics/figures';
import { encodeSample, type StoredSample } from '../../main/core/metrics/history-store';
import { HostReader } from '../../main/core/metrics/host-reader';
import { unavailable } from '../../main/core/metrics/perf-counters';
import { canvasPixels } from './canvas-pixels';
import { ARTIFACTS, useBrowserApp } from './harness';
import { MonitorPage } from './pages/monitor-page';

const MIN = 60_000;
/** 572.2 MiB/s: the label "572.2 MB/s" used to be clipped to "72.2 MB/s". */
const BIG_RATE = 572.2 * 1024 * 1024;

/** Samples every 5 s over the last 16 minutes, none from 10 to 5 minutes ago; a busy network. */
function seedHistory(core: Core) {
  const reader = new HostReader({
    clock: systemClock,
    perf: { current: () => unavailable('no PMU'), close() {} },
  });
  const base = encodeSample(reader.compose(reader.snapshot(), reader.snapshot()));
  const now = Date.now();
  const gapFrom = now - 10 * MIN;
  const gapTo = now - 5 * MIN;
  const rows: StoredSample[] = [];
  let i = 0;
  for (let ts = now - 16 * MIN; ts < now - 3_000; ts += 5_000, i += 1) {
    if (ts > gapFrom && ts < gapTo) continue;
    const wave = 0.8 + 0.2 * Math.sin(i / 10);
    rows.push({
      ts,
      runId: null,
      values: base.map((v, k) => {
        const f = FIGURES[k]!;
        if (f.type === 'network' && f.name.startsWith('bytes_'))
          return Math.round(BIG_RATE * wave * f.scale);
        return v;
      }),
    });
  }
  core.metrics.store.insertMany(rows);
}

const app = useBrowserApp({
  name: 'monitor-charts',
  page: 'once',
  seed({ core }) {
    core.metrics.updateConfig({
      sampling_interval_seconds: 1,
      archive_enabled: false,
      retention_days: 60,
      downsample_after_days: 40,
    });
    seedHistory(core);
    core.metrics.start();
  },
});
let page: Page;
let ui: MonitorPage;

beforeAll(async () => {
  page = app.page;
  ui = new MonitorPage(page);
  await ui.open(app.server.url);
});

/**
 * The rows with ink in the two leftmost columns of a chart's canvas. uPlot draws the value-axis
 * labels right-aligned against the plot, and nothing else so far left: a label wider than the axis
 * runs off the canvas there ("572.2 MiB/s" read "72.2 MiB/s"), leaving ink in these columns.
 */
function inkRowsAtLeftEdge(testId: string): Promise<number[]> {
  return canvasPixels<number[]>(
    page,
    `[data-testid="${testId}"]`,
    2,
    `const rows = new Set();
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) rows.add(Math.floor(i / 4 / width));
    return [...rows];`,
  );
}

/**
 * No label runs off the chart's left edge. Ink there is kept as a picture, and the failure says
 * where it is and what the chart drew, since the live values differ every run. A live chart
 * redraws with every sample: its ink is printed on the console and looked at again for `liveMs`
 * before it fails (a full test run once saw ink on the live disk chart that no run since has shown).
 */
async function expectWholeLabels(testId: string, name: string, liveMs = 0): Promise<void> {
  const rows = await inkRowsAtLeftEdge(testId);
  if (rows.length === 0) return;
  const chart = page.getByTestId(testId);
  const shot = join(ARTIFACTS, `${testId}-clipped-${Date.now()}.png`);
  await chart.screenshot({ path: shot });
  const drawn = `${await chart.getAttribute('data-points')} points, highest ${await chart.getAttribute('data-max')}`;
  const seen = `${name}: ink at the left edge in rows ${rows.join(' ')} (${drawn}; see ${shot})`;
  if (liveMs === 0) expect.fail(seen);
  console.warn(seen);
  await expect
    .poll(async () => (await inkRowsAtLeftEdge(testId)).length, { timeout: liveMs, message: seen })
    .toBe(0);
}

const RATE = /[\d.,]+ (?:[KMG]i)?B\/s/.source;

describe('Monitor charts', () => {
  for (const [width, height] of [
    [1280, 800],
    [1920, 1080],
  ] as const) {
    it(`shows the gap, the busiest value read whole and the loopback note in history at ${width} px`, async () => {
      await page.setViewportSize({ width, height });
      await ui.tab('History').click();
      await page.getByRole('combobox', { name: 'Metric' }).selectOption('network');
      await ui.range('Last 15 min').click();
      const chart = ui.chart('history-chart');
      await ui.historySummary.filter({ hasText: 'points at 5s' }).waitFor();
      await expect
        .poll(() => page.getByTestId('history-chart-box').getAttribute('data-gaps'))
        .toBe('1');
      await chart.and(page.locator('[data-points]')).waitFor();
      // The gap is shaded and named on the canvas, and said under it.
      expect(await chart.getAttribute('data-spans')).toBe('no data');
      const said = (await page.getByTestId('history-chart-gaps').textContent()) ?? '';
      expect(said).toMatch(/^No samples from \S.* to \S.*\.$/);
      // The busiest value is about 572 MiB/s: drawn (kept by the reduction), and read whole at the
      // crosshair in the axis' unit.
      const max = JSON.parse((await chart.getAttribute('data-max')) ?? '[]') as number[];
      expect(Math.max(...max)).toBeGreaterThan(500 * 1024 * 1024);
      await expectWholeLabels('history-chart', 'network history');
      await page.getByRole('figure', { name: 'Network history' }).focus();
      await page.keyboard.press('End');
      expect(await page.getByTestId('history-chart-readout').textContent()).toMatch(
        new RegExp(`^\\S.*: Received ${RATE}, Sent ${RATE}$`),
      );
      await page.keyboard.press('Escape');
      expect(await page.getByTestId('history-note').textContent()).toMatch(
        /Loopback \(lo\) traffic is not counted/,
      );
      await page.screenshot({ path: join(ARTIFACTS, `monitor-history-gap-${width}.png`) });
    });

    it(`shows whole axis labels and reads values on every live chart at ${width} px`, async () => {
      await page.setViewportSize({ width, height });
      await ui.tab('Live').click();
      await ui.liveTimestamp.waitFor();
      await expect.poll(() => ui.points('live-chart-network')).toBeGreaterThanOrEqual(2);
      const units = { CPU: '%', Memory: '%', Network: 'B/s', Disk: 'B/s' };
      for (const [title, unit] of Object.entries(units)) {
        const type = title.toLowerCase();
        const chart = ui.chart(`live-chart-${type}`);
        await chart.and(page.locator('[data-points]')).waitFor();
        await expectWholeLabels(`live-chart-${type}`, type, 3_000);
        // The chart is named for what it shows, and its crosshair reads the newest sample.
        await page.getByRole('figure', { name: `${title}, live` }).focus();
        await page.keyboard.press('End');
        const read = (await page.getByTestId(`live-chart-${type}-readout`).textContent()) ?? '';
        expect(read, type).toMatch(/^\S.*: \S/);
        for (const value of read.split(': ')[1]!.split(', '))
          expect(value, type).toMatch(new RegExp(`^[\\w/ ]+ [\\d.,]+ (?:[KMG]i)?${unit}$`));
        await page.keyboard.press('Escape');
      }
      expect(await page.getByTestId('live-network-note').textContent()).toContain(
        'Loopback (lo) traffic is not counted',
      );
      await page.screenshot({ path: join(ARTIFACTS, `monitor-live-${width}.png`) });
    });
  }
});
