// End to end: the Monitor screen in headless Chromium over the real headless server and core,
// sampling this machine's /proc every second, with a day and a month of stored history.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../main/core/app';
import { systemClock } from '../../main/core/metrics/clock';
import { FIGURES } from '../../main/core/metrics/figures';
import { encodeSample, type StoredSample } from '../../main/core/metrics/history-store';
import { HostReader } from '../../main/core/metrics/host-reader';
import { unavailable } from '../../main/core/metrics/perf-counters';
import { ARTIFACTS, useBrowserApp } from './harness';
import { MonitorPage } from './pages/monitor-page';

const DAY = 86_400_000;

/** A month of history at 5-minute spacing: a real sample of this machine, scaled by a slow wave (≤ 70 %). */
function seedHistory(core: Core) {
  const reader = new HostReader({
    clock: systemClock,
    perf: { current: () => unavailable('no PMU'), close() {} },
  });
  const a = reader.snapshot();
  // Back-to-back readings see no CPU time pass; give percentages a visible level instead.
  const base = encodeSample(reader.compose(a, reader.snapshot())).map((v, i) =>
    FIGURES[i]?.column.startsWith('cpu_') && FIGURES[i]?.scale === 100 ? 8000 : v,
  );
  const now = Date.now();
  const rows: StoredSample[] = [];
  let i = 0;
  for (let ts = now - 30 * DAY; ts < now - 60_000; ts += 300_000, i += 1) {
    rows.push({
      ts,
      runId: null,
      values: base.map((v) =>
        v === null ? null : Math.round((v || 50) * (0.4 + 0.3 * Math.sin(i / 12))),
      ),
    });
  }
  core.metrics.store.insertMany(rows);
}

const app = useBrowserApp({
  name: 'monitor',
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
const { problems } = app;
let page: Page;
let ui: MonitorPage;

beforeAll(async () => {
  page = app.page;
  ui = new MonitorPage(page);
  await ui.open(app.server.url);
});

describe('Monitor screen', () => {
  it('shows live values that change with each sample', async () => {
    await ui.liveTimestamp.waitFor();
    const first = (await ui.liveTimestamp.getAttribute('datetime')) ?? '';
    const second = await ui.nextSample(first);
    const third = await ui.nextSample(second);
    expect(Date.parse(third)).toBeGreaterThan(Date.parse(first));
    expect(await ui.liveValue('cpu', 'usage_percent').textContent()).toMatch(/Usage \d+\.\d %/);
    expect(await ui.liveValue('memory', 'usage_percent').textContent()).toMatch(/Used \d+\.\d %/);
    expect(await ui.liveValue('network', 'bytes_recv_per_sec').textContent()).toMatch(
      /Received [\d.]+ [KMG]?B\/s/,
    );
    await expect.poll(() => ui.points('live-chart-cpu')).toBeGreaterThanOrEqual(2);
    await page
      .getByText(/Not available on this machine: no hardware performance counters/)
      .first()
      .waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'monitor-live.png') });
    expect(problems).toEqual([]);
  });

  it('switches to history ranges answered at coarser intervals, downsampled to the chart width, and zooms by a drag', async () => {
    await ui.tab('History').click();
    await ui.historySummary.filter({ hasText: 'points at 5s' }).waitFor();
    await ui.range('24 hours').click();
    await ui.historySummary.filter({ hasText: /^2[89]\d points at 5m/ }).waitFor();
    await ui.range('30 days').click();
    await ui.historySummary.filter({ hasText: /^7[12]\d points at 1h/ }).waitFor();
    const width = (await ui.chart('history-chart').boundingBox())?.width ?? 0;
    // The chart draws in a task of its own: until then it shows the 24 hours' 5-minute points.
    await expect.poll(() => ui.points('history-chart')).toBeGreaterThan(700);
    const points = await ui.points('history-chart');
    // 720 hourly points: drawn as they are, fewer than the plot has pixel columns (more would be
    // reduced to each column's lowest and highest).
    expect(points).toBeLessThan(width);
    await page.screenshot({ path: join(ARTIFACTS, 'monitor-history.png') });
    // A drag across a tenth of a day's chart shows those 2.4 hours (a sample every 5 minutes) at
    // minutes, as a custom range.
    await ui.range('24 hours').click();
    await ui.historySummary.filter({ hasText: /^2[89]\d points at 5m/ }).waitFor();
    const over = ui.chart('history-chart').locator('.u-over');
    await over.waitFor();
    const box = (await over.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.8, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.9, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await ui.historySummary.filter({ hasText: /^[23]\d points at 1m/ }).waitFor();
    expect(await ui.range('Custom').getAttribute('aria-pressed')).toBe('true');
    expect(problems).toEqual([]);
  });

  it('compares the last day with the day before, with the summary', async () => {
    await ui.tab('Compare').click();
    await page.getByRole('combobox', { name: 'Period', exact: true }).selectOption('day');
    await page.getByRole('button', { name: 'Compare', exact: true }).click();
    await ui.compareSummary.waitFor();
    expect(await ui.compareSummary.textContent()).toMatch(
      /Usage, current.*%.*Usage, comparison.*%.*Change/,
    );
    // Both periods on one canvas chart, named, each period in its legend with its start.
    const chart = page.getByRole('figure', { name: 'Usage: current and comparison' });
    await ui.chart('compare-chart').and(page.locator('[data-points]')).waitFor();
    expect(await ui.points('compare-chart')).toBeGreaterThan(10);
    expect(
      await chart
        .getByRole('list', { name: 'Usage: current and comparison: series' })
        .getByRole('listitem')
        .allTextContents(),
    ).toEqual([
      expect.stringMatching(/^Current \(.+\)$/),
      expect.stringMatching(/^Comparison \(.+\)$/),
    ]);
    await chart.focus();
    await page.keyboard.press('Home');
    // The crosshair at the start reads time into the period (its first bucket may begin just
    // before it) and each period's value there.
    const read = (await page.getByTestId('compare-chart-readout').textContent()) ?? '';
    expect(read).toMatch(
      /^[+−]0\.\d h: Current \(.+\) (?:[\d.]+ %|no data), Comparison \(.+\) (?:[\d.]+ %|no data)$/,
    );
    expect(read).toMatch(/[\d.]+ %/);
    await page.screenshot({ path: join(ARTIFACTS, 'monitor-compare.png') });
    expect(problems).toEqual([]);
  });
});
