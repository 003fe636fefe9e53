// Runs in the main process, server and CLI. Imports a shared database whose tables carry a routing
// column into one database per tenant: analysis, then a background copy tenant by tenant and table
// by table (parents first), each table verified against the source's count and recorded, so an
// import stopped by a restart resumes after what it already verified. import-full first turns the
// source's schema into the workspace's next blueprint version through the workspace itself.
import { randomUUID } from 'node:crypto';
import type {
  ImportAnalysis,
  ImportConnection,
  ImportProblem,
  ImportStatus,
} from '../../../../shared/contract/tenant-ops';
import { DEFAULT_STATEMENT_TIMEOUT_MS } from '../../../../shared/contract/tenants';
import { AppError } from '../../../../shared/errors';
import { type ImportChoice, openProblems } from '../../../../shared/model/import-plan';
import type { DbClient } from '../../db/client';
import { classifyConnectError } from '../../connections/classify-error';
import { DEFAULT_CONNECT_TIMEOUT_MS, openClient } from '../../db/client';
import type { EventBus } from '../../events';
import type { Intent, Journal } from '../../journal/journal';
import type { Logger } from '../../logging/logger';
import { DATABASE_LABEL, sqlType } from '../../tenants/names';
import type { Servers } from '../../tenants/servers';
import type { Tenants } from '../../tenants/service';
import { quoter } from '../../tenants/sql/quote';
import type { TenantRepository } from '../../tenants/store/tenant-repo';
import { clearTables, copyTable, ImportStopped } from './copy';
import { dropRoutingStatements } from './drop-routing';
import { problemsText } from '../../../../shared/model/import-plan-words';
import { schemaProblems, type TenantState, tenantProblems } from './plan-check';
import {
  invalidTenantReason,
  readTables,
  resolveSource,
  type ResolvedSource,
  rowsPerValue,
  sameSource,
  type SourceTable,
  tableRows,
} from './source';
import type { ImportOptions, ImportStore } from './store';
import { type ImportPayload, importRecoverer } from './recover';
import {
  checkKeyspaceTenant,
  copyKeyspaceTenant,
  type KeyspaceSurvey,
  surveyKeyspace,
} from './keyspace-import';

export interface ImportDeps {
  store: ImportStore;
  tenants: Tenants;
  tenantRepo: TenantRepository;
  servers: Servers;
  events: EventBus;
  logger: Logger;
  /**
   * Marks what a previous process left active as interrupted (default true). Only the data
   * directory's owner may: beside a live owner, those rows are that owner's work in progress.
   */
  recover?: boolean;
  journal: Journal;
}

export interface ImportRequest {
  id: string;
  connection_id?: string | undefined;
  database?: string | undefined;
  connection?: ImportConnection | undefined;
  routing_field: string;
  /** Key-space workspaces (Redis): where each tenant's keys are, in routing_field's place. */
  key_pattern?: string | undefined;
  shared_tables: 'copy' | 'skip';
  leave_out?: string[] | undefined;
  /** Each false when not given; a resume keeps the import's own for what is not given. */
  options: { drop_routing_column?: boolean | undefined; create_tenants?: boolean | undefined };
  resume?: string | undefined;
  batch_size: number;
}

interface SqlSurvey {
  keyspace: null;
  source: ResolvedSource;
  tables: SourceTable[];
  analysis: ImportAnalysis;
}

/** An SQL source's tables, or (`keyspace` set) a key-space source read by key pattern. */
type Survey = SqlSurvey | KeyspaceSurvey;

const text = (err: unknown) => (err instanceof Error ? err.message : String(err));

export class TenantImports {
  private stopping = false;
  private readonly running = new Map<string, Promise<void>>();

  constructor(private readonly deps: ImportDeps) {
    if (deps.recover !== false) deps.store.interruptRunning();
    deps.journal.register('import', importRecoverer(deps.store));
  }

  private blueprintOf(workspace: string) {
    const ws = this.deps.tenants.workspaces.row(workspace);
    return { name: ws.name, type: ws.db_type };
  }

  private async open(source: ResolvedSource): Promise<DbClient> {
    try {
      return await openClient(source.params);
    } catch (err) {
      // The login is the request's own (inline credentials, or a saved connection's): the caller
      // can fix it, so it is bad input with its cause, not a failing upstream server.
      const why = classifyConnectError(err, source.params, DEFAULT_CONNECT_TIMEOUT_MS);
      if (why.code === 'AUTH_FAILED')
        throw new AppError('BAD_INPUT', `The source database refused the login: ${why.message}`);
      throw new AppError(
        'DB_UNREACHABLE',
        `Could not reach the source database ${source.params.database} on ${source.params.host}:${source.params.port}: ${text(err)}`,
      );
    }
  }

  /** The workspace's key-space tenancy (Redis), or null where its tenants are SQL databases. */
  private keyspaceOf(workspace: string) {
    return this.deps.servers.keyspaces(this.deps.tenants.workspaces.row(workspace).connection_id);
  }

  /** What routes a source's data to tenants: the key pattern of a key space, else the column. */
  private routingOf(input: Pick<ImportRequest, 'id' | 'routing_field' | 'key_pattern'>): string {
    const ks = this.keyspaceOf(input.id);
    return ks ? (input.key_pattern ?? ks.defaultKeyPattern) : input.routing_field;
  }

  private async survey(
    input: Omit<ImportRequest, 'options' | 'resume' | 'batch_size'>,
  ): Promise<Survey> {
    const bp = this.blueprintOf(input.id);
    const ks = this.keyspaceOf(input.id);
    if (ks) {
      return surveyKeyspace({
        servers: this.deps.servers,
        ks,
        input,
        type: bp.type,
        version: this.deps.tenants.blueprints.versions(input.id).at(-1)?.version ?? null,
        exists: (t) => this.deps.tenantRepo.databases(t).some((d) => d.blueprint === bp.name),
        state: (t) => this.tenantState(t, input.id),
      });
    }
    const source = await resolveSource(this.deps.servers, input);
    if (source.params.type !== bp.type) {
      throw new AppError(
        'BAD_INPUT',
        `The source is ${DATABASE_LABEL[source.params.type]}, the workspace '${input.id}' ${DATABASE_LABEL[bp.type]}; import from the same engine.`,
      );
    }
    const c = await this.open(source);
    try {
      const tables = await readTables(c, input.routing_field);
      if (!tables.some((t) => t.routed)) {
        throw new AppError(
          'BAD_INPUT',
          `No table of ${source.params.database} has the routing column ${input.routing_field}; name the column that holds the tenant id in routing_field.`,
        );
      }
      const perTenant = new Map<string | null, number>();
      const rows: ImportAnalysis['tables'] = [];
      const leftOut = new Set(input.leave_out ?? []);
      for (const t of tables) {
        const name = t.info.name;
        if (!t.routed) {
          rows.push({
            name,
            has_routing_column: false,
            rows: await tableRows(c, name),
            action: leftOut.has(name) ? 'skip' : input.shared_tables,
            rows_per_tenant: {},
          });
          continue;
        }
        const counts = await rowsPerValue(c, name, input.routing_field);
        const per: Record<string, number> = {};
        let total = 0;
        for (const [v, n] of counts) {
          total += n;
          perTenant.set(v, (perTenant.get(v) ?? 0) + n);
          if (v !== null && invalidTenantReason(v) === null) per[v] = n;
        }
        rows.push({
          name,
          has_routing_column: true,
          rows: total,
          action: leftOut.has(name) ? 'skip' : 'split',
          rows_per_tenant: per,
        });
      }
      const valid = [...perTenant.entries()]
        .filter(([v]) => invalidTenantReason(v) === null)
        .map(([v, n]) => ({ tenant_id: String(v), rows: n }))
        .sort((a, b) => a.tenant_id.localeCompare(b.tenant_id));
      const invalid = [...perTenant.entries()]
        .filter(([v]) => invalidTenantReason(v) !== null)
        .map(([v, n]) => ({ value: v, rows: n, reason: invalidTenantReason(v) ?? '' }));
      const tenants = valid.map((t) => ({
        ...t,
        exists: this.deps.tenantRepo.databases(t.tenant_id).some((d) => d.blueprint === bp.name),
      }));
      const withRouting = rows.filter((r) => r.has_routing_column).map((r) => r.name);
      const without = rows.filter((r) => !r.has_routing_column).map((r) => r.name);
      const version = this.deps.tenants.blueprints.versions(input.id).at(-1);
      const problems = [
        ...schemaProblems(
          tables,
          version ? { name: input.id, version: version.version, schema: version.schema } : null,
          input.id,
          input.routing_field,
        ),
        ...tenantProblems(
          tenants.map((t) => t.tenant_id),
          (id) => this.tenantState(id, input.id),
          input.id,
        ),
      ];
      const analysis: ImportAnalysis = {
        success: true,
        workspace: input.id,
        routing_field: input.routing_field,
        source: {
          type: source.params.type,
          host: source.params.host,
          port: source.params.port,
          database: source.params.database,
        },
        tables: rows,
        tables_with_routing: withRouting,
        tables_without_routing: without,
        tenants,
        invalid_tenants: invalid,
        copy_order: rows.filter((r) => r.action !== 'skip').map((r) => r.name),
        blueprint_version: version?.version ?? null,
        problems,
        message:
          `${tenants.length} tenant${tenants.length === 1 ? '' : 's'} in ${withRouting.length} table${withRouting.length === 1 ? '' : 's'} with ${input.routing_field}` +
          (without.length
            ? `; ${without.length} without it (${without.join(', ')}) ${input.shared_tables === 'copy' ? 'are copied whole into every tenant' : 'are skipped'} (shared_tables=${input.shared_tables})`
            : '') +
          (invalid.length
            ? `; ${invalid.reduce((n, i) => n + i.rows, 0)} rows with routing values that are not valid tenant ids are left out`
            : '') +
          (problems.length
            ? `; ${problems.length} mismatch${problems.length === 1 ? '' : 'es'} with ${version ? `blueprint '${input.id}' ${version.version}` : 'the blueprint'} or the tenants to resolve with the options`
            : '') +
          '.',
      };
      return { keyspace: null, source, tables, analysis };
    } finally {
      await c.close().catch(() => undefined);
    }
  }

  analyze(
    input: Omit<ImportRequest, 'options' | 'resume' | 'batch_size'>,
  ): Promise<ImportAnalysis> {
    return this.survey(input).then((s) => s.analysis);
  }

  status(workspace: string, importId: string): ImportStatus {
    const view = this.deps.store.view(importId);
    if (!view || view.workspace !== workspace) {
      throw new AppError('NOT_FOUND', `Workspace '${workspace}' has no import ${importId}.`);
    }
    return view;
  }

  private tenantState(tenantId: string, blueprint: string): TenantState {
    const row = this.deps.tenantRepo.get(tenantId);
    if (!row) return { kind: 'missing' };
    if (!this.deps.tenantRepo.databases(tenantId).some((d) => d.blueprint === blueprint))
      return { kind: 'no_database' };
    return { kind: 'present', status: row.status };
  }

  /** Refuses a plan the analysis predicts will fail, naming each mismatch and what resolves it. */
  private refuseOpen(analysis: ImportAnalysis, choice: ImportChoice): void {
    const open: ImportProblem[] = openProblems(analysis, choice);
    if (open.length === 0) return;
    throw new AppError('REFUSED', `This import would fail: ${problemsText(open)}`);
  }

  /** The options an import runs with: the request's, and for what it leaves out `base`'s. */
  private optionsOf(input: ImportRequest, base?: ImportOptions): ImportOptions {
    return {
      shared_tables: base?.shared_tables ?? input.shared_tables,
      leave_out: input.leave_out ?? base?.leave_out ?? [],
      drop_routing_column: input.options.drop_routing_column ?? base?.drop_routing_column ?? false,
      create_tenants: input.options.create_tenants ?? base?.create_tenants ?? false,
    };
  }

  async start(input: ImportRequest): Promise<ImportStatus> {
    if (this.stopping) throw new AppError('REFUSED', 'Benchphant is shutting down.');
    // Two imports into one workspace would empty each other's tables.
    for (const id of this.running.keys()) {
      if (this.deps.store.get(id)?.workspace === input.id) {
        throw new AppError(
          'CONFLICT',
          `Import ${id} into workspace '${input.id}' is still running; wait for it to finish.`,
        );
      }
    }
    if (input.resume) return this.resume(input, input.resume);
    const survey = await this.survey(input);
    const { analysis } = survey;
    if (analysis.tenants.length === 0) {
      throw new AppError(
        'BAD_INPUT',
        `No valid tenant id in ${analysis.routing_field}: ${analysis.message}`,
      );
    }
    const options = this.optionsOf(input);
    this.refuseOpen(analysis, { ...options, import_schema: false });
    const id = randomUUID();
    this.deps.store.create(
      {
        id,
        workspace: input.id,
        source: survey.source.key,
        routing_field: analysis.routing_field,
        options,
        status: 'running',
        message: null,
        started_at: new Date().toISOString(),
        finished_at: null,
      },
      analysis.tenants.map((t) => t.tenant_id),
      analysis.copy_order,
    );
    this.launch(id, survey, input.batch_size);
    return this.status(input.id, id);
  }

  private async resume(input: ImportRequest, id: string): Promise<ImportStatus> {
    const row = this.deps.store.get(id);
    if (!row || row.workspace !== input.id) {
      throw new AppError('NOT_FOUND', `Workspace '${input.id}' has no import ${id}.`);
    }
    if (this.running.has(id) || row.status === 'running') {
      throw new AppError('CONFLICT', `Import ${id} is still running.`);
    }
    if (row.status === 'completed') {
      throw new AppError('CONFLICT', `Import ${id} has already completed and was verified.`);
    }
    if (row.routing_field !== this.routingOf(input)) {
      const what = this.keyspaceOf(input.id) ? 'key_pattern' : 'routing_field';
      throw new AppError(
        'BAD_INPUT',
        `Import ${id} routes by ${row.routing_field}; resume it with the same ${what}.`,
      );
    }
    // Resuming may change the options (leave tables out, drop the routing column, create
    // tenants): the plan is checked again with them before anything is copied.
    const options = this.optionsOf(input, row.options);
    const survey = await this.survey({ ...input, ...options });
    if (!sameSource(survey.source.key, row.source)) {
      throw new AppError(
        'BAD_INPUT',
        `Import ${id} read ${row.source.database} on ${row.source.host}:${row.source.port}; resume it from the same source.`,
      );
    }
    this.refuseOpen(survey.analysis, { ...options, import_schema: false });
    this.deps.store.reopen(id, options, survey.analysis.copy_order);
    this.launch(id, survey, input.batch_size);
    return this.status(input.id, id);
  }

  private launch(id: string, survey: Survey, batch: number): void {
    const run = this.run(id, survey, batch)
      .catch((err: unknown) => {
        this.deps.logger.error(`import ${id} failed`, err);
        this.deps.store.setStatus(id, 'failed', text(err), true);
      })
      .finally(() => {
        this.running.delete(id);
        this.emit(id, null, null);
      });
    this.running.set(id, run);
  }

  private emit(
    id: string,
    tenant: string | null,
    table: string | null,
    message: string | null = null,
  ) {
    const view = this.deps.store.view(id);
    if (!view) return;
    this.deps.events.emit('imports.progressed', {
      import_id: id,
      workspace: view.workspace,
      status: view.status,
      tenant_id: tenant,
      tenant_status: tenant
        ? (view.tenants.find((t) => t.tenant_id === tenant)?.status ?? null)
        : null,
      table,
      progress: view.progress,
      message: message ?? view.message,
    });
  }

  private async run(id: string, survey: Survey, batch: number): Promise<void> {
    const row = this.deps.store.get(id);
    if (!row) return;
    const byName = new Map(survey.tables.map((t) => [t.info.name, t]));
    let failed = 0;
    for (const t of this.deps.store.tenants(id)) {
      if (t.status === 'completed') continue;
      if (this.stopping) break;
      this.deps.store.setTenant(id, t.tenant_id, 'running', null);
      this.emit(id, t.tenant_id, null);
      try {
        await this.importTenant(id, row.workspace, row, t.tenant_id, survey, byName, batch);
        this.deps.store.setTenant(id, t.tenant_id, 'completed', null);
      } catch (err) {
        if (err instanceof ImportStopped) {
          this.deps.store.setTenant(id, t.tenant_id, 'interrupted', null);
          break;
        }
        failed++;
        this.deps.store.setTenant(id, t.tenant_id, 'failed', text(err));
        this.deps.logger.warn(`import ${id}: tenant ${t.tenant_id} failed: ${text(err)}`);
      }
      this.emit(id, t.tenant_id, null);
    }
    if (this.stopping) {
      this.deps.store.setStatus(
        id,
        'interrupted',
        'Benchphant stopped during this import; start it again with resume to continue after the verified tables.',
        false,
      );
      return;
    }
    const mismatches = failed === 0 ? await this.verify(id, row.workspace, survey) : [];
    if (failed > 0 || mismatches.length > 0) {
      this.deps.store.setStatus(
        id,
        'failed',
        failed > 0
          ? `${failed} tenant${failed === 1 ? '' : 's'} failed (see each tenant's error); resume the import to retry them.`
          : `Verification found differences: ${mismatches.slice(0, 5).join('; ')}.`,
        true,
      );
      return;
    }
    this.deps.store.setStatus(
      id,
      'completed',
      survey.keyspace
        ? `Every tenant holds exactly the source's keys under ${survey.keyspace.pattern}.`
        : 'Every table of every tenant holds exactly the source rows.',
      true,
    );
  }

  /** Whether it created the tenant (which then goes again if the copy into it fails). */
  private async ensureTenant(
    workspace: string,
    tenantId: string,
    create: boolean,
  ): Promise<boolean> {
    if (this.deps.tenantRepo.get(tenantId)) return false;
    if (!create) throw new AppError('NOT_FOUND', `No tenant '${tenantId}'.`);
    const made = await this.deps.tenants.tenants.create({
      tenant_id: tenantId,
      databases: [{ blueprint: workspace, isolation_level: 1 }],
    });
    if (made.status !== 'ready') {
      await this.dropCreated(tenantId);
      throw new AppError(
        'REFUSED',
        `Creating tenant '${tenantId}' failed: ${made.message ?? made.status}`,
      );
    }
    return true;
  }

  /** A tenant made for this import whose copy failed: gone again, so no empty tenant is left. */
  private async dropCreated(tenantId: string): Promise<void> {
    try {
      await this.deps.tenants.tenants.delete(tenantId, true, tenantId);
    } catch (err) {
      this.deps.logger.warn(`import: could not remove tenant ${tenantId} it created: ${text(err)}`);
    }
  }

  private async importTenant(
    id: string,
    workspace: string,
    row: { options: ImportOptions; routing_field: string },
    tenantId: string,
    survey: Survey,
    byName: Map<string, SourceTable>,
    batch: number,
  ): Promise<void> {
    const created = await this.ensureTenant(workspace, tenantId, row.options.create_tenants);
    try {
      await this.copyTenant(id, workspace, row, tenantId, survey, byName, batch);
    } catch (err) {
      if (!created || err instanceof ImportStopped) throw err;
      await this.dropCreated(tenantId);
      // What it verified went with the tenant: a resume copies every table into the new one.
      this.deps.store.resetTables(id, tenantId);
      throw new AppError(
        'REFUSED',
        `${text(err)} Tenant '${tenantId}' was made for this import and is removed again; resuming creates it anew.`,
      );
    }
  }

  private async copyTenant(
    id: string,
    workspace: string,
    row: { options: ImportOptions; routing_field: string },
    tenantId: string,
    survey: Survey,
    byName: Map<string, SourceTable>,
    batch: number,
  ): Promise<void> {
    const d = this.deps.tenantRepo.databases(tenantId).find((x) => x.blueprint === workspace);
    if (!d)
      throw new AppError(
        'NOT_FOUND',
        `Tenant '${tenantId}' has no database of blueprint '${workspace}'.`,
      );
    const tables = this.deps.store.tables(id, tenantId);
    if (survey.keyspace) {
      for (const t of tables) {
        if (t.status === 'verified') continue;
        const counted = await copyKeyspaceTenant({
          servers: this.deps.servers,
          journal: this.deps.journal,
          src: survey.keyspace,
          importId: id,
          tenantId,
          d,
          onProgress: (n) => this.emit(id, tenantId, t.table_name, `${n} keys copied`),
        }).catch((err: unknown) => {
          this.deps.store.setTable(id, tenantId, t.table_name, {
            status: 'failed',
            source_rows: null,
            target_rows: null,
          });
          throw err;
        });
        this.deps.store.setTable(id, tenantId, t.table_name, { status: 'verified', ...counted });
        this.emit(id, tenantId, t.table_name);
      }
      return;
    }
    const fresh = !tables.some((t) => t.status === 'verified');
    const source = await this.open(survey.source);
    let intent: Intent<ImportPayload> | null = null;
    try {
      intent = await this.deps.journal.begin<ImportPayload>(
        'import',
        d.database,
        fresh ? 'emptying' : 'resuming',
        { import_id: id, tenant_id: tenantId, table: null },
      );
      const target = await this.deps.servers.open(d.connection_id, d.database);
      try {
        // Nothing verified yet: the tenant's tables start empty (children first), so rows the
        // tenant had, or a copy committed just before a crash, cannot collide with the import.
        if (fresh) {
          await clearTables(
            target,
            tables.map((t) => t.table_name),
          );
        }
        for (const t of tables) {
          if (t.status === 'verified') continue;
          const info = byName.get(t.table_name);
          if (!info) {
            throw new AppError('REFUSED', `The source no longer has the table ${t.table_name}.`);
          }
          intent.step(`copying ${t.table_name}`, { table: t.table_name });
          try {
            const result = await copyTable(source, target, {
              table: t.table_name,
              columns: info.info.columns.map((c) => ({ name: c.name, type: c.type })),
              routing: info.routed ? { column: row.routing_field, value: tenantId } : null,
              key: info.info.columns.filter((c) => c.primary_key).map((c) => c.name),
              dropRouting: info.routed && row.options.drop_routing_column,
              batch,
              shouldStop: () => this.stopping,
              onBatch: (copied, total) =>
                this.emit(
                  id,
                  tenantId,
                  t.table_name,
                  `${t.table_name}: ${copied} of ${total} rows`,
                ),
            });
            this.deps.store.setTable(id, tenantId, t.table_name, { status: 'verified', ...result });
          } catch (err) {
            if (!(err instanceof ImportStopped)) {
              this.deps.store.setTable(id, tenantId, t.table_name, {
                status: 'failed',
                source_rows: null,
                target_rows: null,
              });
            }
            throw err;
          }
          this.emit(id, tenantId, t.table_name);
        }
      } finally {
        await target.close().catch(() => undefined);
      }
    } finally {
      // Each copy commits whole or not at all, so whatever happened the tenant is consistent.
      intent?.done();
      await source.close().catch(() => undefined);
    }
  }

  /**
   * The final check: every tenant table counted again against the rows the source gave it (a key
   * space: the tenant's source keys counted again, and how many of them it holds).
   */
  private async verify(id: string, workspace: string, survey: Survey): Promise<string[]> {
    const problems: string[] = [];
    for (const t of this.deps.store.tenants(id)) {
      const d = this.deps.tenantRepo.databases(t.tenant_id).find((x) => x.blueprint === workspace);
      if (!d) {
        problems.push(`tenant ${t.tenant_id} has no database any more`);
        continue;
      }
      if (survey.keyspace) {
        const n = await checkKeyspaceTenant(this.deps.servers, survey.keyspace, t.tenant_id, d);
        for (const table of this.deps.store.tables(id, t.tenant_id)) {
          const ok = n.source === n.target;
          this.deps.store.setTable(id, t.tenant_id, table.table_name, {
            status: ok ? 'verified' : 'failed',
            source_rows: n.source,
            target_rows: n.target,
          });
          if (!ok) problems.push(`${t.tenant_id}: ${n.target} of ${n.source} source keys`);
        }
        continue;
      }
      const q = quoter(this.deps.servers.connection(d.connection_id).type);
      await this.deps.servers.with(d.connection_id, d.database, async (c) => {
        for (const table of this.deps.store.tables(id, t.tenant_id)) {
          const n = Number(
            (await c.query(`SELECT count(*) AS n FROM ${q.ident(table.table_name)}`)).rows[0]?.n ??
              0,
          );
          const ok = n === table.source_rows;
          this.deps.store.setTable(id, t.tenant_id, table.table_name, {
            status: ok ? 'verified' : 'failed',
            source_rows: table.source_rows,
            target_rows: n,
          });
          if (!ok) {
            problems.push(
              `${t.tenant_id}.${table.table_name}: ${n} rows, source ${table.source_rows}`,
            );
          }
        }
      });
    }
    return problems;
  }

  /** import-full: the source's schema into the workspace, deployed as its next version, then data. */
  async full(
    input: ImportRequest,
  ): Promise<ImportStatus & { blueprint_version: string; schema_changes: number }> {
    if (input.resume) {
      const status = await this.start(input);
      return {
        ...status,
        blueprint_version: this.deps.tenants.blueprints.version(input.id).version,
        schema_changes: 0,
      };
    }
    if (this.keyspaceOf(input.id)) {
      throw new AppError(
        'BAD_INPUT',
        `Workspace '${input.id}' keeps keys, which have no schema to import: use import-data.`,
      );
    }
    // Whatever the schema import cannot resolve (tenants, say) is refused before it changes anything.
    const before = await this.survey({ ...input, leave_out: input.leave_out ?? [] });
    this.refuseOpen(before.analysis, { ...this.optionsOf(input), import_schema: true });
    const ws = this.deps.tenants.workspaces;
    // A saved connection or the spec's inline one (its password used for this call only).
    const imported = await ws.importSchema(input.id, {
      source: 'database',
      ...(input.connection_id ? { connection_id: input.connection_id } : {}),
      ...(input.connection ? { connection: input.connection } : {}),
      ...(input.database ? { database: input.database } : {}),
    });
    let changes = imported.changes.length;
    if (input.options.drop_routing_column === true) {
      const type = this.blueprintOf(input.id).type;
      for (const t of imported.tables) {
        if (!t.columns.some((c) => c.name === input.routing_field)) continue;
        for (const sql of dropRoutingStatements(sqlType(type), t, input.routing_field)) {
          await ws.query(input.id, sql, {
            maxRows: 1,
            timeoutMs: DEFAULT_STATEMENT_TIMEOUT_MS,
          });
          changes++;
        }
      }
    }
    const deployed = await this.deps.tenants.blueprints.deployWorkspace(input.id);
    const status = await this.start(input);
    return { ...status, blueprint_version: deployed.version, schema_changes: changes };
  }

  /** Stops running imports after their current batch (each table's copy rolls back). */
  async close(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled([...this.running.values()]);
  }
}
