// End to end: the Monitor's charts are read correctly at 1280 and 1920 px — every value-axis label
// lies wholly inside its chart (read from the rendered SVG), a five-minute gap in the stored
// samples is drawn as a gap and named, and the network card says loopback is not counted.
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../main/core/app';
import { systemClock } from '../../main/core/metrics/clock';
import { FIGURES } from '../../main/core/metrics/figures';
import { encodeSample, type StoredSample } from '../../main/core/metrics/history-store';
import { HostReader } from '../../main/core/metrics/host-reader';
import { unavailable } from '../../main/core/metrics/perf-counters';
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
 * Each value-axis label of a chart with its rendered box: a label is fully visible when its box
 * lies inside the chart's SVG box.
 */
async function axisLabels(chart: Locator) {
  const svg = chart.locator('svg.recharts-surface:has(.recharts-yAxis-tick-labels)');
  await svg
    .locator('.recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value')
    .first()
    .waitFor();
  const box = (await svg.boundingBox())!;
  const ticks = svg.locator('.recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value');
  const out: { text: string; inside: boolean }[] = [];
  for (const tick of await ticks.all()) {
    const b = (await tick.boundingBox())!;
    out.push({
      text: (await tick.textContent()) ?? '',
      inside:
        b.x >= box.x - 0.5 &&
        b.x + b.width <= box.x + box.width + 0.5 &&
        b.y >= box.y - 0.5 &&
        b.y + b.height <= box.y + box.height + 0.5,
    });
  }
  return out;
}

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
      await page.getByRole('figure', { name: 'Network history' }).focus();
      await page.keyboard.press('End');
      expect(await page.getByTestId('history-chart-readout').textContent()).toMatch(
        /^\S.*: \S+ [\d.,]+ (?:[KMG]i)?B\/s, \S+ [\d.,]+ (?:[KMG]i)?B\/s$/,
      );
      await page.keyboard.press('Escape');
      expect(await page.getByTestId('history-note').textContent()).toMatch(
        /Loopback \(lo\) traffic is not counted/,
      );
      await page.screenshot({ path: join(ARTIFACTS, `monitor-history-gap-${width}.png`) });
    });

    it(`shows whole axis labels on every live chart at ${width} px`, async () => {
      await page.setViewportSize({ width, height });
      await ui.tab('Live').click();
      await ui.liveTimestamp.waitFor();
      await expect.poll(() => ui.points('live-chart-network')).toBeGreaterThanOrEqual(2);
      for (const type of ['cpu', 'memory', 'network', 'disk']) {
        const labels = await axisLabels(ui.chart(`live-chart-${type}`));
        expect(labels.length).toBeGreaterThanOrEqual(2);
        for (const l of labels) {
          expect(l, `${type}: ${l.text}`).toMatchObject({ inside: true });
          // Read whole, on one line: a label broken in two loses its space ("1,000B/s").
          expect(l.text, type).toMatch(/^[\d.,]+ (%|([KMG]i)?B\/s)$/);
        }
      }
      expect(await page.getByTestId('live-network-note').textContent()).toContain(
        'Loopback (lo) traffic is not counted',
      );
      await page.screenshot({ path: join(ARTIFACTS, `monitor-live-${width}.png`) });
    });
  }
});
