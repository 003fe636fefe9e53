// Test helper: the Run plan section of the Benchmarks screen as a user sees it, by role, label and
// test id.
import type { Locator, Page } from 'playwright-core';

export class PlansPage {
  constructor(readonly page: Page) {}

  get form(): Locator {
    return this.page.getByRole('form', { name: 'Run plan' });
  }

  /** Unfolds the Run plan form when a started plan folded it away. */
  async showForm(): Promise<void> {
    const show = this.page
      .getByRole('region', { name: 'Run plan' })
      .getByRole('button', { name: 'Show form' });
    if ((await show.count()) > 0) await show.click();
    await this.form.waitFor();
  }

  field(label: string | RegExp): Locator {
    return this.form.getByLabel(label);
  }

  get startButton(): Locator {
    return this.form.getByRole('button', { name: 'Start plan' });
  }

  get view(): Locator {
    return this.page.getByTestId('plan-view');
  }

  get progress(): Locator {
    return this.view.getByRole('progressbar', { name: 'Plan progress' });
  }

  get ciTable(): Locator {
    return this.view.getByTestId('plan-ci-table');
  }

  /** A row of the CI table: [figure, mean, ± half width, low, high]. */
  async ciRow(figure: string): Promise<string[]> {
    return this.ciTable.getByTestId(`ci-${figure}`).locator('th, td').allTextContents();
  }

  get list(): Locator {
    return this.page.getByRole('list', { name: 'Plans' });
  }

  /** Waits until the open plan has one of these statuses (data-status on the plan view). */
  async waitForStatus(timeout: number, ...statuses: string[]): Promise<void> {
    const selector = statuses.map((s) => `[data-status="${s}"]`).join(', ');
    await this.view.and(this.page.locator(selector)).waitFor({ timeout });
  }

  /** How many points a chart of the plan drew. */
  async points(testId: string): Promise<number> {
    return Number(await this.view.getByTestId(testId).getAttribute('data-points'));
  }
}
