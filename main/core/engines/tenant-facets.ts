// Runs in the main process, server and CLI. What the tenant features (workspaces, blueprints,
// tenants, tenant operations) ask of an engine, as small facets of `Engine.tenants`. The SQL
// engines implement them over a DbClient; an engine without tenants yet answers each call with
// its "not supported yet" error (see redis/not-yet.ts), so a new engine plugs in facet by facet.
import type { SchemaSnapshot } from '../../../shared/contract/tenants';
import type { DbClient } from '../db/client';
import type { StepLog } from '../journal/journal';
import type { BackupManifest, DumpOptions } from '../tenant-ops/backups/dump';
import type { RestoreOptions } from '../tenant-ops/backups/restore';

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
  /** The scheme of the connection strings shown for a tenant or workspace database. */
  readonly urlScheme: string;
  /** Drops a database if it exists, ending the sessions still on it where the engine can. */
  dropDatabase(database: string): string;
}

/** Reading and writing a schema: introspection, DDL from a snapshot, the migrator's specifics. */
export interface SchemaDialect {
  /** The tables (columns, indexes, foreign keys) of the session's database, as the server says. */
  introspect(c: DbClient): Promise<SchemaSnapshot>;
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

/** Every tenant facet of an engine. */
export interface TenantFacets {
  readonly sql: SqlDialect;
  readonly schema: SchemaDialect;
  readonly access: TenantAccess;
  readonly backups: BackupDialect;
}
