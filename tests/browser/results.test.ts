// End to end: the Results screen in headless Chromium over the real headless server and core.
// Two short real runs against the machine's PostgreSQL (1 and 4 clients) are compared, their
// charts and report downloaded, tagged, filtered, exported and imported back.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { TEST_PG_URL, testPg } from '../support/test-databases';
import { latencyAxis } from '../../renderer/src/components/figure-format';
import { distinctLabels } from '../../renderer/src/features/results/format';
import { ninesLabel } from '../../renderer/src/features/results/nines';
import { ARTIFACTS, useBrowserApp } from './harness';
import { ResultsPage } from './pages/results-page';

/** This suite's own schema on the shared server, dropped at the end. */
const SCHEMA = 'bp_results_ui';
const RUN_COLORS = ['#4f7cff', '#e0803a'];

let connectionId: string;
/** The 1-client run and the 4-client run. */
let one: string;
let four: string;

/** Two measured seconds of pgbench select_only, one second of warm-up, in this suite's schema. */
const shortRun = () => ({
  connection_id: connectionId,
  type: 'select_only' as const,
  parameters: { scale: 1 },
  threads: 1,
  duration: 2,
  warmup: 1,
  schema: SCHEMA,
});

async function finishedRun(threads: number): Promise<string> {
  const { id } = (await api('runs.start', { ...shortRun(), threads })) as { id: string };
  const done = await app.core.benchmarks.waitFor(id);
  if (done.status !== 'completed')
    throw new Error(`run ${id} ended ${done.status}: ${done.message}`);
  return id;
}

const app = useBrowserApp({
  name: 'results',
  timeout: 20_000,
  // Host CPU and memory during the runs, as the app and the server record them.
  startSampler: true,
  async seed() {
    ({ id: connectionId } = await api('connections.create', {
      ...testPg(),
      name: 'results pg',
      environment: 'test',
      tls: { mode: 'disable' },
    }));
    one = await finishedRun(1);
    four = await finishedRun(4);
  },
  async cleanup() {
    const admin = new pg.Client({ connectionString: TEST_PG_URL });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
    await admin.end();
  },
});
const { api } = app;
let page: Page;
let ui: ResultsPage;

beforeEach(async () => {
  page = app.page;
  ui = new ResultsPage(page);
  await ui.open(app.server.url);
});

/** Light and dark, the whole screen: the viewport grows to the scrolled content's height. */
async function shoot(name: string): Promise<void> {
  const height = Number(await page.evaluate('document.querySelector("main").scrollHeight'));
  await page.setViewportSize({ width: 1280, height: Math.max(900, height) });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.screenshot({ path: join(ARTIFACTS, `${name}-light.png`) });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: join(ARTIFACTS, `${name}-dark.png`) });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** Waits until the run list shows this many rows (filters apply after a short typing pause). */
async function rowsBecome(count: number): Promise<void> {
  await expect.poll(() => ui.rows.count(), { timeout: 15_000 }).toBe(count);
}

/** The number a summary cell shows, e.g. "1,234" or "0.412 ms". */
async function cellValue(metric: string, runId: string): Promise<number> {
  const text = await ui.cell(metric, runId).locator('.results-value').textContent();
  return Number((text ?? '').replace(/[^\d.]/g, ''));
}

describe('Results screen', () => {
  it('compares two runs: deltas against a chosen baseline, overlaid charts, the spectrum, the report', async () => {
    expect(await ui.rows.count()).toBe(2);
    expect(await ui.compareButton.isDisabled()).toBe(true);
    // Keyboard: Space ticks a focused checkbox.
    await ui.checkbox(one).focus();
    await page.keyboard.press('Space');
    await page.getByText('1 run selected: pick one more.').waitFor();
    await ui.checkbox(four).check();
    await ui.compareButton.and(page.getByRole('button', { name: 'Compare 2 runs' })).click();
    await ui.summary.waitFor();

    // The table shows what the core computed, the first ticked run as the baseline.
    const expected = await api('results.compare', {
      run_ids: [one, four],
      baseline_id: one,
    });
    const [base, other] = expected.runs;
    expect(base!.id).toBe(one);
    const headers = await ui.summary.locator('thead th').allTextContents();
    expect(headers).toEqual(['Figure', `${base!.label}baseline`, other!.label]);
    const rows = await ui.summary.locator('tbody th').allTextContents();
    expect(rows).toEqual(
      expected.metrics.map(
        (m) =>
          `${m.label}${m.unit}, ${m.direction === 'higher_better' ? 'higher' : 'lower'} is better`,
      ),
    );
    expect(expected.metrics.map((m) => m.label)).toEqual([
      'QPS',
      'TPS',
      'avg',
      'p50',
      'p95',
      'p99',
      'p99.9',
      'max',
      'errors',
    ]);
    expect(await cellValue('qps', one)).toBe(Math.round(expected.runs[0]!.figures.qps.value));
    expect(await cellValue('p99', four)).toBeCloseTo(other!.figures.p99.value, 2);
    expect(await ui.cell('qps', one).locator('.results-delta-shown').textContent()).toBe(
      'baseline',
    );
    for (const metric of ['qps', 'tps', 'p50', 'p99', 'max']) {
      const f = other!.figures[metric as 'qps'];
      const cell = ui.cell(metric, four);
      expect(await cell.getAttribute('data-verdict')).toBe(f.verdict);
      const delta = cell.locator('.results-delta');
      const shown = delta.locator('.results-delta-shown');
      // Above 1 000 % a change reads as the ratio to the baseline ("×14.2").
      const ratio = f.delta_percent! > 1000;
      const sign = f.delta_percent! > 0 ? '▲ \\+' : f.delta_percent! < 0 ? '▼ −' : '= ±';
      const times = 1 + f.delta_percent! / 100;
      const figure = ratio ? `▲ ×${times.toFixed(times >= 100 ? 0 : 1)}` : `${sign}[\\d.]+ %`;
      expect(await shown.textContent()).toMatch(
        new RegExp(`^${figure}${f.verdict === 'same' ? '' : ` ${f.verdict}`}$`),
      );
      // Colour follows the verdict and the words say it too, for screen readers as well.
      expect(await delta.locator('.visually-hidden').textContent()).toMatch(
        new RegExp(
          `(than|times) the baseline, ${f.verdict === 'same' ? 'about the same' : f.verdict}$`,
        ),
      );
      expect(await delta.getAttribute('class')).toContain(`results-delta-${f.verdict}`);
    }
    // The colour is the verdict's: the palette's success, danger or muted text.
    const tone = { better: '--success', worse: '--danger-text', same: '--text-muted' }[
      other!.figures.qps.verdict as 'better' | 'worse' | 'same'
    ];
    // Strings, not functions: the node project's types have no DOM.
    const colour = await page.evaluate(
      `getComputedStyle(document.querySelector('tr[data-metric="qps"] td[data-run-id="${four}"] .results-delta')).color`,
    );
    const palette = await page.evaluate(
      `getComputedStyle(document.documentElement).getPropertyValue('${tone}').trim()`,
    );
    expect(colour).toBe(hexToRgb(String(palette)));

    // Charts over time: a canvas each, one series per run.
    for (const id of ['qps-overlay', 'p99-overlay'])
      expect(await ui.series(id)).toEqual([base!.label, other!.label]);
    const qpsPlot = ui.chart('qps-overlay-plot');
    await qpsPlot.and(page.locator('[data-points]')).waitFor();
    const qpsPoints = Number(await qpsPlot.getAttribute('data-points'));
    expect(qpsPoints).toBe(new Set(expected.series.flatMap((s) => s.t)).size);
    // The latency spectrum, a canvas too, named for screen readers, one line per run named in
    // its legend in the run's colour, every point of the core's spectrum drawn.
    const spectra = expected.runs.map((r) => expected.spectrum.find((s) => s.run_id === r.id)!);
    const axis = latencyAxis(Math.max(...spectra.flatMap((s) => s.points.map((p) => p.ms))));
    await ui.comparison
      .getByRole('figure', { name: `Latency by percentile (${axis.unit})`, exact: true })
      .waitFor();
    expect(await ui.series('spectrum-chart')).toEqual([base!.label, other!.label]);
    expect(await ui.legend('spectrum-chart')).toEqual([
      { label: base!.label, color: hexToRgb(RUN_COLORS[0]!) },
      { label: other!.label, color: hexToRgb(RUN_COLORS[1]!) },
    ]);
    const spectrumPlot = ui.chart('spectrum-chart-plot');
    const nines = new Set(spectra.flatMap((s) => s.points.map((p) => p.nines)));
    await spectrumPlot.and(page.locator('[data-points]')).waitFor();
    expect(Number(await spectrumPlot.getAttribute('data-points'))).toBe(nines.size);
    const highest = JSON.parse((await spectrumPlot.getAttribute('data-max')) ?? '[]') as number[];
    spectra.forEach((s, i) =>
      expect(highest[i]).toBeCloseTo(Math.max(...s.points.map((p) => p.ms)), 6),
    );
    // Its x axis counts nines (0, 90, 99, 99.9 …) up to the whole nine at or past the deepest
    // point: the pointer at each whole nine's place reads that percentile of every run.
    const deepest = Math.max(...nines);
    const top = Math.min(6, Math.ceil(deepest - 1e-9));
    const over = ui.chart('spectrum-chart').locator('.u-over');
    const box = (await over.boundingBox())!;
    for (let k = 0; k <= Math.floor(deepest + 1e-9); k += 1) {
      const values = spectra.map((s, i) => {
        const ms = s.points.find((p) => Math.abs(p.nines - k) < 1e-9)?.ms;
        return `${expected.runs[i]!.label} ${ms === undefined ? 'no data' : axis.tick(ms)}`;
      });
      const x = Math.min(box.width - 1, (box.width * k) / top);
      await over.hover({ position: { x, y: box.height / 2 } });
      await expect
        .poll(() => ui.readout('spectrum-chart').textContent())
        .toBe(`p${ninesLabel(k)}: ${values.join(', ')}`);
    }
    await page.mouse.move(0, 0);
    // Host CPU and memory, with the phases shaded, from the samples taken during the runs.
    expect(expected.host.some((h) => h.t.length > 0)).toBe(true);
    expect(await ui.series('cpu-overlay')).toEqual([base!.label, other!.label]);
    expect(await ui.chart('cpu-overlay-plot').getAttribute('data-spans')).toContain('warm-up');
    expect(await ui.series('memory-overlay')).toEqual([base!.label, other!.label]);

    // "Why is it different?": the thread count is among the differences, with both values.
    const threads = ui.comparison
      .getByTestId('diff-table')
      .locator('tr[data-key="config.threads"]');
    expect(await threads.locator('td').allTextContents()).toEqual(['1', '4']);
    await shoot('results-compare');

    // The report: a self-contained HTML file with both runs and inline SVG charts.
    const report = await ui.download(() =>
      ui.comparison.getByRole('button', { name: 'Download report' }).click(),
    );
    expect(report.name).toMatch(/\.html$/);
    const html = report.bytes.toString('utf8');
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain(base!.label);
    expect(html).toContain(other!.label);
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script|<link[^>]+href="https?:/i);

    // A chart as SVG: standalone, with its title, legend, the theme's colours resolved.
    const svg = await ui.download(() =>
      ui
        .chart('qps-overlay')
        .getByRole('button', { name: /as SVG$/ })
        .click(),
    );
    expect(svg.name).toBe('benchphant-throughput-queries-s.svg');
    const svgText = svg.bytes.toString('utf8');
    expect(svgText).toMatch(/^<\?xml[^>]*>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svgText).toContain('>Throughput (queries/s)</text>');
    expect(svgText).toContain(`>${base!.label}</text>`);
    expect(svgText).toContain(`>${other!.label}</text>`);
    // The canvas as drawn, embedded as a PNG image.
    expect(svgText).toMatch(/<image href="data:image\/png;base64,[A-Za-z0-9+/]{100,}/);
    expect(svgText).not.toContain('var(--');
    // And as PNG: a real image, twice the chart's size.
    const png = await ui.download(() =>
      ui
        .chart('qps-overlay')
        .getByRole('button', { name: /as PNG$/ })
        .click(),
    );
    expect(png.name).toBe('benchphant-throughput-queries-s.png');
    expect(png.bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    writeFileSync(join(ARTIFACTS, 'results-chart-export.png'), png.bytes);
    writeFileSync(join(ARTIFACTS, 'results-chart-export.svg'), svg.bytes);
    const svgWidth = Number(/width="(\d+)"/.exec(svgText)![1]);
    expect(png.bytes.readUInt32BE(16)).toBe(svgWidth * 2);

    // Another baseline: the 4-client run; every delta is now the 1-client run's against it.
    await ui.comparison
      .getByLabel('Baseline', { exact: true })
      .selectOption({ label: other!.label });
    await ui.cell('qps', four).locator('.results-delta', { hasText: 'baseline' }).waitFor();
    const swapped = await api('results.compare', {
      run_ids: [one, four],
      baseline_id: four,
    });
    const oneQps = swapped.runs.find((r) => r.id === one)!.figures.qps;
    expect(Math.sign(oneQps.delta_percent!)).toBe(-Math.sign(other!.figures.qps.delta_percent!));
    expect(await ui.cell('qps', one).getAttribute('data-verdict')).toBe(oneQps.verdict);
    expect(await ui.cell('qps', one).locator('.results-delta-shown').textContent()).toMatch(
      oneQps.delta_percent! < 0 ? /^▼ −/ : /^▲ \+/,
    );
  });

  it('tags a run and finds it by tag and by search; filters by status and dates', async () => {
    await ui
      .row(four)
      .getByRole('button', { name: /^Edit tags and notes of / })
      .click();
    const dialog = page.getByRole('dialog', { name: /^Tags and notes of / });
    await dialog.getByRole('textbox', { name: 'Tags' }).fill('after index change, pg15');
    await dialog.getByLabel('Notes (optional)').fill('Four clients after the index change.');
    await shoot('results-tags');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await ui.row(four).getByText('after index change').waitFor();
    const saved = (await api('runs.get', { id: four })) as { id: string };
    expect(saved.id).toBe(four);
    const listed = (await api('runs.list', {})) as { id: string; tags: string[]; notes: string }[];
    expect(listed.find((r) => r.id === four)).toMatchObject({
      tags: ['after index change', 'pg15'],
      notes: 'Four clients after the index change.',
    });

    await ui.filter('Tag').selectOption('after index change');
    await rowsBecome(1);
    expect(await ui.row(four).count()).toBe(1);
    await ui.filter('Tag').selectOption('');
    await rowsBecome(2);

    await ui.filter('Search').fill('index change');
    await rowsBecome(1);
    await ui.filter('Search').fill('no such run anywhere');
    await page.getByText('No run matches these filters.').waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await rowsBecome(2);

    await ui.filter('Status').selectOption({ label: 'Failed' });
    await page.getByText('No run matches these filters.').waitFor();
    await ui.filter('Status').selectOption({ label: 'Completed' });
    await rowsBecome(2);
    await ui.filter('Status').selectOption('');

    const today = new Date();
    const day = (d: Date) =>
      `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    const tomorrow = new Date(today.getFullYear(), today.getMonth(), today.getDate() + 1);
    await ui.filter('From').fill(day(tomorrow));
    await page.getByText('No run matches these filters.').waitFor();
    await ui.filter('From').fill(day(today));
    await rowsBecome(2);
    await ui
      .filter('To')
      .fill(day(new Date(today.getFullYear(), today.getMonth(), today.getDate() - 1)));
    await page
      .getByRole('alert')
      .filter({ hasText: 'The "To" day is before the "From" day' })
      .waitFor();
    expect(await ui.rows.count()).toBe(2);
  });

  it('exports a run as JSON and CSV, imports the bundle back, and says what is wrong with a bad file', async () => {
    const json = await ui.download(() =>
      ui
        .row(one)
        .getByRole('button', { name: / as JSON$/ })
        .click(),
    );
    expect(json.name).toMatch(/\.json$/);
    const bundle = JSON.parse(json.bytes.toString('utf8')) as {
      format: string;
      run: { id: string };
      intervals: unknown[];
    };
    expect(bundle).toMatchObject({ format: 'benchphant-run', version: 1, run: { id: one } });
    expect(bundle.intervals.length).toBeGreaterThan(0);
    const csv = await ui.download(() =>
      ui
        .row(one)
        .getByRole('button', { name: / as CSV$/ })
        .click(),
    );
    expect(csv.name).toMatch(/\.csv$/);
    expect(csv.bytes.toString('utf8').split('\n').length).toBeGreaterThan(bundle.intervals.length);

    const input = page.getByTestId('import-file');
    await input.setInputFiles({
      name: 'run.json',
      mimeType: 'application/json',
      buffer: json.bytes,
    });
    await page.getByTestId('import-notice').and(page.getByRole('status')).waitFor();
    await rowsBecome(3);
    await ui.runs.getByText('imported').waitFor();
    const runs = (await api('runs.list', {})) as { id: string; imported_from: string | null }[];
    const imported = runs.find((r) => r.imported_from === one);
    expect(imported).toBeDefined();
    // The imported copy compares with its original as identical.
    await ui.checkbox(one).check();
    await ui.checkbox(imported!.id).check();
    await ui.compareButton.click();
    await ui.summary.waitFor();
    for (const metric of ['qps', 'p50', 'p99', 'max'])
      expect(await ui.cell(metric, imported!.id).getAttribute('data-verdict')).toBe('same');
    // Same connection name and start minute: the two columns are told apart by a number.
    const pair = await api('results.compare', {
      run_ids: [one, imported!.id],
    });
    const [first, second] = distinctLabels(pair.runs.map((r) => r.label));
    expect(await ui.summary.locator('thead th').allTextContents()).toEqual([
      'Figure',
      `${first}baseline`,
      second,
    ]);
    expect(first).not.toBe(second);

    await input.setInputFiles({
      name: 'notes.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('these are not the runs you are looking for'),
    });
    const notice = page.getByTestId('import-notice').and(page.getByRole('alert'));
    await notice.waitFor();
    expect(await notice.textContent()).toBe(
      'notes.txt was not imported: it is not JSON. Pick a run bundle exported from Benchphant (a .json file).',
    );
    await input.setInputFiles({
      name: 'other.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({ format: 'something-else', version: 1 })),
    });
    await notice.filter({ hasText: 'other.json was not imported' }).waitFor();
    expect(await notice.textContent()).toBe(
      'other.json was not imported: format: not a Benchphant run bundle (format must be "benchphant-run").',
    );
    await shoot('results-import-error');
    expect(await ui.rows.count()).toBe(3);
  });

  it('shows repeated runs as groups with their confidence intervals and the test that judged them', async () => {
    // A sweep of 1 and 4 clients, each point measured twice: two groups of two repetitions.
    const plan = (await api('plans.start', {
      base: shortRun(),
      kind: 'sweep',
      sweep: { parameter: 'threads', values: [1, 4] },
      repeat: 2,
    })) as { id: string };
    await expect
      .poll(async () => ((await api('plans.get', { id: plan.id })) as { status: string }).status, {
        timeout: 150_000,
        interval: 500,
      })
      .toBe('completed');
    const view = await api('plans.get', { id: plan.id });
    const ids = view.runs.map((r) => r.run_id);
    expect(ids).toHaveLength(4);

    await ui.open(app.server.url);
    for (const id of ids) await ui.checkbox(id).check();
    await ui.compareButton.click();
    const table = ui.comparison.getByTestId('repetitions-table');
    await table.waitFor();
    const expected = await api('results.compare', {
      run_ids: ids,
      baseline_id: ids[0],
    });
    const reps = expected.repetitions!;
    expect(reps.groups).toHaveLength(2);
    await ui.comparison.getByText(`Welch's t-test, α = ${reps.alpha};`).waitFor();
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBe(2);
    for (const [i, g] of reps.groups.entries()) {
      const cells = await rows.nth(i).locator('td').allTextContents();
      expect(await rows.nth(i).locator('th').textContent()).toBe(
        `${g.label}${g.baseline ? 'baseline' : ''}`,
      );
      expect(cells[0]).toBe('2');
      // QPS: the mean, its 95% interval, and for the other group the verdict with its p-value.
      const qps = g.stats.qps;
      const round = (v: number) => Math.round(v).toLocaleString('en-US');
      expect(cells[1]).toContain(`${round(qps.mean)}${round(qps.ci_low)} to ${round(qps.ci_high)}`);
      const verdict = reps.comparisons.find((c) => c.group_id === g.id && c.metric === 'qps');
      if (g.baseline) expect(verdict).toBeUndefined();
      else
        expect(cells[1]).toMatch(
          new RegExp(`${verdict!.significant ? 'significant' : 'within noise'}, p = [\\d.e-]+$`),
        );
    }
    await shoot('results-repetitions');
  });
});

function hexToRgb(hex: string): string {
  const n = Number.parseInt(hex.replace('#', ''), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
}
