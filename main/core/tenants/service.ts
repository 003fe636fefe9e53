// Runs in the main process, server and CLI. Builds the tenants services over the store and the
// saved connections; the composition root creates one and closes it before the store.
import type { EventBus } from '../events';
import type { Journal } from '../journal/journal';
import type { Logger } from '../logging/logger';
import type { SecretStore } from '../secrets/secret-store';
import type { Db } from '../store/database';
import { type AdminQueryInput, adminQuery } from './admin/query';
import { BlueprintService } from './blueprints/service';
import { DeploymentService } from './deployments/service';
import { type ServerDeps, Servers } from './servers';
import { BlueprintRepository } from './store/blueprint-repo';
import { DeploymentRepository } from './store/deployment-repo';
import { TenantRepository } from './store/tenant-repo';
import { WorkspaceRepository } from './store/workspace-repo';
import { AwaitingServers } from './tenants/awaiting';
import { TenantService } from './tenants/service';
import { WorkspaceService } from './workspaces/service';
import type { WorkspaceSettingsStore } from './workspaces/settings';

export interface TenantsDeps extends ServerDeps {
  db: Db;
  events: EventBus;
  logger: Logger;
  secrets: SecretStore | null;
  /**
   * Marks what a previous process left active as interrupted (default true). Only the data
   * directory's owner may: beside a live owner, those rows are that owner's work in progress.
   */
  recover?: boolean;
  journal: Journal;
  /** Each workspace's settings: the defaults its tenants and deployments start from. */
  settings: WorkspaceSettingsStore;
}

export class Tenants {
  readonly workspaces: WorkspaceService;
  readonly blueprints: BlueprintService;
  readonly tenants: TenantService;
  readonly deployments: DeploymentService;
  readonly settings: WorkspaceSettingsStore;
  /** Tenant databases waiting for a dedicated server (vm-ready). */
  readonly awaiting: AwaitingServers;
  private readonly servers: Servers;
  private readonly tenantRepo: TenantRepository;
  private readonly secrets: SecretStore | null;

  constructor(deps: TenantsDeps) {
    const { db, events, logger } = deps;
    this.servers = new Servers({ ...deps, instanceTag: () => deps.journal.instanceTag() });
    this.settings = deps.settings;
    this.secrets = deps.secrets;
    const workspaceRepo = new WorkspaceRepository(db);
    const blueprintRepo = new BlueprintRepository(db);
    this.tenantRepo = new TenantRepository(db);
    const servers = this.servers;
    this.workspaces = new WorkspaceService({
      repo: workspaceRepo,
      blueprints: blueprintRepo,
      servers,
      events,
      secrets: deps.secrets,
    });
    this.blueprints = new BlueprintService({
      db,
      repo: blueprintRepo,
      workspaces: workspaceRepo,
      tenants: this.tenantRepo,
      servers,
      events,
    });
    this.awaiting = new AwaitingServers(db);
    this.tenants = new TenantService({
      awaiting: this.awaiting,
      repo: this.tenantRepo,
      blueprints: this.blueprints,
      servers,
      secrets: deps.secrets,
      events,
      logger,
    });
    this.deployments = new DeploymentService({
      repo: new DeploymentRepository(db),
      tenants: this.tenantRepo,
      blueprints: this.blueprints,
      servers,
      events,
      logger,
      recover: deps.recover,
      journal: deps.journal,
    });
  }

  adminQuery(input: AdminQueryInput) {
    return adminQuery(
      {
        tenants: this.tenantRepo,
        blueprints: this.blueprints,
        servers: this.servers,
        secrets: this.secrets,
      },
      input,
    );
  }

  close(): Promise<void> {
    return this.deployments.close();
  }
}
