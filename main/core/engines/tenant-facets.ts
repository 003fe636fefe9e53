// Runs in the main process, server and CLI. What the tenant features (workspaces, blueprints,
// tenants, tenant operations) ask of an engine, as small facets of `Engine.tenants`. The SQL
// engines implement them over a DbClient; an engine without tenants yet answers each call with
// its "not supported yet" error (see redis/not-yet.ts), so a new engine plugs in facet by facet.

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

/** Every tenant facet of an engine. */
export interface TenantFacets {
  readonly sql: SqlDialect;
}
