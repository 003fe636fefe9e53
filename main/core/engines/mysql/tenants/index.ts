// Runs in the main process, server and CLI. MySQL's tenant facets (see ../../tenant-facets.ts).
import type { TenantFacets } from '../../tenant-facets';
import { mysqlSql } from './sql';

export const mysqlTenants: TenantFacets = {
  sql: mysqlSql,
};
