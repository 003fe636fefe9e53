// End to end: the connection dialog asks "Send the saved password to the new address?" before a
// saved password goes to an edited host/port, against a fake PostgreSQL on loopback that asks for
// the password in clear text and records what it receives.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeServer, startFakeCleartextServer } from '../support/fake-cleartext-server';
import { testPg } from '../support/test-databases';
import { ARTIFACTS, useBrowserApp } from './harness';
import { ConnectionsPage } from './pages/connections-page';

const SECRET = 'pw-saved-for-the-old-address';
let fake: FakeServer;

const app = useBrowserApp({
  name: 'connections-binding',
  viewport: { width: 1280, height: 900 },
  page: 'once',
  seed: async ({ core }) => {
    await core.connections.create({
      ...testPg(),
      password: SECRET,
      name: 'Bound',
      environment: 'test',
      description: '',
      tags: [],
      is_active: true,
    });
  },
});

beforeAll(async () => {
  fake = await startFakeCleartextServer('postgresql');
});
afterAll(async () => {
  await fake.close();
});

describe('the saved password and a changed address', () => {
  it('asks before testing or saving with the saved password at the new address', async () => {
    const ui = new ConnectionsPage(app.page);
    await ui.open(app.server.url);
    await ui.card('Bound').getByRole('button', { name: 'Edit' }).click();
    await ui.dialog.waitFor();
    await ui.field('Port').fill(String(fake.port));

    await ui.dialogButton('Test').click();
    await ui.alertDialog.waitFor();
    expect(await ui.alertDialog.getByRole('heading').textContent()).toBe(
      'Send the saved password to the new address?',
    );
    expect(await ui.alertDialog.textContent()).toContain(`127.0.0.1:${fake.port}`);
    expect(await ui.focusedText()).toBe('Cancel');
    await app.page.screenshot({ path: join(ARTIFACTS, 'connection-send-password.png') });

    await ui.alertDialog.getByRole('button', { name: 'Test without it' }).click();
    expect(await ui.settled(ui.dialog.getByRole('status'))).not.toMatch(/Connected/);
    expect(fake.asked).toBe(1);
    expect(fake.received).not.toContain(SECRET);

    await ui.dialogButton('Test').click();
    await ui.alertDialog.getByRole('button', { name: 'Send it' }).click();
    await ui.settled(ui.dialog.getByRole('status'));
    expect(fake.received).toContain(SECRET);

    await ui.dialogButton('Save changes').click();
    await ui.alertDialog.getByRole('button', { name: 'Save without it' }).click();
    await ui.dialog.waitFor({ state: 'detached' });
    const saved = app.core.connections.list().find((c) => c.name === 'Bound');
    expect(saved).toMatchObject({ port: fake.port, has_password: false });
  });
});
