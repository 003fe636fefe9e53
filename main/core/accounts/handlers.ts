// Runs in the main process, server and CLI. The contract's account, project and API key
// operations; each checks who calls (the CallContext) before it reads or changes anything.
import type { Handlers } from '../../../shared/contract';
import type { Account, ApiKey } from '../../../shared/contract/accounts';
import { type Identity, OWNER_CONTEXT, seesAll } from '../../../shared/contract/call-context';
import { AppError } from '../../../shared/errors';
import type { Db } from '../store/database';
import type { AccountRow } from './account-store';
import type { ApiKeyRow } from './api-key-store';
import { DEFAULT_PROJECT_ID } from './migration';
import type { ProjectResources } from './project-scope';
import type { AccountService } from './service';

type AccountHandlers = Pick<
  Handlers,
  | 'service.info'
  | 'service.health'
  | 'auth.login'
  | 'auth.logout'
  | 'auth.me'
  | 'auth.password'
  | 'accounts.signup'
  | 'accounts.login'
  | 'users.list'
  | 'users.create'
  | 'users.delete'
  | 'users.setPassword'
  | 'projects.list'
  | 'projects.create'
  | 'projects.delete'
  | 'apikeys.list'
  | 'apikeys.create'
  | 'apikeys.delete'
>;

const account = (row: AccountRow): Account => ({
  id: row.id,
  username: row.username,
  admin: row.admin === 1,
  created_at: row.created_at,
  last_login: row.last_login,
});

const listedKey = (row: ApiKeyRow): ApiKey => ({
  id: row.id,
  key: `${row.prefix}…`,
  name: row.name,
  project_id: row.project_id,
  project_name: row.project_name,
  tier: 'free',
  is_active: row.is_active === 1,
  created_at: row.created_at,
  ...(row.last_used_at ? { last_used_at: row.last_used_at } : {}),
});

function signedIn(identity: Identity | null): Identity {
  if (!identity) throw new AppError('UNAUTHORIZED', 'Log in first.');
  return identity;
}

function requireAdmin(identity: Identity | null): void {
  if (!seesAll(signedIn(identity)))
    throw new AppError('FORBIDDEN', 'Only an administrator can manage accounts.');
}

/** The account a call acts for; null for the owner (start-up token, desktop, CLI). */
const accountOf = (identity: Identity): number | null =>
  identity.kind === 'owner' || identity.account_id === 0 ? null : identity.account_id;

export function accountHandlers(
  accounts: AccountService,
  deps: { db: Db; version: string; projects: ProjectResources },
): AccountHandlers {
  const visibleProjects = (identity: Identity) => {
    if (seesAll(identity)) return accounts.keys.projects();
    if (identity.kind === 'account' && identity.project_id !== undefined)
      return accounts.keys.projects().filter((p) => p.id === identity.project_id);
    return accounts.keys.projects(accountOf(identity) ?? undefined);
  };
  const visibleProject = (identity: Identity, id: string) => {
    const project = visibleProjects(identity).find((p) => p.id === id);
    if (!project) throw new AppError('NOT_FOUND', `No project '${id}'.`);
    return project;
  };

  return {
    'service.info': () => Promise.resolve({ service: 'Benchphant', version: deps.version }),
    'service.health': () => {
      deps.db.prepare('SELECT 1').get();
      return Promise.resolve({ status: 'healthy' as const });
    },

    'auth.login': async ({ username, password }, ctx = OWNER_CONTEXT) => {
      const issued = await accounts.login(username, password, ctx.ip);
      return {
        access_token: issued.token,
        token_type: 'bearer' as const,
        expires_in: accounts.tokenTtlSeconds,
      };
    },
    'auth.logout': (_input, ctx = OWNER_CONTEXT) => {
      const revoked = accounts.logout(signedIn(ctx.identity));
      return Promise.resolve({
        message: revoked
          ? 'Logged out successfully'
          : 'Nothing to log out: this call carries no login token',
      });
    },
    'auth.me': (_input, ctx = OWNER_CONTEXT) => {
      const identity = signedIn(ctx.identity);
      if (identity.kind === 'owner')
        return Promise.resolve({
          id: 0,
          username: 'owner',
          admin: true,
          created_at: new Date(0).toISOString(),
          last_login: null,
        });
      const row = identity.account_id === 0 ? null : accounts.store.byId(identity.account_id);
      const base = row
        ? account(row)
        : {
            id: 0,
            username: 'owner',
            admin: false,
            created_at: new Date(0).toISOString(),
            last_login: null,
          };
      return Promise.resolve({
        ...base,
        ...(identity.project_id ? { project_id: identity.project_id } : {}),
      });
    },
    'auth.password': async ({ current_password, new_password }, ctx = OWNER_CONTEXT) => {
      const identity = signedIn(ctx.identity);
      if (identity.kind !== 'account' || identity.via === 'api-key' || identity.account_id === 0)
        throw new AppError(
          'BAD_INPUT',
          'Only an account logged in with its password can change it.',
        );
      await accounts.checkPassword(identity.username, current_password, ctx.ip);
      await accounts.setPassword(identity.username, new_password, identity.jti ?? null);
      return { message: 'Password updated successfully' };
    },

    'accounts.signup': async ({ username, password, project_name }, ctx = OWNER_CONTEXT) => {
      const first = !accounts.hasAccounts();
      if (!first) requireAdmin(ctx.identity);
      const row = await accounts.add(username, password, first);
      const project = accounts.keys.insertProject(project_name, row.id, new Date().toISOString());
      const { key } = await accounts.createKey(row.id, project.id, 'Default');
      return { success: true as const, api_key: key, project_id: project.id };
    },
    'accounts.login': async ({ username, password }, ctx = OWNER_CONTEXT) => {
      const row = await accounts.checkPassword(username, password, ctx.ip);
      accounts.store.touchLogin(row.id, new Date().toISOString());
      const identity: Identity = {
        kind: 'account',
        account_id: row.id,
        username: row.username,
        admin: row.admin === 1,
        via: 'basic',
      };
      const mine = accounts.keys.list({ accountId: row.id }).filter((k) => k.is_active === 1);
      const projects = [];
      for (const p of visibleProjects(identity)) {
        const key = mine.find((k) => k.project_id === p.id);
        projects.push({
          project_id: p.id,
          name: p.name,
          api_key: key ? await accounts.storedKey(key.id) : null,
        });
      }
      return { success: true as const, projects };
    },

    'users.list': (_input, ctx = OWNER_CONTEXT) => {
      requireAdmin(ctx.identity);
      return Promise.resolve(accounts.store.list().map(account));
    },
    'users.create': async ({ username, password, admin }, ctx = OWNER_CONTEXT) => {
      requireAdmin(ctx.identity);
      return account(await accounts.add(username, password, admin));
    },
    'users.delete': async ({ username }, ctx = OWNER_CONTEXT) => {
      requireAdmin(ctx.identity);
      await accounts.remove(username);
      return { message: `Account '${username}' deleted` };
    },
    'users.setPassword': async ({ username, password }, ctx = OWNER_CONTEXT) => {
      requireAdmin(ctx.identity);
      await accounts.setPassword(username, password);
      return { message: `Password of '${username}' updated` };
    },

    'projects.list': (_input, ctx = OWNER_CONTEXT) => {
      const projects = visibleProjects(signedIn(ctx.identity)).map((p) => ({
        project_id: p.id,
        name: p.name,
        api_key_count: p.api_key_count,
        created_at: p.created_at,
      }));
      return Promise.resolve({ success: true as const, count: projects.length, projects });
    },
    'projects.create': ({ name }, ctx = OWNER_CONTEXT) => {
      const identity = signedIn(ctx.identity);
      if (identity.kind === 'account' && identity.project_id !== undefined)
        throw new AppError(
          'FORBIDDEN',
          'An API key works inside its project; log in to create another.',
        );
      const p = accounts.keys.insertProject(name, accountOf(identity), new Date().toISOString());
      return Promise.resolve({
        success: true as const,
        project_id: p.id,
        name: p.name,
        api_key_count: 0,
        created_at: p.created_at,
      });
    },
    'projects.delete': async ({ id, force }, ctx = OWNER_CONTEXT) => {
      const project = visibleProject(signedIn(ctx.identity), id);
      if (project.id === DEFAULT_PROJECT_ID)
        throw new AppError(
          'REFUSED',
          'The default project holds everything made before projects existed; it cannot be deleted.',
        );
      const tenants = deps.projects.tenantCounts(project.id);
      if (tenants.live > 0)
        throw new AppError(
          'REFUSED',
          `Project '${project.name}' still owns ${tenants.live} tenant(s); delete them first.`,
        );
      if (tenants.deleted > 0 && !force)
        throw new AppError(
          'REFUSED',
          `Project '${project.name}' still holds ${tenants.deleted} deleted tenant(s) that can be restored; repeat with ?force=true to delete it anyway.`,
        );
      const keys = accounts.keys.list({ projectId: project.id });
      deps.db.transaction(() => {
        deps.projects.release(project.id);
        accounts.keys.deleteProject(project.id);
      })();
      await accounts.forgetKeys(keys);
      return { success: true as const, message: `Project '${project.name}' deleted` };
    },

    'apikeys.list': (_input, ctx = OWNER_CONTEXT) => {
      const identity = signedIn(ctx.identity);
      const rows = seesAll(identity)
        ? accounts.keys.list({})
        : identity.kind === 'account' && identity.project_id !== undefined
          ? accounts.keys.list({ projectId: identity.project_id })
          : accounts.keys.list({ accountId: accountOf(identity) });
      return Promise.resolve({
        success: true as const,
        count: rows.length,
        api_keys: rows.map(listedKey),
      });
    },
    'apikeys.create': async ({ project_name, project_id }, ctx = OWNER_CONTEXT) => {
      const identity = signedIn(ctx.identity);
      const scoped = identity.kind === 'account' ? identity.project_id : undefined;
      const target =
        project_id ??
        scoped ??
        visibleProjects(identity)[0]?.id ??
        (seesAll(identity) ? DEFAULT_PROJECT_ID : undefined);
      if (target === undefined)
        throw new AppError(
          'BAD_INPUT',
          'You have no project yet: create one with POST /projects first.',
        );
      const project = visibleProject(identity, target);
      const { row, key } = await accounts.createKey(accountOf(identity), project.id, project_name);
      return { ...listedKey(row), success: true as const, api_key: key };
    },
    'apikeys.delete': async ({ id }, ctx = OWNER_CONTEXT) => {
      const identity = signedIn(ctx.identity);
      const row = accounts.keys.byId(id);
      const visible =
        row !== null &&
        (seesAll(identity) ||
          (identity.kind === 'account' && identity.project_id !== undefined
            ? row.project_id === identity.project_id
            : row.account_id === accountOf(identity)));
      if (!row || !visible) throw new AppError('NOT_FOUND', `No API key ${id}.`);
      await accounts.deleteKey(row);
      return { success: true as const, message: `API key ${id} deleted` };
    },
  };
}
