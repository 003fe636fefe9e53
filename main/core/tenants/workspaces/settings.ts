// Runs in the main process, server and CLI. A workspace's settings: kept in the store, read back
// with the built-in defaults filled in, and resolved for a blueprint (through the workspace it was
// cut from) where tenants, deployments and the query log need a default.
import {
  DEFAULT_PARALLELISM,
  type DeploymentGate,
  deploymentGateSchema,
  type WorkspaceSettings,
  type WorkspaceSettingsUpdate,
} from '../../../../shared/contract/tenants';
import { AppError } from '../../../../shared/errors';
import type { Db } from '../../store/database';
import type { WorkspaceRow } from '../store/workspace-repo';

interface Row {
  default_isolation_level: 1 | 2 | null;
  default_parallelism: number | null;
  slow_query_ms: number | null;
  deploy_gate: string | null;
}

/** The defaults in force for a blueprint's tenants and deployments. */
export interface EffectiveDefaults {
  isolationLevel: 1 | 2;
  parallelism: number;
  /** Null: the query log's global threshold applies. */
  slowQueryMs: number | null;
  gate: DeploymentGate | null;
}

const NONE: Row = {
  default_isolation_level: null,
  default_parallelism: null,
  slow_query_ms: null,
  deploy_gate: null,
};

export class WorkspaceSettingsStore {
  constructor(
    private readonly db: Db,
    /** The query log's global threshold, shown where a workspace has none of its own. */
    private readonly globalSlowMs: () => number,
  ) {}

  private row(workspace: string): Row {
    return (
      (this.db
        .prepare(
          'SELECT default_isolation_level, default_parallelism, slow_query_ms, deploy_gate FROM tn_workspace_settings WHERE workspace = ?',
        )
        .get(workspace) as Row | undefined) ?? NONE
    );
  }

  private effective(row: Row): EffectiveDefaults {
    return {
      isolationLevel: row.default_isolation_level ?? 1,
      parallelism: row.default_parallelism ?? DEFAULT_PARALLELISM,
      slowQueryMs: row.slow_query_ms,
      gate:
        row.deploy_gate === null ? null : deploymentGateSchema.parse(JSON.parse(row.deploy_gate)),
    };
  }

  view(ws: WorkspaceRow): WorkspaceSettings {
    const e = this.effective(this.row(ws.name));
    return {
      success: true,
      workspace: ws.name,
      connection_id: ws.connection_id,
      default_isolation_level: e.isolationLevel,
      default_parallelism: e.parallelism,
      slow_query_ms: e.slowQueryMs ?? this.globalSlowMs(),
      deploy_gate: e.gate,
    };
  }

  update(ws: WorkspaceRow, change: WorkspaceSettingsUpdate): WorkspaceSettings {
    if (change.connection_id !== undefined && change.connection_id !== ws.connection_id)
      throw new AppError(
        'REFUSED',
        `Workspace '${ws.name}' lives on connection ${ws.connection_id}; its development database does not move. Create a workspace on the other connection instead.`,
      );
    const old = this.row(ws.name);
    const next: Row = {
      default_isolation_level: change.default_isolation_level ?? old.default_isolation_level,
      default_parallelism: change.default_parallelism ?? old.default_parallelism,
      slow_query_ms: change.slow_query_ms ?? old.slow_query_ms,
      deploy_gate:
        change.deploy_gate === undefined
          ? old.deploy_gate
          : change.deploy_gate === null
            ? null
            : JSON.stringify(change.deploy_gate),
    };
    this.db
      .prepare(
        `INSERT INTO tn_workspace_settings (workspace, default_isolation_level, default_parallelism, slow_query_ms, deploy_gate)
         VALUES (@workspace, @default_isolation_level, @default_parallelism, @slow_query_ms, @deploy_gate)
         ON CONFLICT (workspace) DO UPDATE SET
           default_isolation_level = excluded.default_isolation_level,
           default_parallelism = excluded.default_parallelism,
           slow_query_ms = excluded.slow_query_ms,
           deploy_gate = excluded.deploy_gate`,
      )
      .run({ workspace: ws.name, ...next });
    return this.view(ws);
  }

  /** The defaults for a blueprint: its workspace's, or the built-in ones once that is gone. */
  forBlueprint(blueprint: string): EffectiveDefaults {
    const ws = this.db
      .prepare('SELECT workspace FROM tn_blueprints WHERE name = ?')
      .get(blueprint) as { workspace: string } | undefined;
    return this.effective(this.row(ws?.workspace ?? blueprint));
  }

  /**
   * A tenant's slow-query threshold: the strictest of its blueprints' workspaces, or null when
   * none sets one (the global threshold applies).
   */
  slowQueryMsOfTenant(tenantId: string): number | null {
    const r = this.db
      .prepare(
        `SELECT min(s.slow_query_ms) AS ms FROM tn_tenant_databases d
         JOIN tn_blueprints b ON b.name = d.blueprint
         JOIN tn_workspace_settings s ON s.workspace = b.workspace
         WHERE d.tenant_id = ?`,
      )
      .get(tenantId) as { ms: number | null };
    return r.ms;
  }
}
