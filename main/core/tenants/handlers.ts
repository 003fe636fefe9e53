// Runs in the main process, server and CLI. The contract's workspaces.*, blueprints.*, tenants.*,
// deployments.* and admin.query operations; input arrives validated by the dispatcher.
import type { Handlers } from '../../../shared/contract';
import type { tenantOperations } from '../../../shared/contract/tenants';
import type { Tenants } from './service';

type TenantHandlers = Pick<Handlers, keyof typeof tenantOperations>;

export const tenantHandlers = (t: Tenants): TenantHandlers => ({
  'workspaces.list': async () => t.workspaces.list(),
  'workspaces.create': (input) => t.workspaces.create(input),
  'workspaces.get': ({ id }) => t.workspaces.get(id),
  'workspaces.delete': ({ id }) => t.workspaces.delete(id),
  'workspaces.schema': ({ id }) => t.workspaces.schema(id),
  'workspaces.importSchema': ({ id, ...source }) => t.workspaces.importSchema(id, source),
  'workspaces.query': ({ id, query, max_rows, timeout_ms }) =>
    t.workspaces.query(id, query, { maxRows: max_rows, timeoutMs: timeout_ms }),
  'workspaces.diff': ({ id }) => t.workspaces.diff(id),
  'workspaces.skipChange': async ({ id, ddl_id }) => t.workspaces.skip(id, ddl_id),
  'workspaces.revertChange': ({ id, ddl_id }) => t.workspaces.revert(id, ddl_id),
  'workspaces.settings': async ({ id }) => t.settings.view(t.workspaces.row(id)),
  'workspaces.configure': async ({ id, ...change }) => {
    const settings = t.settings.update(t.workspaces.row(id), change);
    t.workspaces.changed(id);
    return settings;
  },
  'workspaces.deploy': ({ id }) => t.blueprints.deployWorkspace(id),
  'blueprints.list': async () => t.blueprints.list(),
  'blueprints.get': async ({ name, version }) => t.blueprints.get(name, version),
  'blueprints.versions': async ({ name }) => t.blueprints.listVersions(name),
  'blueprints.delete': async ({ name }) => t.blueprints.delete(name),
  'tenants.list': async ({ blueprint }) => t.tenants.list(blueprint),
  'tenants.create': async (input) => {
    for (const d of input.databases) await t.blueprints.cutPending(d.blueprint);
    return t.tenants.create({
      tenant_id: input.tenant_id,
      databases: input.databases.map((d) => ({
        ...d,
        isolation_level: d.isolation_level ?? t.settings.forBlueprint(d.blueprint).isolationLevel,
      })),
    });
  },
  'tenants.get': async ({ id }) => t.tenants.view(id),
  'tenants.delete': ({ id, hard, confirm }) => t.tenants.delete(id, hard, confirm),
  'tenants.impact': ({ id }) => t.tenants.impact(id),
  'tenants.suspend': ({ id }) => t.tenants.suspend(id),
  'tenants.resume': ({ id }) => t.tenants.resume(id),
  'tenants.restore': ({ id }) => t.tenants.restore(id),
  'tenants.reveal': ({ id, blueprint }) => t.tenants.reveal(id, blueprint),
  // History outlives a hard delete, so this reads it without requiring the tenant.
  'tenants.deployments': async ({ id }) => t.deployments.ofTenant(id),
  'deployments.list': async () => t.deployments.list(),
  'deployments.create': async ({ parallelism, gate, ...input }) => {
    await t.blueprints.cutPending(input.blueprint_name, input.version);
    const defaults = t.settings.forBlueprint(input.blueprint_name);
    // The workspace's gate measures canaries: a deployment without any goes ungated.
    const gated = gate === undefined && input.canary.length > 0 ? defaults.gate : gate;
    return t.deployments.create({
      ...input,
      parallelism: parallelism ?? defaults.parallelism,
      gate: gated ?? undefined,
    });
  },
  'deployments.get': async ({ id }) => t.deployments.get(id),
  'deployments.retry': async ({ id }) => t.deployments.retry(id),
  'admin.query': (input) => t.adminQuery(input),
});
