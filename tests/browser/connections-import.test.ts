// End to end: the Import and Export dialogs of the Connections screen in headless Chromium, over
// the real headless server and core: paste URLs (one a duplicate), preview, confirm, see the card;
// upload a pgAdmin file and type the password it lacks; download an export without passwords.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { createMemorySecretStore } from '../../main/core/secrets/secret-store';
import { ARTIFACTS, useBrowserApp } from './harness';
import { ConnectionsPage } from './pages/connections-page';

const PASSWORD = 'Zq9-import-browser-pw';

const secrets = createMemorySecretStore();
const app = useBrowserApp({ name: 'import', secrets });
let page: Page;
let ui: ConnectionsPage;

beforeEach(async () => {
  for (const c of app.core.connections.list()) await app.core.connections.delete(c.id);
  page = app.page;
  ui = new ConnectionsPage(page);
});

describe('Import and Export on the Connections screen', () => {
  it('pastes two URLs, shows one to create and the duplicate skipped, and creates it on confirm', async () => {
    await app.core.connections.createFromUrl({ url: 'postgres://app@saved.example:5432/shop' });
    await ui.open(app.server.url);
    await ui.button('Import…').click();
    await ui
      .field('URLs')
      .fill(`postgres://app@saved.example/shop\nmysql://ro:${PASSWORD}@maria.example:3307/stats`);
    await ui.dialogButton('Preview').click();

    const create = ui.dialog.getByRole('table', { name: 'Connections to create' });
    await expect.poll(() => create.getByRole('row').count()).toBe(2);
    await expect.poll(() => create.textContent()).toContain('ro@maria.example:3307/stats');
    expect(await create.textContent()).toContain('from the source');
    const skipped = ui.dialog.getByRole('table', { name: 'Skipped' });
    expect(await skipped.textContent()).toContain("already saved as 'app@saved.example/shop'");
    expect(await ui.dialog.textContent()).not.toContain(PASSWORD);
    await page.screenshot({ path: join(ARTIFACTS, 'connections-import-preview.png') });

    // Nothing is written before the user confirms.
    expect(app.core.connections.list()).toHaveLength(1);
    await ui.dialogButton('Import 1 connection').click();
    await ui.dialog.waitFor({ state: 'detached' });
    await ui.card('ro@maria.example/stats').waitFor();
    expect(await ui.card('ro@maria.example/stats').textContent()).toContain('password saved');
    const created = app.core.connections.list().find((c) => c.host === 'maria.example');
    expect(await secrets.get(`connection/${created?.id}`)).toBe(PASSWORD);
  });

  it('uploads a pgAdmin servers.json, leaves an unticked server out, and saves the typed password', async () => {
    await ui.open(app.server.url);
    await ui.button('Import…').click();
    await ui.field('Import from').selectOption({ label: 'pgAdmin servers.json' });
    const servers = {
      Servers: {
        '1': {
          Name: 'Orders',
          Host: 'pg.example',
          Port: 5432,
          MaintenanceDB: 'orders',
          Username: 'app',
        },
        '2': { Name: 'Old', Host: 'old.example', Port: 5432, MaintenanceDB: 'x', Username: 'app' },
        '3': { Name: 'Broken', Port: 5432, Username: 'app' },
      },
    };
    await ui.field('File').setInputFiles({
      name: 'servers.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(servers)),
    });
    await expect.poll(() => ui.field('Contents').inputValue()).toContain('"Servers"');
    await ui.dialogButton('Preview').click();
    await ui.dialog.getByLabel('Password for Orders').fill(PASSWORD);
    await ui.dialog.getByLabel('Import Old').uncheck();
    expect(await ui.dialog.getByRole('table', { name: 'Skipped' }).textContent()).toContain(
      'it names no host',
    );
    await ui.dialogButton('Import 1 connection').click();
    await ui.card('Orders').waitFor();
    expect(app.core.connections.list().map((c) => c.name)).toEqual(['Orders']);
    const orders = app.core.connections.list()[0];
    expect(await secrets.get(`connection/${orders?.id}`)).toBe(PASSWORD);
  });

  it('offers no file of the server in the browser: a .pgpass is uploaded and previewed', async () => {
    await ui.open(app.server.url);
    await ui.button('Import…').click();
    await ui.field('Import from').selectOption({ label: 'PostgreSQL password file (.pgpass)' });
    // Over IPC the app may read ~/.pgpass; through the server the page sends the contents.
    expect(await ui.dialog.getByRole('group', { name: 'Where from' }).count()).toBe(0);
    expect(await ui.dialog.textContent()).not.toContain('~/.pgpass');
    await ui.field('File').setInputFiles({
      name: '.pgpass',
      mimeType: 'text/plain',
      buffer: Buffer.from(`pgpass.example:5432:shop:app:${PASSWORD}\n`),
    });
    await expect.poll(() => ui.field('Contents').inputValue()).toContain('pgpass.example');
    await ui.dialogButton('Preview').click();
    const create = ui.dialog.getByRole('table', { name: 'Connections to create' });
    await expect.poll(() => create.textContent()).toContain('app@pgpass.example:5432/shop');
    expect(await ui.dialog.textContent()).not.toContain(PASSWORD);
  });

  it('downloads the chosen connections as a URL list without passwords', async () => {
    await app.core.connections.createFromUrl({
      url: `postgres://app:${PASSWORD}@one.example/shop`,
      name: 'One',
    });
    await app.core.connections.createFromUrl({ url: 'mysql://ro@two.example/stats', name: 'Two' });
    await ui.open(app.server.url);
    await ui.button('Export…').click();
    await ui.dialog.getByLabel('Connection URLs, one per line').check();
    await ui.dialog.getByLabel('Two').uncheck();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      ui.dialogButton('Download 1 connection').click(),
    ]);
    const path = await download.path();
    const content = readFileSync(path, 'utf8');
    expect(download.suggestedFilename()).toMatch(/^benchphant-connections-.*\.txt$/);
    expect(content).toBe('# One\npostgresql://app@one.example:5432/shop\n');
    rmSync(path, { force: true });
  });
});
