// Runs in every process. Accounts, logins, projects and API keys: PerfWatch's /auth routes and
// TenantsDB's /signup, /login, /projects and /apikeys, plus the service's own / and /health.
import { z } from 'zod';
import { operation } from './define';

const password = z.string().min(1, 'a password is required').max(1024);
const username = z
  .string()
  .trim()
  .min(1, 'a username is required')
  .max(200, 'a username has at most 200 characters')
  .regex(/^[^\s:]+$/, 'a username has no spaces or colons');
const projectName = z.string().trim().min(1, 'a project needs a name').max(200);
const projectId = z.string().min(1).max(100);
const timestamp = z.string();

export const accountSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  admin: z.boolean(),
  created_at: timestamp,
  last_login: timestamp.nullable(),
});
export type Account = z.infer<typeof accountSchema>;

const message = z.object({ message: z.string() });

export const projectSchema = z.object({
  project_id: z.string(),
  name: z.string(),
  api_key_count: z.number().int(),
  created_at: timestamp,
});

/** A key as listed: only its recognisable prefix, never the key (that is shown once, on creation). */
export const apiKeySchema = z.object({
  id: z.number().int(),
  key: z.string(),
  name: z.string(),
  project_id: z.string(),
  project_name: z.string(),
  tier: z.literal('free'),
  is_active: z.boolean(),
  created_at: timestamp,
  last_used_at: timestamp.optional(),
});
export type ApiKey = z.infer<typeof apiKeySchema>;

/** TenantsDB names the login `email`; PerfWatch and the CLI name it `username`. Either works. */
const nameGiven = {
  check: (v: { email?: string; username?: string }) =>
    v.email !== undefined || v.username !== undefined,
  error: { message: 'an email or username is required', path: ['email'] },
};
const loginName = { email: username.optional(), username: username.optional() };

const loginInput = z
  .object({ ...loginName, password })
  .refine(nameGiven.check, nameGiven.error)
  .transform((v) => ({ username: v.username ?? v.email ?? '', password: v.password }));

const signupInput = z
  .object({ ...loginName, password, project_name: projectName.default('Default') })
  .refine(nameGiven.check, nameGiven.error)
  .transform((v) => ({
    username: v.username ?? v.email ?? '',
    password: v.password,
    project_name: v.project_name,
  }));

export const accountOperations = {
  /** Service name and version; needs no credentials. */
  'service.info': operation({
    doc: 'Service name and version.',
    input: z.object({}).default({}),
    output: z.object({ service: z.string(), version: z.string() }),
    rest: { method: 'GET', path: '/api/v1', public: true },
  }),
  /** Whether the service and its store answer; needs no credentials and says nothing else. */
  'service.health': operation({
    doc: 'Health check.',
    input: z.object({}).default({}),
    output: z.object({ status: z.literal('healthy') }),
    rest: { method: 'GET', path: '/api/v1/health', public: true },
  }),
  /** A JWT for an account's username and password. */
  'auth.login': operation({
    doc: 'Log in and receive a JWT.',
    input: loginInput,
    output: z.object({
      access_token: z.string(),
      token_type: z.literal('bearer'),
      expires_in: z.number().int(),
    }),
    rest: { method: 'POST', path: '/api/v1/auth/login', public: true },
  }),
  /** Revokes the JWT this call carries until it would have expired. */
  'auth.logout': operation({
    doc: 'Revoke the current JWT.',
    input: z.object({}).default({}),
    output: message,
    rest: { method: 'POST', path: '/api/v1/auth/logout' },
  }),
  /** The account behind this call. */
  'auth.me': operation({
    doc: 'The current account.',
    input: z.object({}).default({}),
    output: accountSchema.extend({ project_id: z.string().optional() }),
    rest: { method: 'GET', path: '/api/v1/auth/me' },
  }),
  /** A new password for the calling account; every other token of it stops working. */
  'auth.password': operation({
    doc: "Change the current account's password.",
    input: z.object({ current_password: password, new_password: password }),
    output: message,
    rest: { method: 'PUT', path: '/api/v1/auth/password' },
  }),
  /** The first account (admin) while none exists; later only the owner or an admin may add one. */
  'accounts.signup': operation({
    doc: 'Create an account with a project and its first API key.',
    input: signupInput,
    output: z.object({ success: z.literal(true), api_key: z.string(), project_id: z.string() }),
    rest: { method: 'POST', path: '/api/v1/signup', status: 201, public: true },
  }),
  /** TenantsDB's login: the account's projects, each with its first API key. */
  'accounts.login': operation({
    doc: "Log in and list the account's projects with their API keys.",
    input: loginInput,
    output: z.object({
      success: z.literal(true),
      projects: z.array(
        z.object({ project_id: z.string(), name: z.string(), api_key: z.string().nullable() }),
      ),
    }),
    rest: { method: 'POST', path: '/api/v1/login', public: true },
  }),
  /** Every account (admins and the owner only). */
  'users.list': operation({
    doc: 'List accounts.',
    input: z.object({}).default({}),
    output: z.array(accountSchema),
    rest: { method: 'GET', path: '/api/v1/users' },
  }),
  'users.create': operation({
    doc: 'Create an account.',
    input: z.object({ username, password, admin: z.boolean().default(false) }),
    output: accountSchema,
    rest: { method: 'POST', path: '/api/v1/users', status: 201 },
  }),
  'users.delete': operation({
    doc: 'Delete an account, its API keys and its sessions.',
    input: z.object({ username }),
    output: message,
    rest: { method: 'DELETE', path: '/api/v1/users/{username}' },
  }),
  'users.setPassword': operation({
    doc: "Set an account's password; every token of it stops working.",
    input: z.object({ username, password }),
    output: message,
    rest: { method: 'PUT', path: '/api/v1/users/{username}/password' },
  }),
  'projects.list': operation({
    doc: 'List projects.',
    input: z.object({}).default({}),
    output: z.object({
      success: z.literal(true),
      count: z.number().int(),
      projects: z.array(projectSchema),
    }),
    rest: { method: 'GET', path: '/api/v1/projects' },
  }),
  'projects.create': operation({
    doc: 'Create a project.',
    input: z.object({ name: projectName }),
    output: projectSchema.extend({ success: z.literal(true) }),
    rest: { method: 'POST', path: '/api/v1/projects', status: 201 },
  }),
  /** Refused while the project still owns tenants; its keys go with it. */
  'projects.delete': operation({
    doc: 'Delete a project.',
    input: z.object({
      id: projectId,
      force: z
        .union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')])
        .default(false),
    }),
    output: z.object({ success: z.literal(true), message: z.string() }),
    rest: { method: 'DELETE', path: '/api/v1/projects/{id}' },
  }),
  'apikeys.list': operation({
    doc: 'List API keys (their prefixes only).',
    input: z.object({}).default({}),
    output: z.object({
      success: z.literal(true),
      count: z.number().int(),
      api_keys: z.array(apiKeySchema),
    }),
    rest: { method: 'GET', path: '/api/v1/apikeys' },
  }),
  /** A new key; the answer is the only time the key is shown. `project_name` names the key. */
  'apikeys.create': operation({
    doc: 'Generate an API key.',
    input: z.object({
      project_name: projectName.default('API key'),
      project_id: projectId.optional(),
    }),
    output: apiKeySchema.extend({ success: z.literal(true), api_key: z.string() }),
    rest: { method: 'POST', path: '/api/v1/apikeys', status: 201 },
  }),
  /** Deleting a key revokes it at once. */
  'apikeys.delete': operation({
    doc: 'Delete (revoke) an API key.',
    input: z.object({ id: z.coerce.number().int().positive() }),
    output: z.object({ success: z.literal(true), message: z.string() }),
    rest: { method: 'DELETE', path: '/api/v1/apikeys/{id}' },
  }),
};
