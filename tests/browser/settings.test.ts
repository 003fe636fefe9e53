// End to end: the Settings screen sets things, over a real core with its sampler running — the
// theme applies live, new-run defaults reach the core's getter, a new sampling interval changes
// the sampler's cadence and a shorter retention reaches the pruner, all without a restart.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../main/core/metrics/clock';
import { HostReader } from '../../main/core/metrics/host-reader';
import { unavailable } from '../../main/core/metrics/perf-counters';
import { runCli } from '../support/cli';
import { ARTIFACTS, useBrowserApp } from './harness';
import { seriousViolations } from './pages/axe';

const app = useBrowserApp({
  name: 'settings',
  viewport: { width: 1280, height: 800 },
  timeout: 20_000,
  startSampler: true,
});
let page: Page;

beforeEach(async () => {
  page = app.page;
  await page.goto(`${app.server.url}#/settings`);
  await page.locator('html[data-app-state="ready"]').waitFor({ state: 'attached' });
  await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
});

/** Long enough for the owner's settings watch (a second) on a loaded machine. */
const SOON = { timeout: 10_000 };

const card = (name: string) => page.getByRole('region', { name });
const said = (name: string) => card(name).getByRole('status').last();

/** Milliseconds between the next two samples the core publishes. */
function nextGap(): Promise<number> {
  return new Promise((resolve) => {
    const times: number[] = [];
    const off = app.core.events.subscribe((e) => {
      if (e.event !== 'metrics.sampled') return;
      times.push(Date.now());
      if (times.length === 2) {
        off();
        resolve((times[1] ?? 0) - (times[0] ?? 0));
      }
    });
  });
}

describe('Settings', () => {
  it('shows every card, the data directory and secret store with their state, and passes axe', async () => {
    for (const name of ['Appearance', 'New benchmark runs', 'Host metrics', 'Tenant query log'])
      await card(name).waitFor();
    expect(await page.getByTestId('data-dir-state').innerText()).toMatch(
      /^Writable, [\d.,]+ (KiB|MiB|GiB|TiB) free\.$/,
    );
    expect(await page.getByTestId('secret-store').innerText()).toBe(
      'Memory only (forgotten on exit)',
    );
    for (const size of [
      { width: 1280, height: 800 },
      { width: 1920, height: 1080 },
    ]) {
      await page.setViewportSize(size);
      await page.screenshot({
        path: join(ARTIFACTS, `settings-${size.width}x${size.height}.png`),
        fullPage: true,
      });
    }
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('applies the theme live and keeps it', async () => {
    const bg = () =>
      page.evaluate(() => {
        const g = globalThis as unknown as {
          getComputedStyle(e: unknown): { backgroundColor: string };
          document: { body: unknown };
        };
        return g.getComputedStyle(g.document.body).backgroundColor;
      });
    const light = await bg();
    await card('Appearance').getByRole('radio', { name: 'Dark' }).check();
    await page.locator('html[data-theme="dark"]').waitFor({ state: 'attached' });
    expect(await bg()).not.toBe(light);
    expect(await said('Appearance').innerText()).toBe('Saved. It applies now; no restart needed.');
    expect((await app.api('settings.get', {})).theme).toBe('dark');
    await page.screenshot({ path: join(ARTIFACTS, 'settings-dark-1280x800.png'), fullPage: true });

    // Another window follows the change without reloading; a reload keeps it.
    const other = await app.newPage('light');
    await other.goto(`${app.server.url}#/connections`);
    await other.locator('html[data-theme="dark"]').waitFor({ state: 'attached' });
    await card('Appearance').getByRole('radio', { name: 'Same as the system' }).check();
    await other.locator('html[data-theme="light"]').waitFor({ state: 'attached' });
    await other.close();
  });

  it('checks and saves the defaults of a new run, which the core hands out', async () => {
    const c = card('New benchmark runs');
    await c.getByLabel('Clients').fill('0');
    await c.getByLabel('Benchmark schema').fill('Bad Name');
    await c.getByRole('button', { name: 'Save' }).click();
    await c.getByText('Type a whole number from 1 to 4,096 clients.').waitFor();
    await c.getByText(/^Use lower-case letters a–z/).waitFor();
    expect(app.core.settings.benchDefaults().clients).toBe(4);

    await c.getByLabel('Clients').fill('16');
    await c.getByLabel('Duration').fill('120');
    await c.getByLabel('Warm-up').fill('15');
    await c.getByLabel('Report interval').fill('500');
    await c.getByLabel('Benchmark schema').fill('bench_h20');
    await c.getByRole('button', { name: 'Save' }).click();
    await c.getByText('Saved. It applies now; no restart needed.').waitFor();
    expect(app.core.settings.benchDefaults()).toEqual({
      clients: 16,
      duration: 120,
      warmup: 15,
      report_interval_ms: 500,
      schema: 'bench_h20',
    });

    // A fresh New run form starts from them.
    await page.getByRole('link', { name: 'Benchmarks' }).click();
    const form = page.getByRole('form', { name: 'New run' });
    // A poll's own deadline is a second: the screen must be there before its field is read.
    await form.getByLabel('Clients').waitFor();
    await expect.poll(() => form.getByLabel('Clients').inputValue(), SOON).toBe('16');
    expect(await form.getByLabel('Duration (s)').inputValue()).toBe('120');
    expect(await form.getByLabel(/^Warm-up/).inputValue()).toBe('15');
    expect(await form.getByLabel(/^Report interval/).inputValue()).toBe('0.5');
  });

  it('changes the sampler’s cadence at once', async () => {
    const c = card('Host metrics');
    await c.getByLabel('Sampling interval').fill('1');
    await c.getByRole('button', { name: 'Save' }).click();
    await c.getByText('Saved. It applies now; no restart needed.').waitFor();
    expect(app.core.metrics.samplerIntervalMs).toBe(1_000);
    await nextGap();

    await c.getByLabel('Sampling interval').fill('3');
    await c.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => app.core.metrics.samplerIntervalMs).toBe(3_000);
    await nextGap(); // the one already scheduled at the old pace may still come
    // A loaded machine can only make the gap longer, never shorter than the new pace.
    expect(await nextGap()).toBeGreaterThan(2_500);
  }, 30_000);

  it('hands a shorter retention to the pruner, archive off', async () => {
    const reader = new HostReader({
      clock: systemClock,
      perf: { current: () => unavailable('test'), close() {} },
    });
    const first = reader.snapshot();
    const old = Date.now() - 5 * 86_400_000;
    app.core.metrics.record(old, reader.compose(first, reader.snapshot()));
    expect(app.core.metrics.store.span().oldest).toBe(old);

    const c = card('Host metrics');
    await c.getByLabel(/^Archive samples/).uncheck();
    await expect.poll(() => app.core.metrics.config.get().archive_enabled).toBe(false);
    await c.getByLabel('Keep samples for').fill('3');
    await c.getByRole('button', { name: 'Save' }).click();
    await c.getByText('Saved. It applies now; no restart needed.').first().waitFor();
    expect(app.core.metrics.config.get().retention_days).toBe(3);
    expect(app.core.metrics.store.span().oldest ?? Infinity).toBeGreaterThan(old);
    const archive = join(app.dataDir, 'metrics-archive');
    expect(existsSync(archive) ? readdirSync(archive) : []).toEqual([]);
  });

  it('sets the tenant log’s slow threshold', async () => {
    const c = card('Tenant query log');
    await c.getByLabel('Slow query threshold').fill('250');
    await c.getByRole('button', { name: 'Save' }).click();
    await c.getByText('Saved. It applies now; no restart needed.').waitFor();
    expect((await app.api('tenantLogs.settings', {})).slow_query_ms).toBe(250);
  });

  it('shows what `benchphant settings set` changed while the screen is open, keeping what is being typed', async () => {
    const bench = card('New benchmark runs');
    const host = card('Host metrics');
    const logs = card('Tenant query log');
    await bench.getByLabel('Clients').waitFor();
    // Being typed, not saved: a change from elsewhere must not take it away.
    await bench.getByLabel('Duration').fill('99');

    // The real CLI, a separate process writing the same store beside this running core.
    const set = await runCli(
      [
        'settings',
        'set',
        '--clients',
        '24',
        '--duration',
        '45',
        '--sampling-interval',
        '7',
        '--archive',
        'on',
        '--slow-query-ms',
        '450',
        '--theme',
        'dark',
      ],
      { env: { BENCHPHANT_DATA_DIR: app.dataDir, BENCHPHANT_SECRET_STORE: 'memory' } },
    );
    expect(set.code, set.stderr).toBe(0);

    // The owner sees SQLite's data_version move within a second and pushes each change.
    await expect.poll(() => bench.getByLabel('Clients').inputValue(), SOON).toBe('24');
    await expect.poll(() => host.getByLabel('Sampling interval').inputValue(), SOON).toBe('7');
    await expect.poll(() => host.getByLabel(/^Archive samples/).isChecked(), SOON).toBe(true);
    await expect.poll(() => logs.getByLabel('Slow query threshold').inputValue(), SOON).toBe('450');
    await page.locator('html[data-theme="dark"]').waitFor({ state: 'attached' });
    expect(await card('Appearance').getByRole('radio', { name: 'Dark' }).isChecked()).toBe(true);
    expect(await bench.getByLabel('Duration').inputValue()).toBe('99');
    await page.screenshot({
      path: join(ARTIFACTS, 'settings-after-cli-1280x800.png'),
      fullPage: true,
    });
  }, 60_000);
});
