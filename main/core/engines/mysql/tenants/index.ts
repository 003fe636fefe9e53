// Runs in the main process, server and CLI. MySQL's tenant facets (see ../../tenant-facets.ts).
import type { TenantFacets } from '../../tenant-facets';
import { mysqlAccess } from './access';
import { mysqlBackups } from './backups';
import { mysqlSchema } from './schema';
import { mysqlSql } from './sql';

export const mysqlTenants: TenantFacets = {
  sql: mysqlSql,
  schema: mysqlSchema,
  access: mysqlAccess,
  backups: mysqlBackups,
};
