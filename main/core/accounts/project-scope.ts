// Runs in the main process, server and CLI. Keeps an API key inside its project: it wraps every
// handler, lets a key reach only its project's workspaces, blueprints, tenants and deployments
// (anything else answers as if it did not exist), files what the key creates under its project,
// and labels listed items with their project. Callers without a key pass through unchanged.
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

const keyProject = (ctx: CallContext): string | undefined =>
  ctx.identity?.kind === 'account' ? ctx.identity.project_id : undefined;

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
  return method === 'admin.query' ? { kind: 'tenant', param: null } : null;
}

export function scopeHandlers(handlers: Handlers, resources: ProjectResources): Handlers {
  const accountMethods = new Set<string>(Object.keys(accountOperations));
  const wrapped: Partial<Record<Method, unknown>> = {};
  for (const method of METHODS) {
    const inner = handlers[method] as (input: unknown, ctx?: CallContext) => Promise<unknown>;
    const resource = resourceOf(method);
    const list = LISTS[method];
    wrapped[method] = async (input: unknown, ctx: CallContext = OWNER_CONTEXT) => {
      const project = keyProject(ctx);
      if (project === undefined || accountMethods.has(method)) {
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
        if (owner !== null && owner !== project)
          throw new AppError('NOT_FOUND', `No ${kind} '${key}' in this project.`);
      }
      const output = await inner(input, ctx);
      fileUnder(method, fields, output, project, resources);
      for (const [kind, key] of own)
        if (kind === 'blueprint' && resources.projectOf('workspace', key) === project)
          resources.assign('blueprint', key, project);
      return list ? labelled(output, list, resources, project) : output;
    };
  }
  return wrapped as Handlers;
}

/** What a key creates belongs to its project. */
function fileUnder(
  method: Method,
  input: Record<string, unknown>,
  output: unknown,
  project: string,
  resources: ProjectResources,
): void {
  const out = isRecord(output) ? output : {};
  const file = (kind: ResourceKind, key: unknown) => {
    if (typeof key === 'string') resources.assign(kind, key, project);
  };
  switch (method) {
    case 'workspaces.create':
      return file('workspace', input.name);
    case 'tenants.create':
      return file('tenant', input.tenant_id);
    case 'deployments.create':
      return file('deployment', out.job_id);
    case 'workspaces.deploy':
      return file('blueprint', out.blueprint);
    default:
      return;
  }
}

/** A list with each item's project_id, and (for a key) only its project's items. */
function labelled(
  output: unknown,
  list: { field: string; id: string; kind: ResourceKind },
  resources: ProjectResources,
  project: string | undefined,
): unknown {
  if (!isRecord(output) || !Array.isArray(output[list.field])) return output;
  const items = (output[list.field] as unknown[])
    .filter(isRecord)
    .map((item) => {
      const key = item[list.id];
      const owner = typeof key === 'string' ? resources.projectOf(list.kind, key) : null;
      return { ...item, project_id: owner ?? DEFAULT_PROJECT_ID };
    })
    .filter((item) => project === undefined || item.project_id === project);
  return {
    ...output,
    [list.field]: items,
    ...('count' in output ? { count: items.length } : {}),
  };
}
