// Runs in the headless server. The browser's login for accounts: a plain HTML form (no script)
// posts the password once, and an HttpOnly, SameSite=Strict cookie then carries the login JWT to
// the page and its WebSockets (never to the REST API). It never echoes what was typed.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from '../../shared/errors';
import type { AccountService } from '../core/accounts/service';
import { readRawBody } from './body';
import { buildCsp, CSP_HEADER } from '../../shared/csp';
import { sendHtml } from './http-util';

export const SESSION_COOKIE = 'benchphant_session';
export const LOGIN_PATH = '/login';
export const LOGOUT_PATH = '/logout';
const MAX_FORM_BYTES = 8 * 1024;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The login form; `problem` is one of this module's own sentences, never request text. */
export function loginPage(problem?: string): string {
  const alert = problem ? `<p class="problem" role="alert">${escapeHtml(problem)}</p>` : '';
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Log in · Benchphant</title>
<style>
body{font:16px system-ui,sans-serif;display:grid;place-items:center;min-height:100vh;margin:0;background:#f5f6f8;color:#1b1f24}
@media (prefers-color-scheme:dark){body{background:#14171b;color:#e8eaed}form{background:#1d2126!important}input{background:#14171b;color:inherit}}
form{background:#fff;padding:2rem;border-radius:12px;box-shadow:0 2px 12px #0002;display:grid;gap:.75rem;width:min(22rem,90vw)}
h1{font-size:1.35rem;margin:0 0 .5rem}label{display:grid;gap:.25rem;font-weight:600}
input{font:inherit;padding:.5rem;border:1px solid #8a929c;border-radius:6px}
button{font:inherit;padding:.6rem;border:0;border-radius:6px;background:#2563eb;color:#fff;font-weight:600;cursor:pointer}
.problem{color:#b42318;margin:0}.hint{font-size:.85rem;opacity:.8;margin:0}
</style></head>
<body>
<form method="post" action="${LOGIN_PATH}">
<h1>Log in to Benchphant</h1>
${alert}
<label>Username<input name="username" autocomplete="username" required autofocus maxlength="200"></label>
<label>Password<input name="password" type="password" autocomplete="current-password" required maxlength="1024"></label>
<button type="submit">Log in</button>
<p class="hint">Accounts are made with <code>benchphant users add NAME</code>. The owner can also open the URL that <code>benchphant serve</code> printed.</p>
</form>
</body>
</html>
`;
}

/** The login page, under the one policy that lets its form post (to this origin only). */
export function sendLoginPage(res: ServerResponse, status: number, problem?: string): void {
  res.setHeader(CSP_HEADER, buildCsp({ formToSelf: true }));
  sendHtml(res, status, loginPage(problem));
}

function sessionCookie(token: string, maxAgeSeconds: number): string {
  return `${SESSION_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${maxAgeSeconds}`;
}

const CLEARED = `${SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`;

function seeOther(res: ServerResponse, location: string): void {
  res.statusCode = 303;
  res.setHeader('Location', location);
  res.setHeader('Cache-Control', 'no-store');
  res.end();
}

/** POST /login: checks the form's password (slowed like every login) and sets the cookie. */
export async function handleLogin(
  req: IncomingMessage,
  res: ServerResponse,
  accounts: AccountService,
  ip: string | undefined,
): Promise<void> {
  const form = new URLSearchParams((await readRawBody(req, MAX_FORM_BYTES)).toString('utf8'));
  const username = form.get('username') ?? '';
  const password = form.get('password') ?? '';
  try {
    const issued = await accounts.login(username, password, ip);
    res.setHeader('Set-Cookie', sessionCookie(issued.token, accounts.tokenTtlSeconds));
    seeOther(res, '/');
  } catch (err) {
    if (err instanceof AppError && err.code === 'RATE_LIMITED') {
      res.setHeader('Retry-After', String(err.retryAfter ?? 60));
      sendLoginPage(res, 429, err.message);
    } else if (err instanceof AppError && err.code === 'UNAUTHORIZED') {
      sendLoginPage(res, 401, 'Wrong username or password.');
    } else throw err;
  }
}

/** POST /logout: revokes the cookie's login token and forgets the cookie. */
export async function handleLogout(
  res: ServerResponse,
  accounts: AccountService,
  token: string | null,
): Promise<void> {
  const identity = token ? await accounts.fromJwt(token) : null;
  if (identity) accounts.logout(identity);
  res.setHeader('Set-Cookie', CLEARED);
  seeOther(res, LOGIN_PATH);
}
