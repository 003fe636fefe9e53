// Test helper: the Monitor screen as a user sees it, by role, label and test id.
import type { Locator, Page } from 'playwright-core';

export class MonitorPage {
  constructor(readonly page: Page) {}

  /** Opens the app, waits for its first data, then goes to the Monitor through the sidebar. */
  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.page.locator('html[data-app-state="ready"]').waitFor({ state: 'attached' });
    await this.page.getByRole('link', { name: 'Monitor' }).click();
    await this.page.getByRole('heading', { level: 1, name: 'Monitor' }).waitFor();
  }

  tab(name: 'Live' | 'History' | 'Compare'): Locator {
    return this.page.getByRole('tab', { name });
  }

  get liveTimestamp(): Locator {
    return this.page.getByTestId('live-timestamp');
  }

  liveValue(type: string, figure: string): Locator {
    return this.page.getByTestId(`live-${type}-${figure}`);
  }

  chart(testId: string): Locator {
    return this.page.getByTestId(testId);
  }

  range(label: string): Locator {
    return this.page
      .getByRole('group', { name: 'Time range' })
      .getByRole('button', { name: label, exact: true });
  }

  get historySummary(): Locator {
    return this.page.getByTestId('history-summary');
  }

  get compareSummary(): Locator {
    return this.page.getByTestId('compare-summary');
  }

  /** How many points a canvas chart drew after reducing its samples to its pixel columns. */
  async points(testId: string): Promise<number> {
    // A canvas chart draws in a task of its own, after the data reach it.
    await this.chart(testId).and(this.page.locator('[data-points]')).waitFor();
    return Number(await this.chart(testId).getAttribute('data-points'));
  }

  /** Waits until the live timestamp differs from `previous` and returns the new one. */
  async nextSample(previous: string): Promise<string> {
    const changed = this.page.locator(
      `[data-testid="live-timestamp"]:not([datetime="${previous}"])`,
    );
    await changed.waitFor();
    return (await changed.getAttribute('datetime')) ?? '';
  }
}
