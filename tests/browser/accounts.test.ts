// End to end: a person with an account (made as `benchphant users add` does) opens the server
// in a browser profile that has never seen its token, logs in on the form, finds their account
// in the sidebar, makes an API key that is shown once, changes their password and logs out.
import { describe, expect, it } from 'vitest';
import { useBrowserApp } from './harness';

const PASSWORD = 'browser-admin-password-1';
const NEW_PASSWORD = 'browser-admin-password-2';

const app = useBrowserApp({
  name: 'accounts',
  page: 'once',
  async seed(a) {
    await a.api('users.create', { username: 'admin', password: PASSWORD, admin: true });
  },
});

const base = () => `http://127.0.0.1:${app.server.port}`;

describe('logging in as an account', () => {
  it('shows the login form instead of the app, then opens the app after login', async () => {
    const page = app.page;
    await page.goto(`${base()}/`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await expect(
      page.getByRole('heading', { name: 'Log in to Benchphant' }).isVisible(),
    ).resolves.toBe(true);
    await app.shoot('accounts-login');
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForSelector('html[data-app-state="ready"]');
    await page.getByLabel('Account admin').waitFor();
  });

  it('makes an API key that is shown once, then only by its prefix', async () => {
    const page = app.page;
    await page.goto(`${base()}/#/settings`);
    await page.getByRole('heading', { name: 'API keys' }).waitFor();
    await page.getByLabel('Key name').fill('CI pipeline');
    await page.getByRole('button', { name: 'Create key' }).click();
    const shown = await page.getByTestId('new-api-key').textContent();
    expect(shown).toMatch(/^tenantsdb_sk_[0-9a-f]{64}$/);
    await app.shoot('accounts-api-key-once');
    await page.getByRole('cell', { name: 'CI pipeline', exact: true }).waitFor();
    // The key works for a script…
    const res = await fetch(`${base()}/api/v1/apikeys`, {
      headers: { Authorization: `Bearer ${shown ?? ''}` },
    });
    expect(res.status).toBe(200);
    // …and after a reload the page has no way to show it again.
    await page.reload();
    await page.getByRole('cell', { name: 'CI pipeline', exact: true }).waitFor();
    expect(await page.content()).not.toContain(shown ?? '-');
    await expect(
      page.getByRole('cell', { name: `${(shown ?? '').slice(0, 21)}…` }).count(),
    ).resolves.toBe(1);
  });

  it('lets an administrator add and remove users in Settings', async () => {
    const page = app.page;
    await page.getByRole('heading', { name: 'Users' }).waitFor();
    await page.getByLabel('Username', { exact: true }).fill('ada');
    await page.getByLabel('First password').fill('ada-first-password');
    await page.getByRole('button', { name: 'Add user' }).click();
    await page.getByRole('cell', { name: 'ada', exact: true }).waitFor();
    await expect(app.api('users.list', {})).resolves.toHaveLength(2);
    await app.shoot('accounts-settings');
    await page.getByRole('button', { name: 'Remove user ada' }).click();
    await page.getByRole('button', { name: 'Remove user', exact: true }).click();
    await page.getByRole('cell', { name: 'ada', exact: true }).waitFor({ state: 'detached' });
    await expect(app.api('users.list', {})).resolves.toHaveLength(1);
  });

  it('changes the password from the account menu and logs out', async () => {
    const page = app.page;
    await page.getByLabel('Account admin').click();
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByLabel('Current password').fill(PASSWORD);
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('New password again').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).last().click();
    await page.getByText('Your password is changed.').waitFor();
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(`${base()}/login`);
    // The old session is gone: the app sends this browser back to the form.
    await page.goto(`${base()}/`);
    expect(new URL(page.url()).pathname).toBe('/login');
    const basic = Buffer.from(`admin:${NEW_PASSWORD}`).toString('base64');
    const res = await fetch(`${base()}/api/v1/auth/me`, {
      headers: { Authorization: `Basic ${basic}` },
    });
    expect(res.status).toBe(200);
  });
});
