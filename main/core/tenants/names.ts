// Runs in the main process, server and CLI. How Benchphant names what it creates on a server,
// from names the contract has already checked against SAFE_NAME.
import { createHash } from 'node:crypto';
import { type DatabaseType, ENGINE_DATABASE } from '../../../shared/contract/tenants';
import { type DbType, type EngineType, requireSql } from '../../../shared/model/connection';
import { sqlEngineOf } from '../engines/registry';

export const devDatabase = (workspace: string) => `${workspace}_dev`;
/** Where a blueprint's next version is built and read before it is recorded. */
export const checkDatabase = (blueprint: string) => `${blueprint}_bpcheck_tmp`;
export const tenantDatabase = (blueprint: string, tenant: string) => `${blueprint}__${tenant}`;
/** Short and stable: fits MySQL's 32-character user names, and is found again from the database. */
export const tenantRole = (database: string) =>
  `tdb_${createHash('sha256').update(database).digest('hex').slice(0, 16)}`;
export const secretAccount = (tenant: string, blueprint: string) => `tenant/${tenant}/${blueprint}`;

/** The SQL engine of a workspace or blueprint on an SQL path; another engine is a clear BAD_INPUT. */
export const sqlType = (type: EngineType): DbType =>
  requireSql({ type }, 'Workspaces and tenants').type;

export const DATABASE_LABEL: Record<EngineType, DatabaseType> = ENGINE_DATABASE;

export function connectionString(
  type: DbType,
  user: string,
  host: string,
  port: number,
  database: string,
  password?: string,
): string {
  const scheme = sqlEngineOf(type).tenants.sql.urlScheme;
  const auth =
    password === undefined
      ? encodeURIComponent(user)
      : `${encodeURIComponent(user)}:${encodeURIComponent(password)}`;
  const h = host.includes(':') ? `[${host}]` : host;
  return `${scheme}://${auth}@${h}:${port}/${encodeURIComponent(database)}`;
}
