// Runs in the main process, server and CLI. The contract's tenant operations (backups) mapped
// onto their services; input arrives validated by the dispatcher.
import type { Handlers } from '../../../shared/contract';
import type { TenantBackups } from './backups/service';
import type { DedicatedServers } from './dedicated/service';
import type { TenantImports } from './import/service';
import type { TenantIsolation } from './isolation/service';
import type { TenantLogs } from './logs/service';

type TenantOpsHandlers = Pick<
  Handlers,
  | 'tenants.backup'
  | 'tenants.backups'
  | 'tenants.rollback'
  | 'backups.delete'
  | 'tenants.logs'
  | 'tenants.logStats'
  | 'tenants.metrics'
  | 'tenantLogs.settings'
  | 'tenantLogs.configure'
  | 'workspaces.importAnalyze'
  | 'workspaces.importData'
  | 'workspaces.importStatus'
  | 'workspaces.importFull'
  | 'tenants.setIsolation'
  | 'webhooks.vmReady'
>;

export const tenantOpsHandlers = (
  backups: TenantBackups,
  logs: TenantLogs,
  imports: TenantImports,
  isolation: TenantIsolation,
  dedicated: DedicatedServers,
): TenantOpsHandlers => ({
  'tenants.backup': ({ id }) => backups.backup(id),
  'tenants.backups': async ({ id }) => backups.list(id),
  'tenants.rollback': ({ id, date, storage_path }) =>
    backups.rollback(id, { ...(date ? { date } : {}), ...(storage_path ? { storage_path } : {}) }),
  'backups.delete': async ({ id }) => backups.remove(id),
  'tenants.logs': async ({ id, ...o }) => logs.logs(id, o),
  'tenants.logStats': async ({ id, since }) => logs.stats(id, since),
  'tenants.metrics': ({ id }) => logs.metrics(id),
  'tenantLogs.settings': async () => logs.settings(),
  'tenantLogs.configure': async (input) => logs.configure(input),
  'workspaces.importAnalyze': (input) => imports.analyze(input),
  'workspaces.importData': (input) => imports.start(input),
  'workspaces.importStatus': async ({ id, import_id }) => imports.status(id, import_id),
  'workspaces.importFull': (input) => imports.full(input),
  // Level 2 without a server waits for vm-ready instead of moving now.
  'tenants.setIsolation': async (input) =>
    input.isolation_level === 2 && input.connection_id === undefined
      ? dedicated.awaitServer(input)
      : isolation.setIsolation(input),
  'webhooks.vmReady': (input) => dedicated.attach(input),
});
