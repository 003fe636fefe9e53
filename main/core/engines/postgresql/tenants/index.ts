// Runs in the main process, server and CLI. PostgreSQL's tenant facets (see ../../tenant-facets.ts).
import type { TenantFacets } from '../../tenant-facets';
import { postgresAccess } from './access';
import { postgresBackups } from './backups';
import { postgresImports } from './imports';
import { postgresIsolation } from './isolation';
import { postgresMetrics } from './metrics';
import { postgresSchema } from './schema';
import { postgresSession } from './session';
import { postgresSql } from './sql';

export const postgresTenants: TenantFacets = {
  sql: postgresSql,
  schema: postgresSchema,
  access: postgresAccess,
  backups: postgresBackups,
  isolation: postgresIsolation,
  metrics: postgresMetrics,
  imports: postgresImports,
  session: postgresSession,
};
