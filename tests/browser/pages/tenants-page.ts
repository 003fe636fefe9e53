// Test helper: the Tenants screen as a user sees it, by role, label and test id; the browser
// tests speak in these terms and never in CSS selectors.
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';

export type TenantsTabName =
  'Workspaces' | 'Blueprints' | 'Tenants' | 'Deployments' | 'Admin query';

export class TenantsPage {
  constructor(readonly page: Page) {}

  /** Opens the app, waits for its first data, then goes to Tenants through the sidebar. */
  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.page.locator('html[data-app-state="ready"]').waitFor({ state: 'attached' });
    await this.page.getByRole('link', { name: 'Tenants' }).click();
    await this.page.getByRole('heading', { level: 1, name: 'Tenants' }).waitFor();
    await this.workspaceForm.waitFor();
  }

  async tab(name: TenantsTabName): Promise<void> {
    const tab = this.page.getByRole('tab', { name });
    await tab.click();
    await this.page.getByRole('tab', { name, selected: true }).waitFor();
  }

  /** The one confirmation dialog, by its title. */
  confirmation(title: string): Locator {
    return this.page.getByRole('alertdialog', { name: title });
  }

  /** Waits for the confirmation, returns its sentence with the numbers, and confirms it. */
  async confirm(title: string, button: string): Promise<string> {
    const dialog = this.confirmation(title);
    const summary = dialog.getByTestId('confirm-summary');
    // The numbers may still be counted when the dialog opens; the button waits for them.
    const go = dialog.getByRole('button', { name: button, exact: true });
    await go.and(this.page.locator(':enabled')).waitFor();
    const text = (await summary.textContent()) ?? '';
    await go.click();
    await dialog.waitFor({ state: 'detached', timeout: 60_000 });
    return text;
  }

  /** Deploy as a version: the button, then its confirmation. */
  async deploy(version: string): Promise<string> {
    await this.deployButton(version).click();
    return this.confirm(`Deploy as ${version}?`, `Create version ${version}`);
  }

  get workspaceForm(): Locator {
    return this.page.getByRole('form', { name: 'New workspace' });
  }

  async createWorkspace(name: string, connection: string, template: string): Promise<void> {
    const form = this.workspaceForm;
    await form.getByLabel('Name').fill(name);
    await form.getByLabel('Connection').selectOption({ label: connection });
    await form.getByLabel('Start from').selectOption({ label: template });
    await form.getByRole('button', { name: 'Create workspace' }).click();
  }

  workspaceView(name: string): Locator {
    return this.page
      .getByTestId('workspace-view')
      .and(this.page.locator(`[data-workspace="${name}"]`));
  }

  get pendingChanges(): Locator {
    return this.page.getByRole('list', { name: 'Pending changes' }).getByRole('listitem');
  }

  schemaTables(workspace: string): Locator {
    return this.page.getByRole('list', { name: `Schema of ${workspace}` }).locator(':scope > li');
  }

  deployButton(version: string): Locator {
    return this.page.getByRole('button', { name: `Deploy as ${version}` });
  }

  get deployMessage(): Locator {
    return this.page.getByTestId('deploy-message');
  }

  get console(): Locator {
    return this.page.getByRole('form', { name: 'Query console' });
  }

  /** Types SQL into the workspace console and runs it with Ctrl+Enter, as a user would. */
  async runInConsole(sql: string): Promise<void> {
    const box = this.console.getByLabel('SQL');
    await box.fill(sql);
    await box.press('Control+Enter');
  }

  get queryOutcome(): Locator {
    return this.page.getByTestId('query-outcome');
  }

  /** New tenant through its dialog; `dedicated` picks isolation level 2 on that connection. */
  async createTenant(
    id: string,
    opts: { blueprint?: string; dedicated?: string } = {},
  ): Promise<void> {
    await this.page.getByRole('button', { name: 'New tenant' }).click();
    const dialog = this.page.getByRole('dialog', { name: 'New tenant' });
    // Create says what it waits for, an id and then one that follows the rule, until it can go.
    const create = dialog.getByRole('button', { name: 'Create tenant' });
    const waiting = dialog.getByTestId('create-waiting');
    await waiting.filter({ hasText: 'Create needs a tenant id.' }).waitFor();
    await dialog.getByLabel('Tenant id').fill('1st tenant');
    await waiting
      .filter({ hasText: 'Create waits for a tenant id that follows the rule under the field.' })
      .waitFor();
    if (await create.isEnabled()) throw new Error('Create tenant is enabled for an invalid id');
    await dialog.getByLabel('Tenant id').fill(id);
    await waiting.waitFor({ state: 'detached' });
    if (opts.blueprint)
      await dialog.getByLabel('Blueprint', { exact: true }).selectOption({ label: opts.blueprint });
    if (opts.dedicated) {
      await dialog.getByLabel(/^2 · /).check();
      await dialog.getByLabel('Dedicated connection').selectOption({ label: opts.dedicated });
    }
    await dialog.getByRole('button', { name: 'Create tenant' }).click();
    await dialog.waitFor({ state: 'detached', timeout: 60_000 });
  }

  /** What the page's clipboard holds (the test's context must be granted clipboard-read). */
  clipboardText(): Promise<string> {
    // Tests compile without the DOM library; this runs in the page, where navigator exists.
    type PageGlobal = { navigator: { clipboard: { readText(): Promise<string> } } };
    return this.page.evaluate(() =>
      (globalThis as unknown as PageGlobal).navigator.clipboard.readText(),
    );
  }

  get tenantsTable(): Locator {
    return this.page.getByRole('table', { name: 'Tenants' });
  }

  tenantRow(id: string): Locator {
    return this.tenantsTable.locator(`tr[data-tenant="${id}"]`);
  }

  /** Opens the row's Actions menu and picks the item with this accessible name. */
  async rowAction(id: string, name: string): Promise<void> {
    await rowAction(this.tenantRow(id), id, name);
  }

  /** Waits until the tenant's status badge reads this status. */
  async waitForTenantStatus(id: string, status: string): Promise<void> {
    await this.tenantRow(id)
      .getByTestId('tenant-status')
      .and(this.page.locator(`[data-status="${status}"]`))
      .waitFor({ timeout: 60_000 });
  }

  get deploymentForm(): Locator {
    return this.page.getByRole('form', { name: 'New deployment' });
  }

  get job(): Locator {
    return this.page.getByTestId('job-view');
  }

  async waitForJobStatus(...statuses: string[]): Promise<void> {
    const selector = statuses.map((s) => `[data-status="${s}"]`).join(', ');
    await this.job.and(this.page.locator(selector)).waitFor({ timeout: 60_000 });
  }

  jobOutcome(tenant: string): Locator {
    return this.job
      .getByRole('table', { name: 'Tenant outcomes' })
      .locator(`tr[data-tenant="${tenant}"]`);
  }

  get adminForm(): Locator {
    return this.page.getByRole('form', { name: 'Admin query' });
  }

  get adminResults(): Locator {
    return this.page.getByRole('table', { name: 'Admin query results' });
  }

  /** Resolves when the CSS transitions a colour-scheme switch started have finished. */
  private async settled(): Promise<void> {
    // Tests compile without the DOM library; this runs in the page, where document exists.
    type PageGlobal = {
      document: {
        getAnimations(): { constructor: { name: string }; finished: Promise<unknown> }[];
      };
    };
    await this.page.evaluate(() =>
      Promise.all(
        (globalThis as unknown as PageGlobal).document
          .getAnimations()
          .filter((a) => a.constructor.name === 'CSSTransition')
          // A transition cut short (its element re-rendered) rejects; that one is over too.
          .map((a) => a.finished.catch(() => null)),
      ),
    );
  }

  /** Full-page screenshots in the light and the dark theme, `<name>-light.png` and `-dark.png`. */
  async shoot(dir: string, name: string): Promise<void> {
    for (const scheme of ['dark', 'light'] as const) {
      await this.page.emulateMedia({ colorScheme: scheme });
      await this.settled();
      await this.page.screenshot({ path: join(dir, `${name}-${scheme}.png`), fullPage: true });
    }
  }
}

/** A tenant row's Actions menu item, picked as a user would: open the menu, choose the item. */
export async function rowAction(row: Locator, id: string, name: string): Promise<void> {
  await row.getByRole('button', { name: `Actions for ${id}` }).click();
  await row.getByRole('menuitem', { name, exact: true }).click();
}
