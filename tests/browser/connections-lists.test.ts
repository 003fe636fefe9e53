// End to end: the connection list searched and grouped with each one's last test, and the smaller
// connection helpers — Paste URL's Test and hidden password, the duplicate flag, the password
// file's offer, and a stopped Sandbox's test — over a real core and the PostgreSQL on loopback.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { useBrowserApp } from './harness';
import { seriousViolations } from './pages/axe';
import { ConnectionsPage } from './pages/connections-page';

const SHOTS = '/tmp/h20-settings-lists';
mkdirSync(SHOTS, { recursive: true });
// The password file the core reads for its offer: a line for "pg prod" only.
const PGPASS = join(tmpdir(), `h20-pgpass-${process.pid}`);
writeFileSync(PGPASS, '# a comment\n127.0.0.1:5432:postgres:postgres:from-pgpass\n');
chmodSync(PGPASS, 0o600);
process.env.PGPASSFILE = PGPASS;

const base = {
  type: 'postgresql' as const,
  host: '127.0.0.1',
  port: 5432,
  username: 'postgres',
  is_active: true,
  description: '',
  tls: { mode: 'disable' as const },
};

const app = useBrowserApp({
  name: 'connections-lists',
  viewport: { width: 1280, height: 800 },
  timeout: 20_000,
  secretsMessage: 'Passwords are kept in memory only and are forgotten on exit.',
  // The password file is offered only where the caller is this machine (the desktop app).
  desktopReach: true,
  async seed(a) {
    await a.api('connections.create', {
      ...base,
      name: 'pg prod',
      database: 'postgres',
      environment: 'production',
      tags: ['billing'],
    });
    await a.api('connections.create', {
      ...base,
      name: 'pg dev',
      database: 'test',
      environment: 'development',
      tags: ['billing', 'eu'],
    });
    // A Sandbox that was started once and is stopped now: its saved connection, no server.
    await a.core.connections.create(
      {
        ...base,
        name: 'Sandbox',
        port: 1,
        database: 'sandbox',
        environment: 'development',
        tags: ['sandbox'],
      },
      { isSandbox: true },
    );
  },
});
let page: Page;
let ui: ConnectionsPage;

beforeEach(async () => {
  page = app.page;
  ui = new ConnectionsPage(page);
  await ui.open(`${app.server.url}#/connections`);
  await ui.card('pg dev').waitFor();
});

const groupTitles = () => page.locator('.conn-group-title').allInnerTexts();

describe('the connection list', () => {
  it('groups by environment, searches, groups by tag and says when each was last tested', async () => {
    expect(await groupTitles()).toEqual(['PRODUCTION 1 connection', 'DEVELOPMENT 2 connections']);
    expect(await ui.card('pg dev').innerText()).toContain('Not tested yet');
    for (const size of [
      { width: 1280, height: 800 },
      { width: 1920, height: 1080 },
    ]) {
      await page.setViewportSize(size);
      await page.screenshot({ path: join(SHOTS, `connections-${size.width}x${size.height}.png`) });
    }
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('searchbox', { name: 'Search connections' }).fill('billing prod');
    expect(await groupTitles()).toEqual(['PRODUCTION 1 connection']);
    await page.getByRole('searchbox', { name: 'Search connections' }).fill('nothing-like-it');
    await page.getByText('No connection matches “nothing-like-it”.').waitFor();
    await page.getByRole('searchbox', { name: 'Search connections' }).fill('');

    await page.getByLabel('Group by').selectOption('tag');
    expect(await groupTitles()).toEqual([
      'BILLING 2 connections',
      'EU 1 connection',
      'SANDBOX 1 connection',
    ]);

    // A test of the saved connection is kept: after a reload the card still says when and how.
    await page.getByLabel('Group by').selectOption('environment');
    expect(await ui.testSaved('pg dev')).toContain('Connected');
    await page.reload();
    await ui.card('pg dev').waitFor();
    const line = ui.card('pg dev').getByTestId('last-tested');
    expect(await line.innerText()).toMatch(
      /^Last tested [A-Z][a-z]{2} \d+, \d{4}, \d\d:\d\d .+: connected$/,
    );
    const saved = await app.api('connections.list', {});
    expect(saved.find((c) => c.name === 'pg dev')?.last_test_ok).toBe(true);
    expect(saved.find((c) => c.name === 'pg prod')?.last_tested_at).toBeNull();
  });

  it('says to start a stopped Sandbox when it is tested', async () => {
    const text = await ui.testSaved('Sandbox');
    expect(text).toContain('The Sandbox is not running: start it, then test again.');
  });

  it('offers the password file’s password for a saved connection and keeps it', async () => {
    const offer = ui.card('pg prod').getByTestId('pgpass-offer');
    expect(await offer.innerText()).toContain(PGPASS);
    expect(await ui.card('pg dev').getByTestId('pgpass-offer').count()).toBe(0);
    // A caller over the network is never offered this machine's password file.
    const prodId = (await app.api('connections.list', {})).find((c) => c.name === 'pg prod')?.id;
    const remote = await app.core.remoteHandlers['connections.pgpassOffer']({ id: prodId ?? '' });
    expect(remote).toEqual({ available: false, file: null });
    await offer
      .getByRole('button', { name: 'Keep it in the secret store: the password of pg prod' })
      .click();
    await offer.waitFor({ state: 'detached' });
    const prod = (await app.api('connections.list', {})).find((c) => c.name === 'pg prod');
    expect(prod?.has_password).toBe(true);
    const params = await app.core.connections.resolveParams(prod?.id ?? '', 'test');
    expect(params.password).toBe('from-pgpass');
    // The password itself never reaches the page.
    expect(await page.content()).not.toContain('from-pgpass');
  });
});

describe('Paste URL', () => {
  it('moves a typed password out of sight, flags a duplicate and tests before saving', async () => {
    await ui.button('Paste URL').click();
    const url = ui.dialog.getByLabel('Connection URL');
    await url.pressSequentially('postgres://postgres:s3cret@127.0.0.1:5432/test');
    expect(await url.inputValue()).toBe('postgres://postgres@127.0.0.1:5432/test');
    const password = ui.dialog.getByLabel(/^Password/);
    expect(await password.getAttribute('type')).toBe('password');
    expect(await password.inputValue()).toBe('s3cret');
    expect(await ui.dialog.innerText()).not.toContain('s3cret');
    await ui.dialog.getByTestId('duplicate').getByText('Already saved as “pg dev”').waitFor();

    await ui.dialogButton('Test').click();
    expect(await ui.settled(ui.dialog.getByRole('status').last())).toContain('Connected');
    await page.screenshot({ path: join(SHOTS, 'paste-url-1280x800.png') });
    expect(await seriousViolations(page, 'dialog')).toEqual([]);

    await ui.dialogButton('Save connection').click();
    await ui.dialog.waitFor({ state: 'detached' });
    const made = (await app.api('connections.list', {})).find(
      (c) => c.name === 'postgres@127.0.0.1/test',
    );
    expect(made?.has_password).toBe(true);
    await app.api('connections.delete', { id: made?.id ?? '' });
  });

  it('flags a duplicate in the Add connection form too', async () => {
    await ui.button('Add connection').click();
    await ui.fillForm({
      name: 'again',
      host: '127.0.0.1',
      port: '5432',
      database: 'postgres',
      user: 'postgres',
    });
    await ui.dialog.getByTestId('duplicate').getByText('Already saved as “pg prod”').waitFor();
    await ui.field('Database').fill('other');
    await ui.dialog.getByTestId('duplicate').waitFor({ state: 'detached' });
  });
});
