// Runs in the main process, server and CLI. Redis's tenant facets until Redis tenants exist:
// every call answers the same "Tenants are not supported for Redis yet" (a BAD_INPUT), so no
// tenant feature falls into an SQL path with a Redis connection. Replace a facet here when Redis
// implements it.
import { UnsupportedEngine } from '../../../../shared/model/connection';
import { notSupported } from '../../../../shared/model/engines';
import type { LexerDialect, Quoter, SqlDialect, TenantFacets } from '../tenant-facets';

const notYet = (): never => {
  throw new UnsupportedEngine(notSupported('Tenants', 'redis'));
};

const sql: SqlDialect = {
  get quoter(): Quoter {
    return notYet();
  },
  get lexer(): LexerDialect {
    return notYet();
  },
  get unquotedNamesKeepCase(): boolean {
    return notYet();
  },
  get dropIndexNamesTable(): boolean {
    return notYet();
  },
  get urlScheme(): string {
    return notYet();
  },
  dropDatabase: notYet,
};

export const redisTenantsNotYet: TenantFacets = {
  sql,
};
