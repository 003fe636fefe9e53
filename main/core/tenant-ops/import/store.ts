// Runs in the main process, server and CLI. Data imports in the local store: the import, its
// tenants and each tenant's tables with the rows counted on both sides. Never a password: the
// source is kept as type, host, port, database, user or saved connection id.
import type { ImportStatus } from '../../../../shared/contract/tenant-ops';
import type { Db } from '../../store/database';

export type ImportState = ImportStatus['status'];
export type ImportTenantState = ImportStatus['tenants'][number]['status'];
export type ImportTableState = ImportStatus['tenants'][number]['tables'][number]['status'];
export type ImportOptions = ImportStatus['options'];

/** What identifies the source again on resume; no secret. */
export interface SourceKey {
  connection_id: string | null;
  type: string;
  host: string;
  port: number;
  database: string;
  user: string;
}

export interface ImportRow {
  id: string;
  workspace: string;
  source: SourceKey;
  routing_field: string;
  options: ImportOptions;
  status: ImportState;
  message: string | null;
  started_at: string;
  finished_at: string | null;
}

interface TenantRow {
  tenant_id: string;
  status: ImportTenantState;
  error: string | null;
}

export interface TableRow {
  tenant_id: string;
  table_name: string;
  source_rows: number | null;
  target_rows: number | null;
  status: ImportTableState;
}

export class ImportStore {
  constructor(private readonly db: Db) {}

  create(row: ImportRow, tenants: string[], tables: string[]): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO tn_imports (id, workspace, source, routing_field, options, status, message, started_at, finished_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          row.id,
          row.workspace,
          JSON.stringify(row.source),
          row.routing_field,
          JSON.stringify(row.options),
          row.status,
          row.message,
          row.started_at,
          row.finished_at,
        );
      const tenant = this.db.prepare(
        "INSERT INTO tn_import_tenants (import_id, tenant_id, ordinal, status) VALUES (?, ?, ?, 'pending')",
      );
      const table = this.db.prepare(
        "INSERT INTO tn_import_tables (import_id, tenant_id, table_name, ordinal, status) VALUES (?, ?, ?, ?, 'pending')",
      );
      for (const [i, t] of tenants.entries()) {
        tenant.run(row.id, t, i);
        for (const [j, name] of tables.entries()) table.run(row.id, t, name, j);
      }
    })();
  }

  get(id: string): ImportRow | undefined {
    const r = this.db.prepare('SELECT * FROM tn_imports WHERE id = ?').get(id) as
      (Omit<ImportRow, 'source' | 'options'> & { source: string; options: string }) | undefined;
    if (!r) return undefined;
    // Imports recorded before tables could be left out carry no list.
    const options = JSON.parse(r.options) as Omit<ImportOptions, 'leave_out'> &
      Partial<Pick<ImportOptions, 'leave_out'>>;
    return {
      ...r,
      source: JSON.parse(r.source) as SourceKey,
      options: { ...options, leave_out: options.leave_out ?? [] },
    };
  }

  tenants(id: string): TenantRow[] {
    return this.db
      .prepare(
        'SELECT tenant_id, status, error FROM tn_import_tenants WHERE import_id = ? ORDER BY ordinal',
      )
      .all(id) as TenantRow[];
  }

  tables(id: string, tenantId?: string): TableRow[] {
    return this.db
      .prepare(
        `SELECT tenant_id, table_name, source_rows, target_rows, status FROM tn_import_tables
         WHERE import_id = ? AND (? IS NULL OR tenant_id = ?) ORDER BY tenant_id, ordinal`,
      )
      .all(id, tenantId ?? null, tenantId ?? null) as TableRow[];
  }

  setStatus(id: string, status: ImportState, message: string | null, finished: boolean): void {
    this.db
      .prepare('UPDATE tn_imports SET status = ?, message = ?, finished_at = ? WHERE id = ?')
      .run(status, message, finished ? new Date().toISOString() : null, id);
  }

  setTenant(id: string, tenantId: string, status: ImportTenantState, error: string | null): void {
    this.db
      .prepare(
        'UPDATE tn_import_tenants SET status = ?, error = ? WHERE import_id = ? AND tenant_id = ?',
      )
      .run(status, error, id, tenantId);
  }

  setTable(
    id: string,
    tenantId: string,
    table: string,
    v: { status: ImportTableState; source_rows: number | null; target_rows: number | null },
  ): void {
    this.db
      .prepare(
        `UPDATE tn_import_tables SET status = ?, source_rows = ?, target_rows = ?
         WHERE import_id = ? AND tenant_id = ? AND table_name = ?`,
      )
      .run(v.status, v.source_rows, v.target_rows, id, tenantId, table);
  }

  /** A tenant's tables as never copied (its database was dropped). */
  resetTables(id: string, tenantId: string): void {
    this.db
      .prepare(
        "UPDATE tn_import_tables SET status = 'pending', source_rows = NULL, target_rows = NULL WHERE import_id = ? AND tenant_id = ?",
      )
      .run(id, tenantId);
  }

  /** A process that stopped mid-import leaves it running in the store; it reads interrupted. */
  interruptRunning(): void {
    this.db.transaction(() => {
      const message =
        'Benchphant stopped during this import; start it again with resume to continue after the verified tables.';
      this.db
        .prepare(
          "UPDATE tn_import_tenants SET status = 'interrupted' WHERE status = 'running' AND import_id IN (SELECT id FROM tn_imports WHERE status = 'running')",
        )
        .run();
      this.db
        .prepare(
          "UPDATE tn_imports SET status = 'interrupted', message = ? WHERE status = 'running'",
        )
        .run(message);
    })();
  }

  /**
   * Before a resume: what did not finish goes back to pending; verified tables stay verified. The
   * resume's options replace the import's, and its tables become `tables` (in this order): a table
   * now left out is dropped from each tenant's list unless it was already verified.
   */
  reopen(id: string, options: ImportOptions, tables: readonly string[]): void {
    this.db.transaction(() => {
      this.db
        .prepare('UPDATE tn_imports SET options = ? WHERE id = ?')
        .run(JSON.stringify(options), id);
      const keep = new Set(tables);
      const add = this.db.prepare(
        `INSERT INTO tn_import_tables (import_id, tenant_id, table_name, ordinal, status)
         VALUES (?, ?, ?, ?, 'pending')
         ON CONFLICT (import_id, tenant_id, table_name) DO UPDATE SET ordinal = excluded.ordinal`,
      );
      const drop = this.db.prepare(
        "DELETE FROM tn_import_tables WHERE import_id = ? AND tenant_id = ? AND table_name = ? AND status <> 'verified'",
      );
      for (const t of this.tenants(id)) {
        for (const row of this.tables(id, t.tenant_id)) {
          if (!keep.has(row.table_name)) drop.run(id, t.tenant_id, row.table_name);
        }
        for (const [j, name] of tables.entries()) add.run(id, t.tenant_id, name, j);
      }
      this.db
        .prepare(
          "UPDATE tn_import_tenants SET status = 'pending', error = NULL WHERE import_id = ? AND status <> 'completed'",
        )
        .run(id);
      this.db
        .prepare(
          "UPDATE tn_import_tables SET status = 'pending' WHERE import_id = ? AND status <> 'verified'",
        )
        .run(id);
      this.db
        .prepare(
          "UPDATE tn_imports SET status = 'running', message = NULL, finished_at = NULL WHERE id = ?",
        )
        .run(id);
    })();
  }

  view(id: string): ImportStatus | undefined {
    const row = this.get(id);
    if (!row) return undefined;
    const tables = this.tables(id);
    const tenants = this.tenants(id).map((t) => {
      const own = tables.filter((x) => x.tenant_id === t.tenant_id);
      return {
        tenant_id: t.tenant_id,
        status: t.status,
        tables_done: own.filter((x) => x.status === 'verified').length,
        tables_total: own.length,
        rows_copied: own.reduce(
          (n, x) => n + (x.status === 'verified' ? (x.target_rows ?? 0) : 0),
          0,
        ),
        error: t.error,
        tables: own.map((x) => ({
          table: x.table_name,
          source_rows: x.source_rows,
          target_rows: x.target_rows,
          status: x.status,
        })),
      };
    });
    const done = tables.filter((x) => x.status === 'verified').length;
    return {
      success: true,
      import_id: row.id,
      workspace: row.workspace,
      status: row.status,
      routing_field: row.routing_field,
      options: row.options,
      progress: tables.length ? Math.round((done / tables.length) * 1000) / 10 : 100,
      message: row.message,
      started_at: row.started_at,
      finished_at: row.finished_at,
      verified:
        row.status === 'completed' &&
        tables.every((x) => x.status === 'verified' && x.source_rows === x.target_rows),
      tenants,
    };
  }
}
