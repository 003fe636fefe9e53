// Runs in the main process, server and CLI. MySQL's tenant facets (see ../../tenant-facets.ts).
import type { TenantFacets } from '../../tenant-facets';
import { mysqlAccess } from './access';
import { mysqlBackups } from './backups';
import { mysqlImports } from './imports';
import { mysqlIsolation } from './isolation';
import { mysqlMetrics } from './metrics';
import { mysqlSchema } from './schema';
import { mysqlSession } from './session';
import { mysqlSql } from './sql';

export const mysqlTenants: TenantFacets = {
  sql: mysqlSql,
  schema: mysqlSchema,
  access: mysqlAccess,
  backups: mysqlBackups,
  isolation: mysqlIsolation,
  metrics: mysqlMetrics,
  imports: mysqlImports,
  session: mysqlSession,
};
