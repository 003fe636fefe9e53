// Runs in the main process, server and CLI. Workspaces: a `<name>_dev` database on a saved
// connection where a blueprint's schema takes shape, with a query console (run as the workspace's
// own role, each statement under a timeout) whose DDL becomes pending changes (skip, revert) and
// drift detection against the schema Benchphant knows of.
import type {
  Change,
  Drift,
  ImportConnection,
  JsonTable,
  ConsoleResultView,
  QueryResultView,
  SchemaSnapshot,
  WorkspaceDetail,
  WorkspaceSummary,
} from '../../../../shared/contract/tenants';
import { AppError } from '../../../../shared/errors';
import type { KeyspaceTenancy } from '../../engines/keyspace-tenancy';
import type { DbClient } from '../../db/client';
import type { EventBus } from '../../events';
import type { SecretStore } from '../../secrets/secret-store';
import { snapshotStatements } from '../ddl/from-snapshot';
import { tableStatements } from '../ddl/from-json';
import { withInlineSource } from '../inline-source';
import { compareSchemas, introspect } from '../introspect';
import { connectionString, DATABASE_LABEL, devDatabase, sqlType } from '../names';
import { errorText, jsonRow } from '../rows';
import type { Servers } from '../servers';
import { classify } from '../sql/classify';
import { splitStatements } from '../sql/lexer';
import { sqlEngineOf } from '../../engines/registry';
import { quoter } from '../sql/quote';
import { limitStatements, runFenced } from '../sql/session';
import type { BlueprintRepository } from '../store/blueprint-repo';
import type { WorkspaceRepository, WorkspaceRow } from '../store/workspace-repo';
import { TEMPLATE_TABLES } from '../templates';
import { changeId, runDdl } from './schema-changes';
import { WorkspaceRoles } from './workspace-role';

export interface WorkspaceDeps {
  repo: WorkspaceRepository;
  blueprints: BlueprintRepository;
  servers: Servers;
  events: EventBus;
  secrets: SecretStore | null;
}

export type SchemaImport =
  | { source: 'template'; template: keyof typeof TEMPLATE_TABLES }
  | { source: 'json'; tables: JsonTable[] }
  | {
      source: 'database';
      connection_id?: string | undefined;
      database?: string | undefined;
      connection?: ImportConnection | undefined;
    };

const unix = (iso: string) => Math.floor(Date.parse(iso) / 1000);

export class WorkspaceService {
  private readonly roles: WorkspaceRoles;

  constructor(private readonly deps: WorkspaceDeps) {
    this.roles = new WorkspaceRoles(deps.servers, deps.secrets);
  }

  row(name: string): WorkspaceRow {
    const row = this.deps.repo.get(name);
    if (!row) throw new AppError('NOT_FOUND', `No workspace named '${name}'.`);
    return row;
  }

  private summary(row: WorkspaceRow): WorkspaceSummary {
    return {
      id: row.name,
      name: row.name,
      database: DATABASE_LABEL[row.db_type],
      version: this.deps.blueprints.versions(row.name).at(-1)?.version ?? null,
      connection_id: row.connection_id,
      created_at: unix(row.created_at),
    };
  }

  list() {
    const workspaces = this.deps.repo.list().map((r) => this.summary(r));
    return { success: true as const, count: workspaces.length, workspaces };
  }

  changed(name: string) {
    this.deps.events.emit('tenants.changed', { kind: 'workspace', id: name });
  }

  async create(input: {
    name: string;
    connection_id: string;
    database?: string;
  }): Promise<WorkspaceDetail> {
    const conn = this.deps.servers.anyConnection(input.connection_id);
    const label = DATABASE_LABEL[conn.type];
    if (input.database && input.database !== label) {
      throw new AppError(
        'BAD_INPUT',
        `The connection '${conn.name}' is ${label}, not ${input.database}.`,
      );
    }
    if (this.deps.repo.get(input.name))
      throw new AppError('CONFLICT', `A workspace named '${input.name}' already exists.`);
    if (this.deps.blueprints.get(input.name)) {
      throw new AppError(
        'CONFLICT',
        `A blueprint named '${input.name}' already exists (from an earlier workspace); pick another name.`,
      );
    }
    const database = devDatabase(input.name);
    const ks = this.deps.servers.keyspaces(conn.id);
    const row: WorkspaceRow = {
      name: input.name,
      connection_id: conn.id,
      db_type: conn.type,
      database,
      known_schema: JSON.stringify({ tables: [] }),
      created_at: new Date().toISOString(),
    };
    if (ks) await ks.createWorkspace(await this.deps.servers.engineParams(conn.id), database);
    else await this.createDatabase(row, conn.name);
    this.deps.repo.insert(row);
    this.changed(input.name);
    const detail = await this.get(input.name);
    const where = ks ? `key space ${database}:` : `database ${database}`;
    return {
      ...detail,
      message: `Workspace '${input.name}' created: ${where} on '${conn.name}'.`,
    };
  }

  /** The dev database and the workspace's own role; either failing leaves neither behind. */
  private async createDatabase(row: WorkspaceRow, connName: string): Promise<void> {
    const { database } = row;
    const q = quoter(sqlType(row.db_type));
    await this.deps.servers.with(row.connection_id, undefined, async (c) => {
      try {
        await c.query(`CREATE DATABASE ${q.ident(database)}`);
      } catch (err) {
        throw new AppError(
          'CONFLICT',
          `Could not create the database ${database} on '${connName}': ${errorText(err)}`,
        );
      }
    });
    try {
      await this.roles.login(row);
    } catch (err) {
      // No role, no workspace: the console could not run, so the database made above goes too.
      await this.dropDatabase(row).catch(() => undefined);
      await this.roles.drop(row).catch(() => undefined);
      throw err;
    }
  }

  async get(name: string): Promise<WorkspaceDetail> {
    const row = this.row(name);
    const conn = this.deps.servers.anyConnection(row.connection_id);
    const ks = this.deps.servers.keyspaces(row.connection_id);
    const schema = await this.liveSchema(row);
    return {
      ...this.summary(row),
      success: true,
      blueprint: row.name,
      schema: {
        type: 'tables',
        data: {
          table_count: schema.tables.length,
          tables: schema.tables.length ? schema.tables : null,
        },
      },
      undeployed_changes: this.deps.repo.changes(name, 'pending').length,
      connection: { host: conn.host, port: conn.port, database: row.database, user: conn.username },
      connection_string: ks
        ? ks.connectionString(conn, conn.username)
        : connectionString(sqlType(conn.type), conn.username, conn.host, conn.port, row.database),
    };
  }

  private async dropDatabase(row: WorkspaceRow): Promise<void> {
    const ks = this.deps.servers.keyspaces(row.connection_id);
    if (ks) {
      await ks.dropKeys(await this.deps.servers.engineParams(row.connection_id), row.database);
      return;
    }
    const drop = sqlEngineOf(sqlType(row.db_type)).tenants.sql.dropDatabase(row.database);
    await this.deps.servers.with(row.connection_id, undefined, (c) => c.query(drop));
  }

  async delete(name: string) {
    const row = this.row(name);
    await this.dropDatabase(row);
    if (!this.deps.servers.keyspaces(row.connection_id)) await this.roles.drop(row);
    this.deps.repo.delete(name);
    this.changed(name);
    return {
      success: true as const,
      message: `Workspace '${name}' and its database ${row.database} were deleted; its blueprint stays.`,
    };
  }

  liveSchema(row: WorkspaceRow): Promise<SchemaSnapshot> {
    // A key space has no tables: its shape is the commands recorded as changes.
    if (this.deps.servers.keyspaces(row.connection_id)) return Promise.resolve({ tables: [] });
    return this.deps.servers.with(row.connection_id, row.database, (c) => introspect(c));
  }

  async schema(name: string) {
    const row = this.row(name);
    return { success: true as const, workspace: name, ...(await this.liveSchema(row)) };
  }

  private async importStatements(row: WorkspaceRow, input: SchemaImport): Promise<string[]> {
    const ks = this.deps.servers.keyspaces(row.connection_id);
    if (ks) {
      throw new AppError(
        'BAD_INPUT',
        `A ${DATABASE_LABEL[row.db_type]} workspace holds ${ks.unit}, not tables: shape it with commands in its console.`,
      );
    }
    const type = sqlType(row.db_type);
    if (input.source === 'template') return tableStatements(TEMPLATE_TABLES[input.template], type);
    if (input.source === 'json') return tableStatements(input.tables, type);
    const inline = input.connection;
    const source = inline
      ? { name: `${inline.host}/${inline.database}`, type: inline.type }
      : this.deps.servers.connection(input.connection_id ?? '');
    if (source.type !== row.db_type) {
      throw new AppError(
        'BAD_INPUT',
        `The source '${source.name}' is ${DATABASE_LABEL[source.type]}, the workspace ${DATABASE_LABEL[row.db_type]}; import from the same engine.`,
      );
    }
    const snapshot = inline
      ? await withInlineSource(inline, (c) => introspect(c))
      : await this.deps.servers.with(input.connection_id ?? '', input.database, (c) =>
          introspect(c),
        );
    if (snapshot.tables.length === 0) {
      throw new AppError('BAD_INPUT', `The source database has no tables to import.`);
    }
    return snapshotStatements(snapshot, row.db_type);
  }

  async importSchema(name: string, input: SchemaImport) {
    const row = this.row(name);
    const statements = await this.importStatements(row, input);
    const run = await this.roles.with(row, (c) => runDdl(this.deps.repo, row, c, statements));
    this.changed(name);
    return {
      success: true as const,
      message: `${run.changes.length} statements ran in ${row.database} and wait as pending changes.`,
      changes: run.changes,
      ...run.after,
    };
  }

  /**
   * Runs the statements one after another on one session. A failing statement ends the script:
   * the error says which it was and how many ran before it (their DDL is recorded already).
   */
  async query(
    name: string,
    sql: string,
    o: { maxRows: number; timeoutMs: number },
  ): Promise<ConsoleResultView> {
    const row = this.row(name);
    const ks = this.deps.servers.keyspaces(row.connection_id);
    if (ks) return this.keyspaceQuery(ks, row, sql, o.maxRows);
    const statements = splitStatements(sql, sqlType(row.db_type));
    if (statements.length === 0)
      throw new AppError('BAD_INPUT', 'The query has no statement to run.');
    return this.roles.with(row, async (client) => {
      await limitStatements(client, o.timeoutMs);
      const results: ConsoleResultView['statements'] = [];
      for (const [i, statement] of statements.entries()) {
        try {
          const { success: _ok, ...result } = await this.runOne(name, row, client, statement, o);
          results.push({ ...result, statement });
        } catch (err) {
          if (statements.length === 1 || !(err instanceof AppError)) throw err;
          throw new AppError(
            err.code,
            `Statement ${i + 1} of ${statements.length} failed${i > 0 ? ` (the ${i === 1 ? 'one' : i} before it ran)` : ''}: ${err.message}`,
          );
        }
      }
      const last = results.at(-1)!;
      const { statement: _sql, ...lastResult } = last;
      return { success: true, ...lastResult, statements: results };
    });
  }

  private async runOne(
    name: string,
    row: WorkspaceRow,
    client: DbClient,
    statement: string,
    o: { maxRows: number; timeoutMs: number },
  ): Promise<QueryResultView> {
    const maxRows = o.maxRows;
    const c = classify(statement, sqlType(row.db_type));
    const started = performance.now();
    if (c.ddl) {
      const run = await runDdl(this.deps.repo, row, client, [statement]);
      this.changed(name);
      return {
        success: true,
        kind: 'affected',
        columns: [],
        rows: [],
        row_count: 0,
        truncated: false,
        affected: 0,
        duration_ms: performance.now() - started,
        change: run.changes[0] ?? null,
      };
    }
    let result;
    try {
      // The dev database is the workspace's to change: writes need no read-only fence here.
      result = await runFenced(client, statement, { readOnly: false, timeoutMs: o.timeoutMs });
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw new AppError('BAD_INPUT', `The query failed: ${errorText(err)}`);
    }
    const returnsRows = c.read || result.rows.length > 0;
    const rows = result.rows.slice(0, maxRows).map(jsonRow);
    return {
      success: true,
      kind: returnsRows ? 'rows' : 'affected',
      columns: Object.keys(result.rows[0] ?? {}),
      rows,
      row_count: rows.length,
      truncated: result.rows.length > maxRows,
      affected: returnsRows ? null : (result.affected ?? 0),
      duration_ms: performance.now() - started,
      change: null,
    };
  }

  /**
   * Console commands in a key space, one per line, in order; each data-shaping one is recorded
   * as a pending change. A failing line stops the rest, as a failing SQL statement does.
   */
  private async keyspaceQuery(
    ks: KeyspaceTenancy,
    row: WorkspaceRow,
    script: string,
    maxRows: number,
  ): Promise<ConsoleResultView> {
    const commands = script
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l !== '');
    if (commands.length === 0) throw new AppError('BAD_INPUT', 'The query has no command to run.');
    const params = await this.deps.servers.engineParams(row.connection_id);
    const results: ConsoleResultView['statements'] = [];
    for (const [i, command] of commands.entries()) {
      const started = performance.now();
      let r;
      try {
        r = await ks.console(params, row.database, command);
      } catch (err) {
        if (commands.length === 1 || !(err instanceof AppError)) throw err;
        throw new AppError(
          err.code,
          `Command ${i + 1} of ${commands.length} failed${i > 0 ? ` (the ${i === 1 ? 'one' : i} before it ran)` : ''}: ${err.message}`,
        );
      }
      const change = r.change
        ? this.deps.repo.addChange(row.name, {
            id: changeId(),
            ...r.change,
            created_at: new Date().toISOString(),
          })
        : null;
      if (change) this.changed(row.name);
      const rows = r.rows.slice(0, maxRows);
      results.push({
        statement: command,
        kind: change ? 'affected' : 'rows',
        columns: rows.length > 0 ? ['value'] : [],
        rows,
        row_count: rows.length,
        truncated: r.rows.length > maxRows,
        affected: change ? 0 : null,
        duration_ms: performance.now() - started,
        change,
      });
    }
    const { statement: _command, ...last } = results.at(-1) as (typeof results)[number];
    return { success: true, ...last, statements: results };
  }

  async diff(
    name: string,
  ): Promise<{ success: true; workspace: string; changes: Change[]; drift: Drift }> {
    const row = this.row(name);
    const live = await this.liveSchema(row);
    const drift = compareSchemas(this.deps.repo.knownSchema(row), live);
    return {
      success: true,
      workspace: name,
      changes: this.deps.repo.changes(name, 'pending'),
      drift: drift.detected
        ? {
            ...drift,
            message: `The dev database was changed outside Benchphant: ${drift.message ?? ''} These changes are not part of the pending changes.`,
          }
        : drift,
    };
  }

  private pendingChange(name: string, id: string): Change {
    const change = this.deps.repo.change(name, id);
    if (!change) throw new AppError('NOT_FOUND', `Workspace '${name}' has no change ${id}.`);
    if (change.status !== 'pending') {
      throw new AppError(
        'CONFLICT',
        `Change ${id} is ${change.status}, not pending; only pending changes can be skipped or reverted.`,
      );
    }
    return change;
  }

  skip(name: string, id: string) {
    this.pendingChange(name, id);
    this.deps.repo.setChangeStatus(id, 'skipped');
    this.changed(name);
    const change = this.deps.repo.change(name, id) as Change;
    return {
      success: true as const,
      message: `Change ${id} is left out of the next deploy; the dev database still has it.`,
      change,
    };
  }

  async revert(name: string, id: string) {
    const row = this.row(name);
    const change = this.pendingChange(name, id);
    if (!change.inverse) {
      throw new AppError(
        'REFUSED',
        `Change ${id} (${change.kind}) has no automatic inverse: ${change.revert_note ?? ''}`,
      );
    }
    const inverse = change.inverse;
    const ks = this.deps.servers.keyspaces(row.connection_id);
    if (ks) {
      await ks.revert(
        await this.deps.servers.engineParams(row.connection_id),
        row.database,
        inverse,
      );
    } else {
      await this.roles.with(row, (c) => runDdl(this.deps.repo, row, c, [inverse], false));
    }
    this.deps.repo.setChangeStatus(id, 'reverted');
    this.changed(name);
    return {
      success: true as const,
      message: `Change ${id} was reverted with: ${inverse}`,
      change: this.deps.repo.change(name, id) as Change,
    };
  }
}
