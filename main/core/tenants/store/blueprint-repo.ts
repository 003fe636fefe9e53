// Runs in the main process, server and CLI. Blueprints and their immutable versions: once
// written, a version's statements and schema snapshot are never updated.
import type { SchemaSnapshot } from '../../../../shared/contract/tenants';
import type { EngineType } from '../../../../shared/model/connection';
import type { Db } from '../../store/database';

export interface BlueprintRow {
  name: string;
  workspace: string;
  connection_id: string;
  db_type: EngineType;
  created_at: string;
}

export interface VersionRow {
  blueprint: string;
  ordinal: number;
  version: string;
  statements: string[];
  schema: SchemaSnapshot;
  created_at: string;
}

interface RawVersion extends Omit<VersionRow, 'statements' | 'schema'> {
  statements: string;
  schema: string;
}

const parse = (r: RawVersion): VersionRow => ({
  ...r,
  statements: JSON.parse(r.statements) as string[],
  schema: JSON.parse(r.schema) as SchemaSnapshot,
});

export class BlueprintRepository {
  constructor(private readonly db: Db) {}

  list(): BlueprintRow[] {
    return this.db
      .prepare('SELECT * FROM tn_blueprints ORDER BY created_at, name')
      .all() as BlueprintRow[];
  }

  get(name: string): BlueprintRow | undefined {
    return this.db.prepare('SELECT * FROM tn_blueprints WHERE name = ?').get(name) as
      BlueprintRow | undefined;
  }

  versions(name: string): VersionRow[] {
    return (
      this.db
        .prepare('SELECT * FROM tn_blueprint_versions WHERE blueprint = ? ORDER BY ordinal')
        .all(name) as RawVersion[]
    ).map(parse);
  }

  /** Deployments of the blueprint still queued or running. */
  activeDeployments(name: string): number {
    const r = this.db
      .prepare(
        "SELECT count(*) AS n FROM tn_deployments WHERE blueprint = ? AND status IN ('queued', 'running')",
      )
      .get(name) as { n: number };
    return r.n;
  }

  /**
   * The blueprint, its versions and its deployments' history, in one transaction; the workspace's
   * deployed changes go back to pending (the versions they made are gone).
   */
  delete(name: string, workspace: string): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM tn_deployments WHERE blueprint = ?').run(name);
      this.db.prepare('DELETE FROM tn_blueprints WHERE name = ?').run(name);
      this.db
        .prepare(
          "UPDATE tn_changes SET status = 'pending', version = NULL WHERE workspace = ? AND status = 'deployed'",
        )
        .run(workspace);
    })();
  }

  /** Adds the next version (and the blueprint on its first one) in one transaction. */
  addVersion(bp: BlueprintRow, v: Omit<VersionRow, 'blueprint'>): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT OR IGNORE INTO tn_blueprints (name, workspace, connection_id, db_type, created_at)
           VALUES (@name, @workspace, @connection_id, @db_type, @created_at)`,
        )
        .run(bp);
      this.db
        .prepare(
          `INSERT INTO tn_blueprint_versions (blueprint, ordinal, version, statements, schema, created_at)
           VALUES (?, ?, ?, ?, ?, ?)`,
        )
        .run(
          bp.name,
          v.ordinal,
          v.version,
          JSON.stringify(v.statements),
          JSON.stringify(v.schema),
          v.created_at,
        );
    })();
  }
}
