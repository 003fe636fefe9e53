// Runs in the main process, server and CLI. Redis's tenant facets until Redis tenants exist:
// every call answers the same "Tenants are not supported for Redis yet" (a BAD_INPUT), so no
// tenant feature falls into an SQL path with a Redis connection. Redis's tenants, their backups,
// isolation moves and imports go through its KeyspaceTenancy (`Engine.keyspaces`) instead, which
// the services ask first; these SQL-shaped facets stay refusals.
import { UnsupportedEngine } from '../../../../shared/model/connection';
import { notSupported } from '../../../../shared/model/engines';
import type {
  BackupDialect,
  ImportDialect,
  IsolationDialect,
  MetricsDialect,
  LexerDialect,
  Quoter,
  SchemaDialect,
  SessionDialect,
  SqlDialect,
  TenantAccess,
  TenantFacets,
} from '../tenant-facets';

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
  get begin(): string {
    return notYet();
  },
  get urlScheme(): string {
    return notYet();
  },
  dropDatabase: notYet,
};

const schema: SchemaDialect = {
  introspect: notYet,
  get portableTypes(): ReadonlyMap<string, string> {
    return notYet();
  },
  columnDdl: notYet,
  get foreignKeysMakeIndexes(): boolean {
    return notYet();
  },
  get createdAtColumn(): string {
    return notYet();
  },
  tableExists: notYet,
  tableNames: notYet,
  get transactionalDdl(): boolean {
    return notYet();
  },
  tenantSchema: notYet,
};

const access: TenantAccess = {
  create: notYet,
  createRole: notYet,
  setPassword: notYet,
  ownDatabase: notYet,
  adoptObjects: notYet,
  dropRole: notYet,
  grants: notYet,
  lock: notYet,
  sessions: notYet,
  unlock: notYet,
  drop: notYet,
  databaseExists: notYet,
  roleExists: notYet,
};

const backups: BackupDialect = {
  get fileExtension(): string {
    return notYet();
  },
  dump: notYet,
  restoreWithTool: notYet,
  createScratch: notYet,
  swap: notYet,
  databasesLike: notYet,
};

const isolation: IsolationDialect = {
  freeze: notYet,
  thaw: notYet,
  loadCopy: notYet,
};

const metrics: MetricsDialect = {
  databaseFigures: notYet,
};

const imports: ImportDialect = {
  targetColumns: notYet,
  openReader: notYet,
  insertSql: notYet,
  rowsPerInsert: notYet,
  afterCopy: notYet,
  routingFilter: notYet,
  rowsPerValue: notYet,
  get dropIndexesBeforeColumn(): boolean {
    return notYet();
  },
};

const session: SessionDialect = {
  timeout: notYet,
  get beginReadOnly(): string {
    return notYet();
  },
  timedOut: notYet,
};

export const redisTenantsNotYet: TenantFacets = {
  sql,
  schema,
  access,
  backups,
  isolation,
  metrics,
  imports,
  session,
};
