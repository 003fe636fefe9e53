// End to end: the Monitor screen in headless Chromium over the real headless server and core,
// sampling this machine's /proc every second, with a day and a month of stored history.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './chromium';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../main/core/app';
import { createLogger } from '../../main/core/logging/logger';
import { systemClock } from '../../main/core/metrics/clock';
import { FIGURES } from '../../main/core/metrics/figures';
import { encodeSample, type StoredSample } from '../../main/core/metrics/history-store';
import { HostReader } from '../../main/core/metrics/host-reader';
import { unavailable } from '../../main/core/metrics/perf-counters';
import { createMemorySecretStore } from '../../main/core/secrets/secret-store';
import { type RunningServer, startServer } from '../../main/server/server';
import { MonitorPage } from './pages/monitor-page';
import { ensureRendererBuilt, RENDERER_DIST } from './renderer-build';

const ARTIFACTS = join(import.meta.dirname, '..', '..', 'test-artifacts');
const TOKEN = 'browser-monitor-token-3f8a21';
const DAY = 86_400_000;

let dataDir: string;
let profileDir: string;
let core: Core;
let server: RunningServer;
let context: BrowserContext;
let page: Page;
let ui: MonitorPage;
const problems: string[] = [];

/** A month of history at 5-minute spacing: a real sample of this machine, scaled by a slow wave (≤ 70 %). */
function seedHistory() {
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

beforeAll(async () => {
  ensureRendererBuilt();
  mkdirSync(ARTIFACTS, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'bp-browser-monitor-'));
  profileDir = mkdtempSync(join(tmpdir(), 'bp-chromium-'));
  const logger = createLogger({ level: 'warn', echo: (line) => process.stderr.write(`${line}\n`) });
  core = createCore({
    dataDir,
    logger,
    secrets: { store: createMemorySecretStore(), message: null },
    version: '0.1.0',
  });
  core.metrics.updateConfig({
    sampling_interval_seconds: 1,
    archive_enabled: false,
    retention_days: 60,
    downsample_after_days: 40,
  });
  seedHistory();
  core.metrics.start();
  server = await startServer({ core, port: 0, token: TOKEN, logger, staticDir: RENDERER_DIST });
  context = await launchChromium(profileDir, { width: 1280, height: 900 });
  context.setDefaultTimeout(15_000);
  page = await context.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning')
      problems.push(`console ${msg.type()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  ui = new MonitorPage(page);
  await ui.open(server.url);
});

afterAll(async () => {
  await context?.close();
  await server?.close();
  await core?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  if (profileDir) rmSync(profileDir, { recursive: true, force: true });
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

  it('switches to history ranges answered at coarser intervals, downsampled to the chart width', async () => {
    await ui.tab('History').click();
    await ui.historySummary.filter({ hasText: 'points at 5s' }).waitFor();
    await ui.range('24 hours').click();
    await ui.historySummary.filter({ hasText: /^2[89]\d points at 5m/ }).waitFor();
    await ui.range('30 days').click();
    await ui.historySummary.filter({ hasText: /^7[12]\d points at 1h/ }).waitFor();
    const width = (await ui.chart('history-chart').boundingBox())?.width ?? 0;
    const points = await ui.points('history-chart');
    expect(points).toBeGreaterThan(100);
    // 720 hourly points do not fit in the plot area: LTTB keeps at most one per pixel.
    expect(points).toBeLessThan(width);
    await page.screenshot({ path: join(ARTIFACTS, 'monitor-history.png') });
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
    expect(await ui.points('compare-chart')).toBeGreaterThan(10);
    await page.screenshot({ path: join(ARTIFACTS, 'monitor-compare.png') });
    expect(problems).toEqual([]);
  });
});
