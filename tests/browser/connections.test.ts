// End to end: the built renderer in headless Chromium, served by the real headless server over a
// real core; PostgreSQL on 127.0.0.1:5432 and the Sandbox PostgreSQL answer the tests for real.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { ARTIFACTS, useBrowserApp } from './harness';
import { ConnectionsPage } from './pages/connections-page';

const app = useBrowserApp({
  name: 'connections',
  viewport: { width: 1280, height: 820 },
  secretsMessage: 'Passwords are kept in memory only and are forgotten on exit.',
});
let page: Page;
let ui: ConnectionsPage;

beforeEach(async () => {
  page = app.page;
  ui = new ConnectionsPage(page);
  await ui.open(app.server.url);
});

describe('Connections screen', () => {
  it('keeps the token out of the address bar and starts on the empty state', async () => {
    expect(page.url()).not.toContain('token');
    // The page carries the policy itself too (Electron may load it without the server's header).
    const metaCsp = page.locator('meta[http-equiv="Content-Security-Policy"]');
    expect(await metaCsp.getAttribute('content')).toMatch(
      /^default-src 'self'; .*object-src 'none'/,
    );
    expect(new URL(page.url()).origin).toBe(new URL(app.server.url).origin);
    await ui.emptyState.waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'connections-empty.png') });
    expect(await ui.heading.textContent()).toBe('Connections');
    expect(await page.getByRole('link', { name: 'Connections' }).getAttribute('aria-current')).toBe(
      'page',
    );
  });

  it('creates, tests, renames and deletes a PostgreSQL connection', async () => {
    await ui.button('Add connection').click();
    await ui.dialog.waitFor();

    // Inline validation from the shared schema, next to the field.
    await ui.field('Name').fill('');
    await ui.field('Port').fill('70000');
    await ui.dialogButton('Save connection').click();
    expect(await ui.fieldError('Name')).toBe('Name must not be empty.');
    expect(await ui.fieldError('Port')).toBe('Port must be between 1 and 65535.');
    expect(app.core.connections.list()).toEqual([]);

    await ui.fillForm({
      name: 'Local PostgreSQL',
      host: '127.0.0.1',
      port: '5432',
      database: 'test',
      user: 'postgres',
    });
    await ui.dialogButton('Test').click();
    const formOutcome = await ui.settled(ui.dialog.getByRole('status'));
    expect(formOutcome).toMatch(/Connected.*PostgreSQL \d+/);
    await page.screenshot({ path: join(ARTIFACTS, 'connection-form.png') });

    // Enter submits the form.
    await ui.field('Name').press('Enter');
    await ui.dialog.waitFor({ state: 'detached' });
    await ui.card('Local PostgreSQL').waitFor();
    expect(await ui.card('Local PostgreSQL').textContent()).toContain('127.0.0.1:5432/test');

    const outcome = await ui.testSaved('Local PostgreSQL');
    expect(outcome).toMatch(/Connected.*PostgreSQL \d+.*ms round trip/);
    await page.screenshot({ path: join(ARTIFACTS, 'connections.png') });

    await ui.card('Local PostgreSQL').getByRole('button', { name: 'Edit' }).click();
    await ui.dialog.waitFor();
    expect(await ui.field('Host').inputValue()).toBe('127.0.0.1');
    await ui.field('Name').fill('Renamed PostgreSQL');
    await ui.dialogButton('Save changes').click();
    await ui.card('Renamed PostgreSQL').waitFor();
    expect(await ui.card('Local PostgreSQL').count()).toBe(0);
    expect(app.core.connections.list().map((c) => c.name)).toEqual(['Renamed PostgreSQL']);

    // Escape cancels the confirmation and keeps the connection.
    await ui.card('Renamed PostgreSQL').getByRole('button', { name: 'Delete' }).click();
    await ui.alertDialog.waitFor();
    expect(await ui.alertDialog.getByRole('heading').textContent()).toBe(
      'Delete “Renamed PostgreSQL”?',
    );
    expect(await ui.focusedText()).toBe('Cancel');
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('Tab');
      expect(await ui.focusInDialog()).toBe(true);
    }
    await page.keyboard.press('Escape');
    await ui.alertDialog.waitFor({ state: 'detached' });
    expect(await ui.card('Renamed PostgreSQL').count()).toBe(1);

    await ui.card('Renamed PostgreSQL').getByRole('button', { name: 'Delete' }).click();
    await ui.alertDialog.getByRole('button', { name: 'Delete connection' }).click();
    await ui.emptyState.waitFor();
    expect(app.core.connections.list()).toEqual([]);
  });

  it('starts the Sandbox PostgreSQL from the empty state and tests it', async () => {
    await ui.button('Start the Sandbox PostgreSQL').click();
    // Its connection is saved (password first) before the server starts, so the empty state's
    // button may give way at once to the list, whose Sandbox bar then says it is starting.
    await page
      .getByRole('button', { name: 'Starting the Sandbox PostgreSQL…' })
      .or(page.getByRole('region', { name: 'Sandbox PostgreSQL' }).getByText('starting…'))
      .first()
      .waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'sandbox-starting.png') });
    await page
      .getByRole('region', { name: 'Sandbox PostgreSQL' })
      .getByText(/running on 127\.0\.0\.1:\d+/)
      .waitFor({ timeout: 60_000 });
    await ui.card('Sandbox PostgreSQL').waitFor();
    const outcome = await ui.testSaved('Sandbox PostgreSQL');
    expect(outcome).toMatch(/Connected.*PostgreSQL \d+/);

    // Its password is saved: the form never shows it, and offers to clear it explicitly.
    await ui.card('Sandbox PostgreSQL').getByRole('button', { name: 'Edit' }).click();
    expect(await ui.field('Password').inputValue()).toBe('');
    expect(await ui.field('Password').getAttribute('placeholder')).toBe(
      'Saved — leave empty to keep it',
    );
    await ui.dialog.getByRole('checkbox', { name: 'Clear the saved password' }).waitFor();
    await page.keyboard.press('Escape');
    await ui.dialog.waitFor({ state: 'detached' });
  });

  it('adds a connection from a pasted URL and shows every environment, in light and dark', async () => {
    await ui.button('Paste URL').click();
    await ui.dialog.getByLabel('Connection URL').fill('postgres://postgres@127.0.0.1:5432/test');
    await ui.dialog.getByLabel('Name').fill('Reporting replica');
    await ui.dialog.getByLabel('Environment').selectOption('staging');
    await ui.dialogButton('Save connection').click();
    await ui.card('Reporting replica').waitFor();
    expect(await ui.card('Reporting replica').textContent()).toContain('Staging');

    await ui.button('Paste URL').click();
    await ui.dialog.getByLabel('Connection URL').fill('postgres://nowhere');
    await ui.dialogButton('Save connection').click();
    expect(await ui.fieldError('Connection URL')).toMatch(/^The connection URL/);
    await page.keyboard.press('Escape');
    await ui.dialog.waitFor({ state: 'detached' });

    await ui.button('Add connection').click();
    await ui.fillForm({
      name: 'Orders (MariaDB)',
      type: 'MySQL/MariaDB',
      host: '127.0.0.1',
      database: 'test',
      user: 'root',
    });
    expect(await ui.field('Port').inputValue()).toBe('3306');
    await ui.field('Environment').selectOption('production');
    await ui.field('Tags').fill('orders, critical');
    await ui.dialogButton('Save connection').click();
    await ui.card('Orders (MariaDB)').waitFor();
    expect(await ui.card('Orders (MariaDB)').textContent()).toContain('PRODUCTION');
    expect(await ui.testSaved('Orders (MariaDB)')).toMatch(/Connected/);

    await page.screenshot({ path: join(ARTIFACTS, 'connections-environments.png') });

    const dark = new ConnectionsPage(await app.newPage('dark'));
    await dark.open(app.server.url);
    await dark.card('Orders (MariaDB)').waitFor();
    expect(await dark.testSaved('Orders (MariaDB)')).toMatch(/Connected/);
    await dark.page.screenshot({ path: join(ARTIFACTS, 'connections-dark.png') });
    await dark.card('Orders (MariaDB)').getByRole('button', { name: 'Edit' }).click();
    await dark.dialogButton('Test').click();
    await dark.settled(dark.dialog.getByRole('status'));
    await dark.page.screenshot({ path: join(ARTIFACTS, 'connection-form-dark.png') });
    await dark.page.keyboard.press('Escape');
    await dark.card('Orders (MariaDB)').getByRole('button', { name: 'Delete' }).click();
    await dark.alertDialog.waitFor();
    await dark.page.screenshot({ path: join(ARTIFACTS, 'delete-dialog-dark.png') });
    await dark.page.keyboard.press('Escape');
    await dark.page.getByRole('link', { name: 'Settings' }).click();
    await dark.page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    expect(await dark.page.getByText(app.dataDir).count()).toBe(1);
    await dark.page.screenshot({ path: join(ARTIFACTS, 'settings-dark.png') });
  });
});
