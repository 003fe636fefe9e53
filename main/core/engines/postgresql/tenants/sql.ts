// Runs in the main process, server and CLI. PostgreSQL's SQL text for the tenant features:
// `pg`'s escaping, dollar quoting and E-strings, names folded to lower case, DROP … WITH (FORCE).
import pg from 'pg';
import type { Quoter, SqlDialect } from '../../tenant-facets';

export const pgQuoter: Quoter = {
  ident: (name) => pg.escapeIdentifier(name),
  literal: (value) =>
    value === null
      ? 'NULL'
      : typeof value === 'string'
        ? pg.escapeLiteral(value)
        : typeof value === 'boolean'
          ? String(value)
          : String(Number(value)),
};

export const postgresSql: SqlDialect = {
  quoter: pgQuoter,
  lexer: {
    hashComments: false,
    doubleQuotedStrings: false,
    backslashEscapes: false,
    backtickIdents: false,
    dollarQuotes: true,
  },
  unquotedNamesKeepCase: false,
  dropIndexNamesTable: false,
  begin: 'BEGIN',
  urlScheme: 'postgresql',
  dropDatabase: (database) => `DROP DATABASE IF EXISTS ${pgQuoter.ident(database)} WITH (FORCE)`,
};
