// Runs in the main process, server and CLI. Blueprints: each deploy of a workspace's pending
// changes becomes the next immutable version (1.0, 1.1, …). Before it is recorded, the whole
// chain of versions is built in a scratch database, so a version that would not apply (a skipped
// change a later one needs, say) is refused, and its schema snapshot is exactly what tenants get.
import type { BlueprintSummary, SchemaSnapshot } from '../../../../shared/contract/tenants';
import { AppError } from '../../../../shared/errors';
import type { EventBus } from '../../events';
import type { Db } from '../../store/database';
import { introspect } from '../introspect';
import { checkDatabase, DATABASE_LABEL, devDatabase, sqlType } from '../names';
import { errorText } from '../rows';
import type { Servers } from '../servers';
import { sqlEngineOf } from '../../engines/registry';
import { quoter } from '../sql/quote';
import type { BlueprintRepository, BlueprintRow, VersionRow } from '../store/blueprint-repo';
import type { TenantRepository } from '../store/tenant-repo';
import type { WorkspaceRepository } from '../store/workspace-repo';

export interface BlueprintDeps {
  db: Db;
  repo: BlueprintRepository;
  workspaces: WorkspaceRepository;
  tenants: TenantRepository;
  servers: Servers;
  events: EventBus;
}

const unix = (iso: string) => Math.floor(Date.parse(iso) / 1000);

const parts = (v: string) => v.split('.').map(Number) as [number, number];
const newer = (a: string, b: string) => {
  const [am, an] = parts(a);
  const [bm, bn] = parts(b);
  return am !== bm ? am > bm : an > bn;
};

/** The minor after the latest (1.0, 1.1, …), or the version asked for when it comes later. */
function nextVersion(latest: string | undefined, requested: string | undefined): string {
  if (latest === undefined) return requested ?? '1.0';
  if (requested !== undefined) {
    if (!newer(requested, latest))
      throw new AppError(
        'CONFLICT',
        `Version ${requested} is not after the latest version ${latest}; name a later one or none.`,
      );
    return requested;
  }
  const [major, minor] = parts(latest);
  return `${major}.${minor + 1}`;
}

export class BlueprintService {
  /** Workspaces being deployed: one scratch database per blueprint, one deploy at a time. */
  private readonly busy = new Set<string>();

  constructor(private readonly deps: BlueprintDeps) {}

  row(name: string): BlueprintRow {
    const bp = this.deps.repo.get(name);
    if (!bp)
      throw new AppError(
        'NOT_FOUND',
        `No blueprint named '${name}'. Deploy a workspace of that name first.`,
      );
    return bp;
  }

  versions(name: string): VersionRow[] {
    return this.deps.repo.versions(name);
  }

  version(name: string, version?: string): VersionRow {
    const all = this.versions(this.row(name).name);
    const v = version === undefined ? all.at(-1) : all.find((x) => x.version === version);
    if (!v) {
      throw new AppError(
        'NOT_FOUND',
        version === undefined
          ? `Blueprint '${name}' has no version yet.`
          : `Blueprint '${name}' has no version ${version} (it has ${all.map((x) => x.version).join(', ') || 'none'}).`,
      );
    }
    return v;
  }

  private summary(bp: BlueprintRow): BlueprintSummary {
    const latest = this.versions(bp.name).at(-1);
    const tenants = [
      ...new Set(
        this.deps.tenants
          .ofBlueprint(bp.name, ['provisioning', 'ready', 'suspended', 'deleted', 'failed'])
          .map((t) => t.tenant_id),
      ),
    ];
    return {
      id: `${bp.name}_v${(latest?.version ?? '0.0').replace('.', '_')}`,
      name: bp.name,
      version: latest?.version ?? '0.0',
      workspace_id: bp.workspace,
      database_type: DATABASE_LABEL[bp.db_type],
      connection_id: bp.connection_id,
      created_at: unix(bp.created_at),
      deployed_to: tenants.length ? tenants : null,
    };
  }

  list() {
    return {
      success: true as const,
      blueprints: this.deps.repo.list().map((b) => this.summary(b)),
    };
  }

  get(name: string, version?: string) {
    const bp = this.row(name);
    const v = this.version(name, version);
    return { ...this.summary(bp), version: v.version, success: true as const, schema: v.schema };
  }

  /** Refused while a tenant (even a soft-deleted one) has a database of it or a deploy runs. */
  delete(name: string) {
    const bp = this.row(name);
    const users = [
      ...new Set(
        this.deps.tenants
          .ofBlueprint(name, ['provisioning', 'ready', 'suspended', 'deleted', 'failed'])
          .map((t) => t.tenant_id),
      ),
    ];
    if (users.length > 0) {
      const shown = users.slice(0, 5).join(', ') + (users.length > 5 ? ', …' : '');
      throw new AppError(
        'REFUSED',
        `Blueprint '${name}' is used by ${users.length} tenant${users.length === 1 ? '' : 's'} (${shown}); delete ${users.length === 1 ? 'it' : 'them'} for good first.`,
      );
    }
    if (this.busy.has(bp.workspace) || this.deps.repo.activeDeployments(name) > 0) {
      throw new AppError(
        'CONFLICT',
        `Blueprint '${name}' is being deployed; wait for the deployment to end.`,
      );
    }
    const workspace = this.deps.workspaces.get(bp.workspace);
    this.deps.repo.delete(name, bp.workspace);
    this.deps.events.emit('tenants.changed', { kind: 'blueprint', id: name });
    this.deps.events.emit('tenants.changed', { kind: 'workspace', id: bp.workspace });
    return {
      success: true as const,
      name,
      message: workspace
        ? `Blueprint '${name}' and its versions were deleted; workspace '${bp.workspace}' keeps its changes as pending, and its next deploy is version 1.0.`
        : `Blueprint '${name}' and its versions were deleted.`,
    };
  }

  listVersions(name: string) {
    this.row(name);
    const dbs = this.deps.tenants.ofBlueprint(name, ['ready', 'suspended', 'deleted']);
    return {
      success: true as const,
      name,
      versions: this.versions(name).map((v) => ({
        version: v.version,
        created_at: unix(v.created_at),
        statements: v.statements,
        tenants: dbs.filter((d) => d.version === v.version).map((d) => d.tenant_id),
      })),
    };
  }

  /** Builds every version plus `next` in a scratch database and reads the resulting schema. */
  private async build(
    bp: BlueprintRow,
    previous: VersionRow[],
    next: string[],
  ): Promise<SchemaSnapshot> {
    const ks = this.deps.servers.keyspaces(bp.connection_id);
    if (ks) {
      // A key space has no schema to read: the chain is checked on a scratch prefix.
      const params = await this.deps.servers.engineParams(bp.connection_id);
      const scratch = checkDatabase(bp.name);
      const tag = this.deps.servers.instanceTag();
      await ks.check(params, scratch, devDatabase(bp.workspace), previous, next, tag);
      return { tables: [] };
    }
    const q = quoter(sqlType(bp.db_type));
    const scratch = checkDatabase(bp.name);
    const drop = sqlEngineOf(sqlType(bp.db_type)).tenants.sql.dropDatabase(scratch);
    return this.deps.servers.with(bp.connection_id, undefined, async (admin) => {
      await admin.query(drop);
      await admin.query(`CREATE DATABASE ${q.ident(scratch)}`);
      try {
        return await this.deps.servers.with(bp.connection_id, scratch, async (c) => {
          const chain = [
            ...previous.flatMap((v) => v.statements.map((s) => ({ s, v: v.version }))),
            ...next.map((s) => ({ s, v: 'new' })),
          ];
          for (const { s, v } of chain) {
            try {
              await c.query(s);
            } catch (err) {
              const which = v === 'new' ? 'A pending change' : `A statement of version ${v}`;
              throw new AppError(
                'CONFLICT',
                `The new version would not apply: ${which} failed on a fresh database: ${errorText(err)}. Statement: ${s.slice(0, 300)}. Skip or revert what it depends on, or fix it with another change.`,
              );
            }
          }
          return introspect(c);
        });
      } finally {
        await admin.query(drop).catch(() => undefined);
      }
    });
  }

  /** The workspace's pending changes become the blueprint's next version. */
  /**
   * The spec's flow has no deploy step: a deployment or a new tenant of a blueprint whose
   * workspace has undeployed changes first cuts the next version (the requested one, if named
   * and new), as the workspace's Deploy button would.
   */
  async cutPending(blueprint: string, version?: string): Promise<void> {
    const workspace =
      this.deps.repo.get(blueprint)?.workspace ??
      (this.deps.workspaces.get(blueprint) ? blueprint : null);
    if (workspace === null) return;
    if (version !== undefined && this.versions(blueprint).some((v) => v.version === version))
      return;
    if (this.deps.workspaces.changes(workspace, 'pending').length === 0) return;
    await this.deployWorkspace(workspace, version);
  }

  async deployWorkspace(workspace: string, version?: string) {
    if (this.busy.has(workspace)) {
      throw new AppError(
        'CONFLICT',
        `Workspace '${workspace}' is being deployed already; wait for it to finish.`,
      );
    }
    this.busy.add(workspace);
    try {
      return await this.deployOnce(workspace, version);
    } finally {
      this.busy.delete(workspace);
    }
  }

  private async deployOnce(workspace: string, requested?: string) {
    const ws = this.deps.workspaces.get(workspace);
    if (!ws) throw new AppError('NOT_FOUND', `No workspace named '${workspace}'.`);
    const pending = this.deps.workspaces.changes(workspace, 'pending');
    if (pending.length === 0) {
      throw new AppError('CONFLICT', `Workspace '${workspace}' has no pending changes to deploy.`);
    }
    const bp: BlueprintRow = this.deps.repo.get(workspace) ?? {
      name: workspace,
      workspace,
      connection_id: ws.connection_id,
      db_type: ws.db_type,
      created_at: new Date().toISOString(),
    };
    const previous = this.versions(bp.name);
    const statements = pending.map((c) => c.statement);
    const schema = await this.build(bp, previous, statements);
    const version = nextVersion(previous.at(-1)?.version, requested);
    this.deps.db.transaction(() => {
      this.deps.repo.addVersion(bp, {
        ordinal: previous.length,
        version,
        statements,
        schema,
        created_at: new Date().toISOString(),
      });
      for (const c of pending) this.deps.workspaces.setChangeStatus(c.id, 'deployed', version);
    })();
    this.deps.events.emit('tenants.changed', { kind: 'blueprint', id: bp.name });
    this.deps.events.emit('tenants.changed', { kind: 'workspace', id: workspace });
    return {
      success: true as const,
      message: `Blueprint '${bp.name}' version ${version}: ${statements.length} statements. Deploy it to tenants from Deployments.`,
      blueprint: bp.name,
      version,
      statements,
    };
  }
}
