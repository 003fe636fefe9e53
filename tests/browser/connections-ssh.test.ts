// End to end: the SSH tunnel section of the connection form in headless Chromium, over the real
// headless server and core and a real OpenSSH server on loopback: fill the section, Test, see the
// unknown host key's fingerprint in the acceptance dialog, trust it, and connect through it.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type KeyPair, makeKeyPair, type Sshd, startSshd } from '../support/sshd';
import { makeTempDir, type TempDir } from '../support/temp-dir';
import { ARTIFACTS, useBrowserApp } from './harness';
import { ConnectionsPage } from './pages/connections-page';

const PASSPHRASE = 'F-browser-key-phrase-4410';

let keys: TempDir;
let key: KeyPair;
let sshd: Sshd;
const app = useBrowserApp({
  name: 'sshf',
  page: 'once',
  // The tunnels close with the core; the sshd they run through goes after it.
  async cleanup() {
    await sshd?.stop();
    keys?.remove();
  },
});
let page: Page;
let ui: ConnectionsPage;

beforeAll(async () => {
  keys = makeTempDir('bp-sshf-keys-');
  key = await makeKeyPair(keys.path, 'id_browser', PASSPHRASE);
  sshd = await startSshd({ authorizedKeys: [key.publicLine] });
  page = app.page;
  ui = new ConnectionsPage(page);
  await ui.open(app.server.url);
});

describe('SSH tunnel in the connection form', () => {
  it('tests through a real sshd, asks to trust its host key by fingerprint, then saves', async () => {
    await ui.button('Add connection').click();
    await ui.dialog.waitFor();
    await ui.fillForm({
      name: 'PostgreSQL behind SSH',
      host: '127.0.0.1',
      port: '5432',
      database: 'test',
      user: 'postgres',
    });
    // Folded away by default.
    const section = ui.dialog.locator('details', { hasText: 'SSH tunnel' });
    expect(await section.getAttribute('open')).toBeNull();
    await section.locator('summary').click();
    await ui.dialog.getByRole('checkbox', { name: /Connect through an SSH tunnel/ }).check();
    await ui.field('SSH host').fill('127.0.0.1');
    await ui.field('SSH port').fill(String(sshd.port));
    await ui.field('SSH user').fill('root');
    await ui.field('Authentication').selectOption('key');
    await ui.field('Private key file').fill(key.privateFile);
    await ui.field('Key passphrase').fill(PASSPHRASE);

    await ui.dialogButton('Test').click();
    const ask = page.getByRole('alertdialog', { name: 'Unknown SSH host key' });
    await ask.waitFor();
    const { stdout } = await promisify(execFile)('ssh-keygen', [
      '-l',
      '-f',
      join(sshd.dir, 'host_ed25519.pub'),
    ]);
    expect(await ask.getByTestId('host-key-fingerprint').textContent()).toBe(stdout.split(' ')[1]);
    await page.screenshot({ path: join(ARTIFACTS, 'connection-ssh-host-key.png') });
    await ask.getByRole('button', { name: 'Trust this key and test again' }).click();
    await ask.waitFor({ state: 'detached' });

    const outcome = await ui.settled(ui.dialog.getByRole('status'));
    expect(outcome).toMatch(/Connected.*PostgreSQL \d+.*SSH round trip [\d.]+ ms/);
    await page.screenshot({ path: join(ARTIFACTS, 'connection-ssh-form.png') });

    await ui.dialogButton('Save connection').click();
    await ui.dialog.waitFor({ state: 'detached' });
    const saved = app.core.connections.list().find((c) => c.name === 'PostgreSQL behind SSH');
    expect(saved?.ssh).toMatchObject({ port: sshd.port, auth: 'key', has_secret: true });
    expect(await ui.testSaved('PostgreSQL behind SSH')).toMatch(/Connected.*SSH round trip/);

    // Editing shows the section with the saved passphrase kept but never shown.
    await ui.card('PostgreSQL behind SSH').getByRole('button', { name: 'Edit' }).click();
    await ui.dialog.locator('details', { hasText: 'SSH tunnel' }).locator('summary').click();
    expect(await ui.field('Key passphrase').inputValue()).toBe('');
    expect(await ui.field('Key passphrase').getAttribute('placeholder')).toBe(
      'Saved — leave empty to keep it',
    );
    await page.keyboard.press('Escape');
    await ui.dialog.waitFor({ state: 'detached' });
  });
});
