// Runs in the main process, server and CLI. What the tenant features (workspaces, blueprints,
// tenants, tenant operations) ask of an engine, as small facets of `Engine.tenants`. The SQL
// engines implement them over a DbClient; an engine without tenants yet answers each call with
// its "not supported yet" error (see redis/not-yet.ts), so a new engine plugs in facet by facet.
import type { SchemaSnapshot } from '../../../shared/contract/tenants';
import type { DbClient } from '../db/client';
import type { StepLog } from '../journal/journal';
import type { BackupManifest, DumpOptions } from '../tenant-ops/backups/dump';
import type { RestoreOptions } from '../tenant-ops/backups/restore';
import type { CopyTable } from '../tenant-ops/import/copy';

/** Identifier and literal escaping by the driver; nothing a user typed is ever pasted in bare. */
export interface Quoter {
  ident(name: string): string;
  literal(value: string | number | boolean | null): string;
}

/** What the statement splitter must know of the engine's lexical rules (`tenants/sql/lexer.ts`). */
export interface LexerDialect {
  /** `# …` starts a comment (MySQL). */
  readonly hashComments: boolean;
  /** `"…"` is a string, not an identifier (MySQL). */
  readonly doubleQuotedStrings: boolean;
  /** `\` escapes in every string (MySQL); otherwise only in `E'…'` (PostgreSQL). */
  readonly backslashEscapes: boolean;
  /** `` `…` `` quotes an identifier (MySQL). */
  readonly backtickIdents: boolean;
  /** `$tag$ … $tag$` quotes a string (PostgreSQL). */
  readonly dollarQuotes: boolean;
}

/** The engine's SQL text: quoting, lexing, the DDL classifier's specifics, names and URLs. */
export interface SqlDialect {
  readonly quoter: Quoter;
  readonly lexer: LexerDialect;
  /** An unquoted name keeps the case it was typed in (MySQL); otherwise the server folds it. */
  readonly unquotedNamesKeepCase: boolean;
  /** `DROP INDEX` must name the index's table too (MySQL), so the inverse of a CREATE INDEX reads it. */
  readonly dropIndexNamesTable: boolean;
  /** Starts a transaction. */
  readonly begin: string;
  /** The scheme of the connection strings shown for a tenant or workspace database. */
  readonly urlScheme: string;
  /** Drops a database if it exists, ending the sessions still on it where the engine can. */
  dropDatabase(database: string): string;
}

/** Reading and writing a schema: introspection, DDL from a snapshot, the migrator's specifics. */
export interface SchemaDialect {
  /** The tables (columns, indexes, foreign keys) of the session's database, as the server says. */
  introspect(c: DbClient): Promise<SchemaSnapshot>;
  /** The engine's spelling of the portable type names of JSON table definitions (`serial`, `json`…). */
  readonly portableTypes: ReadonlyMap<string, string>;
  /** A column's type and default clause in DDL, from the server's own text of both. */
  columnDdl(type: string, def: string | null): string;
  /** The engine makes an index under each foreign key's name (MySQL): it is not recreated apart. */
  readonly foreignKeysMakeIndexes: boolean;
  /** A column type holding when a row was written, defaulting to now. */
  readonly createdAtColumn: string;
  /** Whether `table` exists in the session's database. */
  tableExists(c: DbClient, table: string): Promise<boolean>;
  /** The base tables of the session's database, sorted by name. */
  tableNames(c: DbClient): Promise<string[]>;
  /** DDL runs inside a transaction, so all of a migration's versions commit together or not at all. */
  readonly transactionalDdl: boolean;
  /** The schema a tenant's tables are in, as a benchmark names it (`public`, the database). */
  tenantSchema(database: string): string;
}

/**
 * What a tenant or workspace database needs, run as the connection's admin user: its own role,
 * the database, the right to connect (taken away on suspend, with open sessions ended) and the
 * drop. A password reaches the server only as a verifier where the engine allows it.
 */
export interface TenantAccess {
  create(admin: DbClient, database: string, role: string, password: string): Promise<void>;
  /** A login role with no rights beyond what is granted to it (no FILE, no superuser). */
  createRole(admin: DbClient, role: string, password: string): Promise<void>;
  setPassword(admin: DbClient, role: string, password: string): Promise<void>;
  /** Makes `role` the owner (PostgreSQL) or holder of every right (MySQL) of `database`. */
  ownDatabase(admin: DbClient, database: string, role: string): Promise<void>;
  /** On a session in the database: what other roles made in it becomes `role`'s (PostgreSQL). */
  adoptObjects(adminInDatabase: DbClient, role: string): Promise<void>;
  dropRole(admin: DbClient, role: string): Promise<void>;
  /** Run on the tenant database after each migration (PostgreSQL grants are per object). */
  grants(role: string): string[];
  lock(admin: DbClient, role: string): Promise<void>;
  /** Open sessions of `role` on the server: what a lock would end (read-only). */
  sessions(admin: DbClient, role: string): Promise<number>;
  unlock(admin: DbClient, role: string): Promise<void>;
  drop(admin: DbClient, database: string, role: string): Promise<void>;
  databaseExists(admin: DbClient, database: string): Promise<boolean>;
  roleExists(admin: DbClient, role: string): Promise<boolean>;
}

/** Backups of one database and their restore through a verified scratch copy (`tenant-ops/backups`). */
export interface BackupDialect {
  /** The extension of a backup file (`dump`, `sql`). */
  readonly fileExtension: string;
  /** Writes `o.database` into `o.file`, reporting progress; answers the manifest (row counts…). */
  dump(o: DumpOptions): Promise<BackupManifest>;
  /** Loads a backup made by the engine's own dump program (not the driver's) into `target`. */
  restoreWithTool(o: RestoreOptions, target: string): Promise<void>;
  /** Creates the empty scratch database `fresh` a restore of `original` goes into. */
  createScratch(admin: DbClient, original: string, fresh: string): Promise<void>;
  /**
   * Puts the verified copy `fresh` in place of `database`, keeping the original as `old` until the
   * copy is in place. Reads where things stand first, so running it again after a crash finishes
   * it; answers what it did, in words.
   */
  swap(
    admin: DbClient,
    database: string,
    fresh: string,
    old: string,
    log: StepLog,
  ): Promise<string>;
  /** The databases whose names match the SQL LIKE `pattern` (the recovery sweep's scratch copies). */
  databasesLike(admin: DbClient, pattern: string): Promise<string[]>;
}

/** Moving a tenant's database to another server (`tenant-ops/isolation`). */
export interface IsolationDialect {
  /** Leaves `role` only reading `database` and ends its sessions, so the copy misses no write. */
  freeze(admin: DbClient, database: string, role: string): Promise<void>;
  /** Gives `role` its writes on `database` back. */
  thaw(admin: DbClient, database: string, role: string): Promise<void>;
  /** Loads a move's dump into `target` without the source server's owners and grants. */
  loadCopy(o: RestoreOptions, target: string): Promise<void>;
}

/** What the tenant metrics read from the server's own catalogs. */
export interface MetricsDialect {
  /** Size on disk (tables and indexes) and open sessions of one database. */
  databaseFigures(
    admin: DbClient,
    database: string,
  ): Promise<{ size_bytes: number; connections: number }>;
}

/** Source rows of one table read in one snapshot, a batch at a time, every value as text. */
export interface CopyReader {
  readonly total: number;
  /** The next batch; empty when all were read. */
  next(): Promise<Record<string, unknown>[]>;
  /** Ends the snapshot. */
  close(): Promise<void>;
}

/** Copying rows between databases for imports and moves (`tenant-ops/import`). */
export interface ImportDialect {
  /** The columns of `table` in the session's database: name → whether the server generates it. */
  targetColumns(target: DbClient, table: string): Promise<Map<string, boolean>>;
  /**
   * Opens a reader of `cols` of `o.table`. `from` is the `FROM … [WHERE …]` of the rows, `where`
   * its WHERE part alone (empty without routing), for readers that page by key.
   */
  openReader(
    source: DbClient,
    o: CopyTable,
    cols: { name: string; type: string }[],
    from: string,
    where: string,
  ): Promise<CopyReader>;
  /** One INSERT of `rows` rows of `cols`, bound in order, taking the values as a reader gives them. */
  insertSql(table: string, cols: { name: string; type: string }[], rows: number): string;
  /** How many rows one INSERT may carry: `batch`, or fewer where binds are limited. */
  rowsPerInsert(columns: number, batch: number): number;
  /** What follows the rows, in the copy's transaction (PostgreSQL: sequences after the ids). */
  afterCopy(target: DbClient, table: string): Promise<void>;
  /** The condition for one tenant's rows, compared exactly (not by a case-blind collation). */
  routingFilter(column: string, value: string): string;
  /** Rows per routing value (null for rows without one), told apart byte by byte. */
  rowsPerValue(c: DbClient, table: string, column: string): Promise<Map<string | null, number>>;
  /** Indexes naming a column must be dropped before the column is (MySQL). */
  readonly dropIndexesBeforeColumn: boolean;
}

/** How a console or admin session is fenced (`tenants/sql/session.ts`). */
export interface SessionDialect {
  /** Statements that cap every later statement of the session at `ms` on the server. */
  timeout(client: DbClient, ms: number): Promise<string[]>;
  readonly beginReadOnly: string;
  /** Whether a driver error is the server stopping a statement at the timeout. */
  timedOut(err: unknown): boolean;
}

/** Every tenant facet of an engine. */
export interface TenantFacets {
  readonly sql: SqlDialect;
  readonly schema: SchemaDialect;
  readonly access: TenantAccess;
  readonly backups: BackupDialect;
  readonly isolation: IsolationDialect;
  readonly metrics: MetricsDialect;
  readonly imports: ImportDialect;
  readonly session: SessionDialect;
}
