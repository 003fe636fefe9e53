// Runs in the main process, server and CLI. While a tenant's database is copied to another server
// its role may read but not write, so the copy misses nothing and the tenant stays readable:
// each engine's `isolation.freeze` (PostgreSQL: the role's sessions start read-only; MySQL: the role
// keeps only SELECT). Open sessions are ended so they reconnect under the new rule; thaw gives
// writes back.
import type { DbClient } from '../../db/client';
import { sqlEngineOf } from '../../engines/registry';

export const freezeWrites = (admin: DbClient, database: string, role: string): Promise<void> =>
  sqlEngineOf(admin.type).tenants.isolation.freeze(admin, database, role);

export const thawWrites = (admin: DbClient, database: string, role: string): Promise<void> =>
  sqlEngineOf(admin.type).tenants.isolation.thaw(admin, database, role);
