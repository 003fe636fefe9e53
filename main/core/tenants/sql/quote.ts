// Runs in the main process, server and CLI. Every identifier and literal that reaches tenant SQL
// goes through the driver's own escaping; nothing a user typed is ever pasted in bare.
import type { DbType } from '../../../../shared/model/connection';
import { sqlEngineOf } from '../../engines/registry';
import type { Quoter } from '../../engines/tenant-facets';

export type { Quoter };

export const quoter = (type: DbType): Quoter => sqlEngineOf(type).tenants.sql.quoter;

/** `schema.table` from parsed parts, each quoted. */
export const qualified = (q: Quoter, parts: readonly string[]): string =>
  parts.map((p) => q.ident(p)).join('.');
