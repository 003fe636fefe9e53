// Runs in the main process, server and CLI. PostgreSQL's tenant facets (see ../../tenant-facets.ts).
import type { TenantFacets } from '../../tenant-facets';
import { postgresSql } from './sql';

export const postgresTenants: TenantFacets = {
  sql: postgresSql,
};
