// Test helper: the Connections screen as a user sees it, by role and label; the browser tests
// speak in these terms and never in CSS selectors.
import type { Locator, Page } from 'playwright-core';

export interface ConnectionFields {
  name: string;
  type?: 'PostgreSQL' | 'MySQL/MariaDB';
  host: string;
  port?: string;
  database: string;
  user: string;
  password?: string;
}

export class ConnectionsPage {
  constructor(readonly page: Page) {}

  /** Opens the app and waits until its first data has been rendered. */
  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.ready();
  }

  async ready(): Promise<void> {
    await this.page.locator('html[data-app-state="ready"]').waitFor({ state: 'attached' });
  }

  get heading(): Locator {
    return this.page.getByRole('heading', { level: 1 });
  }

  get emptyState(): Locator {
    return this.page.getByRole('heading', { name: 'No connections yet' });
  }

  get list(): Locator {
    return this.page.getByRole('list', { name: 'Saved connections' });
  }

  card(name: string): Locator {
    return this.list.getByRole('listitem', { name, exact: true });
  }

  /** The inline test outcome of a saved connection. */
  outcome(name: string): Locator {
    return this.card(name).getByRole('status');
  }

  button(name: string): Locator {
    return this.page.getByRole('button', { name, exact: true });
  }

  /** A button inside the open dialog (the page behind is inert but still has its own). */
  dialogButton(name: string): Locator {
    return this.dialog.getByRole('button', { name, exact: true });
  }

  get dialog(): Locator {
    return this.page.getByRole('dialog');
  }

  get alertDialog(): Locator {
    return this.page.getByRole('alertdialog');
  }

  /** A form field by its label, whether or not the label says "(optional)". */
  field(label: string): Locator {
    const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return this.dialog.getByLabel(new RegExp(`^${escaped}( \\(optional\\))?$`));
  }

  /** The error shown next to a field (its accessible description), once the field is marked invalid. */
  async fieldError(label: string): Promise<string> {
    const input = this.field(label);
    await input.and(this.page.locator('[aria-invalid="true"]')).waitFor();
    const described = (await input.getAttribute('aria-describedby')) ?? '';
    const errorId = described.split(' ').find((id) => id.endsWith('-error'));
    if (!errorId) return '';
    return (await this.page.locator(`[id="${errorId}"]`).textContent()) ?? '';
  }

  async fillForm(f: ConnectionFields): Promise<void> {
    await this.field('Name').fill(f.name);
    if (f.type) await this.dialog.getByRole('radio', { name: f.type }).check();
    await this.field('Host').fill(f.host);
    if (f.port !== undefined) await this.field('Port').fill(f.port);
    await this.field('Database').fill(f.database);
    await this.field('Username').fill(f.user);
    if (f.password !== undefined) await this.dialog.getByLabel('Password').fill(f.password);
  }

  /** Tests a saved connection and waits for its outcome line to settle. */
  async testSaved(name: string): Promise<string> {
    await this.card(name).getByRole('button', { name: 'Test', exact: true }).click();
    return this.settled(this.outcome(name));
  }

  /** Waits until an outcome line holds a finished result and returns its text. */
  async settled(status: Locator): Promise<string> {
    await status
      .and(this.page.locator('[data-outcome="success"], [data-outcome="failure"]'))
      .waitFor();
    return (await status.textContent()) ?? '';
  }

  /** Whether keyboard focus is inside the open dialog. */
  focusInDialog(): Promise<boolean> {
    return this.page.evaluate<boolean>(
      "Boolean(document.activeElement && document.activeElement.closest('dialog[open]'))",
    );
  }

  focusedText(): Promise<string> {
    return this.page.evaluate<string>(
      "document.activeElement ? document.activeElement.textContent.trim() : ''",
    );
  }
}
