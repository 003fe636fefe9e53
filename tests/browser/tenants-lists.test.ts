// End to end: a tenant row is one line with its actions in a menu a keyboard can drive, a revealed
// password hides itself after 30 s, and the backups table keeps every column in view at 1280 px.
// Real core, a real tenant on the PostgreSQL on loopback.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { tenantDatabase, tenantRole } from '../../main/core/tenants/names';
import { testPg } from '../support/test-databases';
import { useBrowserApp } from './harness';
import { seriousViolations } from './pages/axe';
import { dropLeftovers } from './pages/tenants-servers';

const SHOTS = '/tmp/h20-settings-lists';
mkdirSync(SHOTS, { recursive: true });
const SUFFIX = randomBytes(3).toString('hex');
const WORKSPACE = `h20_ws_${SUFFIX}`;
const TENANT = `h20_t_${SUFFIX}`;

const app = useBrowserApp({
  name: 'tenants-lists',
  viewport: { width: 1280, height: 800 },
  timeout: 30_000,
  async seed() {
    const { id } = await app.api('connections.create', {
      ...testPg(),
      name: 'h20 pg',
      environment: 'test',
      tls: { mode: 'disable' },
    });
    await app.api('workspaces.create', { name: WORKSPACE, connection_id: id });
    await app.api('workspaces.importSchema', {
      id: WORKSPACE,
      source: 'template',
      template: 'ecommerce',
    });
    await app.api('workspaces.deploy', { id: WORKSPACE });
    const t = await app.api('tenants.create', {
      tenant_id: TENANT,
      databases: [{ blueprint: WORKSPACE, isolation_level: 1 }],
    });
    if (t.status !== 'ready') throw new Error(`tenant ${t.status}: ${t.message ?? ''}`);
    await app.api('tenants.backup', { id: TENANT });
  },
  async teardown() {
    await app.api('tenants.delete', { id: TENANT, hard: true, confirm: TENANT }).catch(() => null);
    await app.api('workspaces.delete', { id: WORKSPACE }).catch(() => null);
  },
  async cleanup() {
    await dropLeftovers(`h20\\_%${SUFFIX}%`, {
      pg: [tenantRole(tenantDatabase(WORKSPACE, TENANT))],
      mysql: [],
    });
  },
});

async function openTenants(page: Page): Promise<void> {
  await page.goto(`${app.server.url}#/tenants`);
  await page.locator('html[data-app-state="ready"]').waitFor({ state: 'attached' });
  await page.getByRole('form', { name: 'New workspace' }).waitFor();
  await page.getByRole('tab', { name: 'Tenants' }).click();
}

/** Whether the table's scrolling wrapper shows all of it, nothing to scroll sideways to. */
const fitsWidth = (table: Locator) =>
  table
    .locator('xpath=..')
    .evaluate(
      (el: { scrollWidth: number; clientWidth: number }) => el.scrollWidth <= el.clientWidth,
    );

const rowOf = (page: Page) =>
  page.getByRole('table', { name: 'Tenants' }).locator(`tr[data-tenant="${TENANT}"]`);

describe('tenant rows', () => {
  it('are one line, with actions in a menu the keyboard drives', async () => {
    const page = app.page;
    await openTenants(page);
    const row = rowOf(page);
    await row.waitFor();
    // One line: the row is no taller than its buttons plus padding, and the table fits 1280 px.
    expect((await row.boundingBox())?.height ?? 0).toBeLessThan(50);
    expect(await fitsWidth(page.getByRole('table', { name: 'Tenants' }))).toBe(true);

    const menuButton = row.getByRole('button', { name: `Actions for ${TENANT}` });
    expect(await menuButton.getAttribute('aria-haspopup')).toBe('menu');
    await menuButton.focus();
    await page.keyboard.press('ArrowDown');
    const menu = row.getByRole('menu', { name: `Actions for ${TENANT}` });
    await menu.waitFor();
    expect(await menuButton.getAttribute('aria-expanded')).toBe('true');
    const items = await menu.getByRole('menuitem').allInnerTexts();
    expect(items).toEqual(['Reveal password', 'Suspend', 'Delete', 'Delete for good…']);
    const focused = () =>
      page.evaluate(() => {
        const g = globalThis as unknown as { document: { activeElement: { textContent: string } } };
        return g.document.activeElement.textContent;
      });
    expect(await focused()).toBe('Reveal password');
    await page.keyboard.press('ArrowDown');
    expect(await focused()).toBe('Suspend');
    await page.keyboard.press('End');
    expect(await focused()).toBe('Delete for good…');
    await page.keyboard.press('ArrowDown');
    expect(await focused()).toBe('Reveal password');
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
    expect(await focused()).toBe('Actions');
    for (const size of [
      { width: 1280, height: 800 },
      { width: 1920, height: 1080 },
    ]) {
      await page.setViewportSize(size);
      await menuButton.click();
      await menu.waitFor();
      await page.screenshot({ path: join(SHOTS, `tenants-menu-${size.width}x${size.height}.png`) });
      expect(await seriousViolations(page)).toEqual([]);
      await page.keyboard.press('Escape');
      await menu.waitFor({ state: 'detached' });
    }
    await page.setViewportSize({ width: 1280, height: 800 });

    // Enter on an item acts: Suspend asks first.
    await menuButton.focus();
    await page.keyboard.press('ArrowDown');
    await menu.waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const ask = page.getByRole('alertdialog', { name: `Suspend ${TENANT}?` });
    await ask.waitFor();
    await ask.getByRole('button', { name: 'Cancel' }).click();
    await ask.waitFor({ state: 'detached' });
  }, 60_000);

  it('hide a revealed password again after 30 s', async () => {
    const page = await app.newPage();
    await page.clock.install();
    await openTenants(page);
    const row = rowOf(page);
    await row.getByTestId('tenant-status').and(page.locator('[data-status="ready"]')).waitFor();
    await row.getByRole('button', { name: `Actions for ${TENANT}` }).click();
    await row
      .getByRole('menuitem', { name: `Reveal password of ${TENANT} (${WORKSPACE})` })
      .click();
    const shown = row.getByTestId('revealed-password');
    await shown.waitFor();
    await page.clock.runFor(29_000);
    expect(await shown.count()).toBe(1);
    await page.clock.runFor(1_500);
    await shown.waitFor({ state: 'detached' });
    await page.close();
  });

  it('keep every column of the backups table in view at 1280 px', async () => {
    const page = app.page;
    await page.setViewportSize({ width: 1280, height: 800 });
    await openTenants(page);
    await rowOf(page)
      .getByRole('button', { name: `Details of ${TENANT}` })
      .click();
    const details = page.getByRole('dialog', { name: `Tenant ${TENANT}` });
    const table = details.getByRole('table', { name: 'Backups' });
    await table.locator('tbody tr').first().waitFor();
    expect(await fitsWidth(table)).toBe(true);
    await table.getByRole('button', { name: /^Delete the backup of/ }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'backups-1280x800.png') });
  });
});
