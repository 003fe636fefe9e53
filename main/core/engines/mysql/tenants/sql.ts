// Runs in the main process, server and CLI. MySQL's and MariaDB's SQL text for the tenant
// features: `mysql2`'s escaping, `#` comments, "…" strings and backslash escapes, backticks.
import mysql from 'mysql2';
import type { Quoter, SqlDialect } from '../../tenant-facets';

export const mysqlQuoter: Quoter = {
  ident: (name) => mysql.escapeId(name, true),
  literal: (value) => mysql.escape(value),
};

export const mysqlSql: SqlDialect = {
  quoter: mysqlQuoter,
  lexer: {
    hashComments: true,
    doubleQuotedStrings: true,
    backslashEscapes: true,
    backtickIdents: true,
    dollarQuotes: false,
  },
  unquotedNamesKeepCase: true,
  dropIndexNamesTable: true,
  begin: 'START TRANSACTION',
  urlScheme: 'mysql',
  dropDatabase: (database) => `DROP DATABASE IF EXISTS ${mysqlQuoter.ident(database)}`,
};
