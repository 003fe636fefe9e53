// Runs in the main process, server and CLI. Keeps a caller inside its projects: it wraps every
// handler, lets an API key reach only its project's workspaces, blueprints, tenants and
// deployments, and a non-admin account (JWT or Basic) only those of the projects it owns
// (anything else answers as if it did not exist); files what they create under their project,
// and labels listed items with their project. The owner and admins pass through unchanged.
import {
  type CallContext,
  type Handlers,
  type Method,
  METHODS,
  operations,
  OWNER_CONTEXT,
} from '../../../shared/contract';
import { accountOperations } from '../../../shared/contract/accounts';
import { AppError } from '../../../shared/errors';
import type { Db } from '../store/database';
import { DEFAULT_PROJECT_ID } from './migration';

export type ResourceKind = 'workspace' | 'blueprint' | 'tenant' | 'deployment';

const TABLES: Record<ResourceKind, { table: string; key: string }> = {
  workspace: { table: 'tn_workspaces', key: 'name' },
  blueprint: { table: 'tn_blueprints', key: 'name' },
  tenant: { table: 'tn_tenants', key: 'id' },
  deployment: { table: 'tn_deployments', key: 'id' },
};

/** The first path segment under /api/v1 that names a project's resource. */
const KIND_BY_RESOURCE: Record<string, ResourceKind> = {
  workspaces: 'workspace',
  blueprints: 'blueprint',
  tenants: 'tenant',
  deployments: 'deployment',
};

/** Each list's array, the field that names an item, and its kind. */
const LISTS: Partial<Record<Method, { field: string; id: string; kind: ResourceKind }>> = {
  'workspaces.list': { field: 'workspaces', id: 'id', kind: 'workspace' },
  'blueprints.list': { field: 'blueprints', id: 'name', kind: 'blueprint' },
  'tenants.list': { field: 'tenants', id: 'tenant_id', kind: 'tenant' },
  'deployments.list': { field: 'jobs', id: 'job_id', kind: 'deployment' },
};

export class ProjectResources {
  constructor(private readonly db: Db) {}

  projectOf(kind: ResourceKind, key: string): string | null {
    const { table, key: column } = TABLES[kind];
    const row = this.db.prepare(`SELECT project_id FROM ${table} WHERE ${column} = ?`).get(key) as
      { project_id: string } | undefined;
    return row?.project_id ?? null;
  }

  assign(kind: ResourceKind, key: string, projectId: string): void {
    const { table, key: column } = TABLES[kind];
    this.db.prepare(`UPDATE ${table} SET project_id = ? WHERE ${column} = ?`).run(projectId, key);
  }

  /** The projects an account owns, oldest first (the first is where its new items go). */
  ownedBy(accountId: number): string[] {
    return (
      this.db
        .prepare('SELECT id FROM projects WHERE account_id = ? ORDER BY created_at, id')
        .all(accountId) as { id: string }[]
    ).map((r) => r.id);
  }

  /** Tenants of a project, those soft-deleted counted apart. */
  tenantCounts(projectId: string): { live: number; deleted: number } {
    const row = this.db
      .prepare(
        `SELECT sum(status <> 'deleted') AS live, sum(status = 'deleted') AS deleted
         FROM tn_tenants WHERE project_id = ?`,
      )
      .get(projectId) as { live: number | null; deleted: number | null };
    return { live: row.live ?? 0, deleted: row.deleted ?? 0 };
  }

  /** A deleted project's leftovers (workspaces, blueprints, past tenants) go to the default one. */
  release(projectId: string): void {
    for (const { table } of Object.values(TABLES))
      this.db
        .prepare(`UPDATE ${table} SET project_id = ? WHERE project_id = ?`)
        .run(DEFAULT_PROJECT_ID, projectId);
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Which projects a caller reaches, and where what it creates goes. */
interface Scope {
  projects: ReadonlySet<string>;
  /** Null for an account that owns no project yet: it can read nothing and create nothing. */
  home: string | null;
  /** Whether operations outside projects (connections, benchmarks, …) are closed to it. */
  projectOnly: boolean;
}

function scopeOf(ctx: CallContext, resources: ProjectResources): Scope | undefined {
  const id = ctx.identity;
  if (id?.kind !== 'account') return undefined;
  if (id.project_id !== undefined)
    return { projects: new Set([id.project_id]), home: id.project_id, projectOnly: true };
  if (id.admin) return undefined;
  const owned = resources.ownedBy(id.account_id);
  return { projects: new Set(owned), home: owned[0] ?? null, projectOnly: false };
}

/** Names in a call's input that point at other resources, with their kinds. */
function referenced(method: Method, input: Record<string, unknown>): [ResourceKind, string][] {
  const refs: [ResourceKind, string][] = [];
  const add = (kind: ResourceKind, value: unknown) => {
    if (typeof value === 'string') refs.push([kind, value]);
  };
  add('blueprint', input.blueprint);
  add('blueprint', input.blueprint_name);
  if (method !== 'tenants.create') add('tenant', input.tenant_id);
  for (const list of [input.tenant_ids, input.canary])
    if (Array.isArray(list)) list.forEach((t) => add('tenant', t));
  if (Array.isArray(input.databases))
    input.databases.forEach((d) => isRecord(d) && add('blueprint', d.blueprint));
  return refs;
}

/** What a project key may call: its account operations and its project's resources. */
function resourceOf(method: Method): { kind: ResourceKind; param: string | null } | null {
  const path = operations[method].rest?.path ?? '';
  const match = /^\/api\/v1\/([\w-]+)(?:\/\{(\w+)\})?/.exec(path);
  const kind = match?.[1] === undefined ? undefined : KIND_BY_RESOURCE[match[1]];
  if (kind) return { kind, param: match?.[2] ?? null };
  // Both name their tenant in the body (tenant_id), which referenced() checks.
  return method === 'admin.query' || method === 'webhooks.vmReady'
    ? { kind: 'tenant', param: null }
    : null;
}

export function scopeHandlers(handlers: Handlers, resources: ProjectResources): Handlers {
  const accountMethods = new Set<string>(Object.keys(accountOperations));
  const wrapped: Partial<Record<Method, unknown>> = {};
  for (const method of METHODS) {
    const inner = handlers[method] as (input: unknown, ctx?: CallContext) => Promise<unknown>;
    const resource = resourceOf(method);
    const list = LISTS[method];
    wrapped[method] = async (input: unknown, ctx: CallContext = OWNER_CONTEXT) => {
      const scope = scopeOf(ctx, resources);
      if (scope === undefined || accountMethods.has(method) || (!resource && !scope.projectOnly)) {
        return list
          ? labelled(await inner(input, ctx), list, resources, undefined)
          : inner(input, ctx);
      }
      if (!resource)
        throw new AppError(
          'FORBIDDEN',
          "An API key reaches its project's workspaces, blueprints, tenants and deployments only.",
        );
      const fields = isRecord(input) ? input : {};
      const own: [ResourceKind, string][] = [...referenced(method, fields)];
      if (resource.param !== null) {
        const named = fields[resource.param];
        if (typeof named === 'string') own.push([resource.kind, named]);
      }
      for (const [kind, key] of own) {
        // A blueprint not cut yet stands for its workspace, which the call may deploy first.
        const owner =
          resources.projectOf(kind, key) ??
          (kind === 'blueprint' ? resources.projectOf('workspace', key) : null);
        if (owner !== null && !scope.projects.has(owner))
          throw new AppError('NOT_FOUND', `No ${kind} '${key}' in your projects.`);
      }
      if (scope.home === null && CREATES.has(method))
        throw new AppError(
          'FORBIDDEN',
          'You own no project yet: create one with POST /api/v1/projects first.',
        );
      const output = await inner(input, ctx);
      if (scope.home !== null) fileUnder(method, fields, output, scope.home, resources);
      for (const [kind, key] of own) {
        const workspace = kind === 'blueprint' ? resources.projectOf('workspace', key) : null;
        if (workspace !== null && scope.projects.has(workspace))
          resources.assign('blueprint', key, workspace);
      }
      return list ? labelled(output, list, resources, scope.projects) : output;
    };
  }
  return wrapped as Handlers;
}

const CREATES = new Set<Method>([
  'workspaces.create',
  'tenants.create',
  'deployments.create',
  'workspaces.deploy',
]);

/**
 * What a key or a non-admin account creates belongs to its (first) project; a blueprint and a
 * deployment follow the project of the workspace or blueprint they come from.
 */
function fileUnder(
  method: Method,
  input: Record<string, unknown>,
  output: unknown,
  home: string,
  resources: ProjectResources,
): void {
  const out = isRecord(output) ? output : {};
  const file = (kind: ResourceKind, key: unknown, from?: [ResourceKind, unknown]) => {
    if (typeof key !== 'string') return;
    const source =
      from && typeof from[1] === 'string' ? resources.projectOf(from[0], from[1]) : null;
    resources.assign(kind, key, source ?? home);
  };
  switch (method) {
    case 'workspaces.create':
      return file('workspace', input.name);
    case 'tenants.create':
      return file('tenant', input.tenant_id);
    case 'deployments.create':
      return file('deployment', out.job_id, ['blueprint', input.blueprint_name]);
    case 'workspaces.deploy':
      return file('blueprint', out.blueprint, ['workspace', input.id]);
    default:
      return;
  }
}

/** A list with each item's project_id, and (for a scoped caller) only its projects' items. */
function labelled(
  output: unknown,
  list: { field: string; id: string; kind: ResourceKind },
  resources: ProjectResources,
  projects: ReadonlySet<string> | undefined,
): unknown {
  if (!isRecord(output) || !Array.isArray(output[list.field])) return output;
  const items = (output[list.field] as unknown[])
    .filter(isRecord)
    .map((item) => {
      const key = item[list.id];
      const owner = typeof key === 'string' ? resources.projectOf(list.kind, key) : null;
      return { ...item, project_id: owner ?? DEFAULT_PROJECT_ID };
    })
    .filter((item) => projects === undefined || projects.has(item.project_id));
  return {
    ...output,
    [list.field]: items,
    ...('count' in output ? { count: items.length } : {}),
  };
}
