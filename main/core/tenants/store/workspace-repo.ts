// Runs in the main process, server and CLI. Workspaces and their recorded changes in the local
// store; the last schema Benchphant knows of is kept so drift can be told.
import type { Change, SchemaSnapshot } from '../../../../shared/contract/tenants';
import type { EngineType } from '../../../../shared/model/connection';
import type { Db } from '../../store/database';

export interface WorkspaceRow {
  name: string;
  connection_id: string;
  db_type: EngineType;
  database: string;
  known_schema: string;
  created_at: string;
}

interface ChangeRow extends Omit<Change, 'revert_note'> {
  revert_note: string | null;
  workspace: string;
  version: string | null;
}

const toChange = (r: ChangeRow): Change => ({
  id: r.id,
  seq: r.seq,
  statement: r.statement,
  kind: r.kind,
  status: r.status,
  inverse: r.inverse,
  revert_note: r.revert_note,
  created_at: r.created_at,
});

export class WorkspaceRepository {
  constructor(private readonly db: Db) {}

  list(): WorkspaceRow[] {
    return this.db
      .prepare('SELECT * FROM tn_workspaces ORDER BY created_at, name')
      .all() as WorkspaceRow[];
  }

  get(name: string): WorkspaceRow | undefined {
    return this.db.prepare('SELECT * FROM tn_workspaces WHERE name = ?').get(name) as
      WorkspaceRow | undefined;
  }

  insert(row: WorkspaceRow): void {
    this.db
      .prepare(
        `INSERT INTO tn_workspaces (name, connection_id, db_type, database, known_schema, created_at)
         VALUES (@name, @connection_id, @db_type, @database, @known_schema, @created_at)`,
      )
      .run(row);
  }

  delete(name: string): void {
    this.db.prepare('DELETE FROM tn_workspaces WHERE name = ?').run(name);
  }

  setKnownSchema(name: string, schema: SchemaSnapshot): void {
    this.db
      .prepare('UPDATE tn_workspaces SET known_schema = ? WHERE name = ?')
      .run(JSON.stringify(schema), name);
  }

  knownSchema(row: WorkspaceRow): SchemaSnapshot {
    return JSON.parse(row.known_schema) as SchemaSnapshot;
  }

  addChange(workspace: string, c: Omit<Change, 'seq' | 'status'>): Change {
    const seq =
      ((
        this.db
          .prepare('SELECT MAX(seq) AS m FROM tn_changes WHERE workspace = ?')
          .get(workspace) as { m: number | null }
      ).m ?? 0) + 1;
    this.db
      .prepare(
        `INSERT INTO tn_changes (id, workspace, seq, statement, kind, inverse, revert_note, status, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?)`,
      )
      .run(c.id, workspace, seq, c.statement, c.kind, c.inverse, c.revert_note, c.created_at);
    return { ...c, seq, status: 'pending' };
  }

  changes(workspace: string, status?: Change['status']): Change[] {
    const rows = (
      status
        ? this.db
            .prepare('SELECT * FROM tn_changes WHERE workspace = ? AND status = ? ORDER BY seq')
            .all(workspace, status)
        : this.db
            .prepare('SELECT * FROM tn_changes WHERE workspace = ? ORDER BY seq')
            .all(workspace)
    ) as ChangeRow[];
    return rows.map(toChange);
  }

  change(workspace: string, id: string): Change | undefined {
    const r = this.db
      .prepare('SELECT * FROM tn_changes WHERE workspace = ? AND id = ?')
      .get(workspace, id) as ChangeRow | undefined;
    return r ? toChange(r) : undefined;
  }

  setChangeStatus(id: string, status: Change['status'], version: string | null = null): void {
    this.db
      .prepare('UPDATE tn_changes SET status = ?, version = ? WHERE id = ?')
      .run(status, version, id);
  }
}
