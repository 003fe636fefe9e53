// Runs in the main process, server and CLI. Every identifier and literal that reaches tenant SQL
// goes through the driver's own escaping; nothing a user typed is ever pasted in bare.
import mysql from 'mysql2';
import pg from 'pg';
import type { DbType } from '../../../../shared/model/connection';

export interface Quoter {
  ident(name: string): string;
  literal(value: string | number | boolean | null): string;
}

const pgQuoter: Quoter = {
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

const mysqlQuoter: Quoter = {
  ident: (name) => mysql.escapeId(name, true),
  literal: (value) => mysql.escape(value),
};

export const quoter = (type: DbType): Quoter => (type === 'postgresql' ? pgQuoter : mysqlQuoter);

/** `schema.table` from parsed parts, each quoted. */
export const qualified = (q: Quoter, parts: readonly string[]): string =>
  parts.map((p) => q.ident(p)).join('.');
