// Test helper: the Results screen as a user sees it, by role, label and test id; the browser
// tests speak in these terms and never in CSS selectors, except to read a chart's SVG.
import type { Download, Locator, Page } from 'playwright-core';

export class ResultsPage {
  constructor(readonly page: Page) {}

  /** Opens the app, waits for its first data, then goes to Results through the sidebar. */
  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.page.locator('html[data-app-state="ready"]').waitFor({ state: 'attached' });
    await this.page.getByRole('link', { name: 'Results' }).click();
    await this.page.getByRole('heading', { level: 1, name: 'Results' }).waitFor();
    await this.runs.or(this.page.getByTestId('runs-empty')).first().waitFor();
  }

  get runs(): Locator {
    return this.page.getByRole('table', { name: 'Saved runs' });
  }

  /** The rows of the run list (the header row excluded). */
  get rows(): Locator {
    return this.runs.locator('tbody tr');
  }

  row(runId: string): Locator {
    return this.runs.locator(`tr[data-run-id="${runId}"]`);
  }

  get filters(): Locator {
    return this.page.getByRole('search', { name: 'Filter runs' });
  }

  filter(label: string): Locator {
    return this.filters.getByLabel(label, { exact: true });
  }

  checkbox(runId: string): Locator {
    return this.row(runId).getByRole('checkbox');
  }

  get compareButton(): Locator {
    return this.page.getByRole('button', { name: /^Compare( \d+ runs)?$/ });
  }

  get comparison(): Locator {
    return this.page.getByTestId('comparison');
  }

  get summary(): Locator {
    return this.comparison.getByTestId('summary-table');
  }

  /** A cell of the summary table: the figure's row, the run's column. */
  cell(metric: string, runId: string): Locator {
    return this.summary.locator(`tr[data-metric="${metric}"] td[data-run-id="${runId}"]`);
  }

  chart(testId: string): Locator {
    return this.comparison.getByTestId(testId);
  }

  /** The series a canvas chart draws, by name, once it has drawn them. */
  async series(testId: string): Promise<string[]> {
    const plot = this.chart(`${testId}-plot`);
    await plot.locator('canvas').waitFor();
    await plot.and(this.page.locator('[data-points]')).waitFor();
    return ((await plot.getAttribute('data-series')) ?? '').split('|');
  }

  /** A canvas chart's legend: each series' name and its swatch's colour (as `rgb(…)`). */
  async legend(testId: string): Promise<{ label: string; color: string }[]> {
    const items = await this.chart(testId).locator('.uplot-legend li').all();
    return Promise.all(
      items.map(async (item) => {
        const style = await item.locator('.uplot-legend-swatch').getAttribute('style');
        return {
          label: await item.innerText(),
          color: /background: ([^;]+)/.exec(style ?? '')?.[1] ?? '',
        };
      }),
    );
  }

  /** What a canvas chart's crosshair reads: its live region, said to screen readers. */
  readout(testId: string): Locator {
    return this.chart(`${testId}-plot-readout`);
  }

  /** Runs `action` and returns the download it starts, with its content. */
  async download(action: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), action()]);
    return { name: download.suggestedFilename(), bytes: await readDownload(download) };
  }
}

async function readDownload(download: Download): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
