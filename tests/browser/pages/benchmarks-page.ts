// Test helper: the Benchmarks screen as a user sees it, by role, label and test id; the browser
// tests speak in these terms and never in CSS selectors.
import type { Locator, Page } from 'playwright-core';

export interface RunFields {
  connection?: string;
  workload: string;
  params?: Record<string, string>;
  clients: string;
  duration: string;
}

export class BenchmarksPage {
  constructor(readonly page: Page) {}

  /** Opens the app, waits for its first data, then goes to Benchmarks through the sidebar. */
  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.page.locator('html[data-app-state="ready"]').waitFor({ state: 'attached' });
    await this.page.getByRole('link', { name: 'Benchmarks' }).click();
    await this.page.getByRole('heading', { level: 1, name: 'Benchmarks' }).waitFor();
    await this.form.waitFor();
  }

  get form(): Locator {
    return this.page.getByRole('form', { name: 'New run' });
  }

  /** The New run card, folded or not. */
  get card(): Locator {
    return this.page.getByRole('region', { name: 'New run' });
  }

  /** Unfolds the New run form when a started run folded it away. */
  async showForm(): Promise<void> {
    const show = this.card.getByRole('button', { name: 'Show form' });
    if ((await show.count()) > 0) await show.click();
    await this.form.waitFor();
  }

  field(label: string | RegExp): Locator {
    return this.form.getByLabel(label);
  }

  get startButton(): Locator {
    return this.form.getByRole('button', { name: 'Start run' });
  }

  async fill(f: RunFields): Promise<void> {
    await this.showForm();
    if (f.connection) await this.field('Connection').selectOption({ label: f.connection });
    await this.field('Workload').selectOption({ label: f.workload });
    for (const [label, value] of Object.entries(f.params ?? {}))
      await this.field(label).fill(value);
    await this.field('Clients').fill(f.clients);
    await this.field('Duration (s)').fill(f.duration);
  }

  get run(): Locator {
    return this.page.getByTestId('run-view');
  }

  get status(): Locator {
    return this.run.getByTestId('run-status');
  }

  get phase(): Locator {
    return this.run.getByTestId('run-phase');
  }

  get progress(): Locator {
    return this.run.getByRole('progressbar');
  }

  get stopButton(): Locator {
    return this.run.getByRole('button', { name: 'Stop' });
  }

  /** Waits until the open run has one of these statuses (data-status on the run view). */
  async waitForStatus(...statuses: string[]): Promise<void> {
    const selector = statuses.map((s) => `[data-status="${s}"]`).join(', ');
    await this.run.and(this.page.locator(selector)).waitFor({ timeout: 60_000 });
  }

  /** A figure of the run: its text without the label, e.g. "1,234" or "0.412 ms". */
  async figure(key: string): Promise<string> {
    return (await this.run.getByTestId(`figure-${key}`).locator('dd').textContent()) ?? '';
  }

  async figureNumber(key: string): Promise<number> {
    return Number((await this.figure(key)).replace(/[^\d.]/g, ''));
  }

  chart(testId: 'qps-chart' | 'latency-chart'): Locator {
    return this.run.getByTestId(testId);
  }

  /** How many intervals a chart was handed. */
  async points(testId: 'qps-chart' | 'latency-chart'): Promise<number> {
    // A canvas chart draws in a task of its own, after the data reach it.
    await this.chart(testId).and(this.page.locator('[data-points]')).waitFor();
    return Number(await this.chart(testId).getAttribute('data-points'));
  }

  /** Waits until a chart holds more than `atLeast` points (it gains one per interval) and returns the count. */
  async morePoints(testId: 'qps-chart' | 'latency-chart', atLeast: number): Promise<number> {
    let points = await this.points(testId);
    while (points <= atLeast) {
      await this.run
        .locator(`[data-testid="${testId}"]:not([data-points="${points}"])`)
        .waitFor({ timeout: 30_000 });
      points = await this.points(testId);
    }
    return points;
  }

  /** The series a chart draws on its canvas, by name. */
  async series(testId: 'qps-chart' | 'latency-chart'): Promise<string[]> {
    await this.chart(testId).locator('canvas').waitFor();
    return ((await this.chart(testId).getAttribute('data-series')) ?? '').split('|');
  }

  get history(): Locator {
    return this.page.getByRole('list', { name: 'History' });
  }

  historyEntries(): Locator {
    return this.history.getByRole('listitem');
  }
}
