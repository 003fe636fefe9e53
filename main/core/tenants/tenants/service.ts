// Runs in the main process, server and CLI. Tenants: one database per blueprint (level 1 on the
// blueprint's server, level 2 on a dedicated connection), each with its own role whose generated
// password lives only in the secret store; suspend, resume, soft and hard delete, restore.
import { randomBytes } from 'node:crypto';
import type {
  Tenant,
  TenantDatabase,
  TenantImpact,
  TenantStatus,
} from '../../../../shared/contract/tenants';
import { AppError } from '../../../../shared/errors';
import type { EngineType } from '../../../../shared/model/connection';
import { engineOf } from '../../engines/registry';
import type { EventBus } from '../../events';
import type { Logger } from '../../logging/logger';
import type { SecretStore } from '../../secrets/secret-store';
import { NO_SECRET_STORE_MESSAGE } from '../../secrets/select';
import type { BlueprintService } from '../blueprints/service';
import {
  connectionString,
  DATABASE_LABEL,
  devDatabase,
  secretAccount,
  sqlType,
  tenantDatabase,
  tenantRole,
} from '../names';
import { errorText } from '../rows';
import type { Servers } from '../servers';
import type { TenantDbRow, TenantRepository, TenantRow } from '../store/tenant-repo';
import { tenantAccess } from './access';
import { type AwaitingServers, awaitingMessage, NO_SERVER_YET } from './awaiting';
import { applyVersions } from './migrator';
import type { KeyspaceTenancy } from '../../engines/keyspace-tenancy';

export interface TenantDeps {
  repo: TenantRepository;
  blueprints: BlueprintService;
  servers: Servers;
  secrets: SecretStore | null;
  events: EventBus;
  logger: Logger;
  awaiting: AwaitingServers;
}

export interface TenantCreate {
  tenant_id: string;
  databases: { blueprint: string; isolation_level: 1 | 2; connection_id?: string }[];
}

export class TenantService {
  constructor(private readonly deps: TenantDeps) {
    // A process that stopped mid-provisioning leaves a tenant no one will finish. One that only
    // waits for a dedicated server (everything else made) keeps waiting.
    for (const t of deps.repo.list()) {
      if (t.status === 'provisioning' && !this.onlyWaiting(t.id)) {
        deps.repo.setStatus(
          t.id,
          'failed',
          'Benchphant stopped while this tenant was being provisioned; delete it (hard) and create it again.',
        );
      }
    }
  }

  /** Whether a provisioning tenant is just waiting for vm-ready (nothing of it half-made). */
  private onlyWaiting(id: string): boolean {
    const waiting = new Set(this.deps.awaiting.of(id).map((a) => a.blueprint));
    if (waiting.size === 0) return false;
    return this.deps.repo
      .databases(id)
      .every((d) => waiting.has(d.blueprint) || d.version !== null);
  }

  private secrets(): SecretStore {
    if (!this.deps.secrets) throw new AppError('SECRET_STORE_UNAVAILABLE', NO_SECRET_STORE_MESSAGE);
    return this.deps.secrets;
  }

  row(id: string): TenantRow {
    const t = this.deps.repo.get(id);
    if (!t) throw new AppError('NOT_FOUND', `No tenant '${id}'.`);
    return t;
  }

  private database(d: TenantDbRow): TenantDatabase {
    // A tenant outlives a deleted connection; it then shows where it was, without a host.
    let conn: { type: EngineType; host: string; port: number; database: string };
    try {
      if (d.connection_id === NO_SERVER_YET)
        conn = {
          type: this.deps.blueprints.row(d.blueprint).db_type,
          host: '(awaiting a dedicated server)',
          port: 0,
          database: '',
        };
      else conn = this.deps.servers.anyConnection(d.connection_id);
    } catch {
      conn = {
        type: this.deps.blueprints.row(d.blueprint).db_type,
        host: '(connection deleted)',
        port: 0,
        database: '',
      };
    }
    const ks = engineOf(conn.type).keyspaces;
    return {
      blueprint: d.blueprint,
      database_type: DATABASE_LABEL[conn.type],
      isolation_level: d.isolation_level,
      version: d.version,
      connection_id: d.connection_id,
      connection: {
        host: conn.host,
        port: conn.port,
        database: d.database,
        user: d.role,
        connection_string: ks
          ? ks.connectionString(conn, d.role)
          : connectionString(sqlType(conn.type), d.role, conn.host, conn.port, d.database),
      },
    };
  }

  view(id: string): Tenant {
    const t = this.row(id);
    return {
      success: true,
      tenant_id: t.id,
      status: t.status,
      message: t.message,
      created_at: t.created_at,
      deleted_at: t.deleted_at,
      databases: this.deps.repo.databases(id).map((d) => this.database(d)),
    };
  }

  list(blueprint?: string) {
    const tenants = this.deps.repo
      .list()
      .map((t) => {
        const { success: _ok, ...rest } = this.view(t.id);
        return rest;
      })
      .filter((t) => !blueprint || t.databases.some((d) => d.blueprint === blueprint));
    return { success: true as const, count: tenants.length, tenants };
  }

  private changed(id: string) {
    this.deps.events.emit('tenants.changed', { kind: 'tenant', id });
  }

  private plan(input: TenantCreate): TenantDbRow[] {
    const seen = new Set<string>();
    return input.databases.map((d) => {
      if (seen.has(d.blueprint))
        throw new AppError('BAD_INPUT', `Blueprint '${d.blueprint}' is listed twice.`);
      seen.add(d.blueprint);
      const bp = this.deps.blueprints.row(d.blueprint);
      this.deps.blueprints.version(d.blueprint);
      let connectionId = bp.connection_id;
      if (d.isolation_level === 2 && !d.connection_id) {
        // Provisioned once vm-ready attaches its dedicated server.
        connectionId = NO_SERVER_YET;
      } else if (d.isolation_level === 2 && d.connection_id) {
        const conn = this.deps.servers.anyConnection(d.connection_id);
        if (conn.type !== bp.db_type) {
          throw new AppError(
            'BAD_INPUT',
            `Blueprint '${d.blueprint}' is ${DATABASE_LABEL[bp.db_type]}; the connection '${conn.name}' is ${DATABASE_LABEL[conn.type]}.`,
          );
        }
        connectionId = conn.id;
      } else if (d.connection_id && d.connection_id !== bp.connection_id) {
        throw new AppError(
          'BAD_INPUT',
          "Isolation level 1 uses the blueprint's own server; give connection_id only with isolation_level 2.",
        );
      }
      const database = tenantDatabase(d.blueprint, input.tenant_id);
      return {
        tenant_id: input.tenant_id,
        blueprint: d.blueprint,
        isolation_level: d.isolation_level,
        connection_id: connectionId,
        database,
        role: tenantRole(database),
        version: null,
      };
    });
  }

  /**
   * Creates role, database and schema; on failure, takes away what it made itself.
   * `beforeCreate` runs once the server answered, just before anything is made there.
   */
  async provisionOne(d: TenantDbRow, beforeCreate?: () => void): Promise<void> {
    const password = randomBytes(18).toString('base64url');
    const account = secretAccount(d.tenant_id, d.blueprint);
    await this.secrets().set(account, password);
    let made = false;
    const ks = this.deps.servers.keyspaces(d.connection_id);
    try {
      if (ks) {
        await this.provisionKeyspace(ks, d, password, () => {
          beforeCreate?.();
          made = true;
        });
        return;
      }
      const conn = this.deps.servers.connection(d.connection_id);
      const access = tenantAccess(conn.type);
      await this.deps.servers.with(d.connection_id, undefined, async (admin) => {
        if (await access.databaseExists(admin, d.database)) {
          throw new AppError(
            'CONFLICT',
            `The database ${d.database} already exists on '${conn.name}'; Benchphant will not take it over.`,
          );
        }
        beforeCreate?.();
        made = true;
        await access.create(admin, d.database, d.role, password);
      });
      const versions = this.deps.blueprints.versions(d.blueprint);
      await this.deps.servers.with(d.connection_id, d.database, (c) =>
        applyVersions(c, versions, { after: access.grants(d.role) }),
      );
      this.deps.repo.setVersion(d.tenant_id, d.blueprint, versions.at(-1)?.version ?? null);
    } catch (err) {
      if (made)
        await this.dropOne(d).catch((e: unknown) =>
          this.deps.logger.error(`cleanup of ${d.database} failed`, e),
        );
      else await this.deps.secrets?.delete(account).catch(() => undefined);
      throw err;
    }
  }

  /** A key space and its user (Redis), brought to the blueprint's latest version. */
  private async provisionKeyspace(
    ks: KeyspaceTenancy,
    d: TenantDbRow,
    password: string,
    beforeCreate: () => void,
  ): Promise<void> {
    const params = await this.deps.servers.engineParams(d.connection_id);
    if (await ks.tenantExists(params, d.database, d.role)) {
      throw new AppError(
        'CONFLICT',
        `The key space ${d.database}: or the user ${d.role} already exists; Benchphant will not take it over.`,
      );
    }
    beforeCreate();
    await ks.createTenant(params, d.database, d.role, password);
    const versions = this.deps.blueprints.versions(d.blueprint);
    const target = versions.at(-1);
    if (target) {
      const bp = this.deps.blueprints.row(d.blueprint);
      const r = await ks.migrate(params, {
        database: d.database,
        from: devDatabase(bp.workspace),
        versions,
        target,
        tag: this.deps.servers.instanceTag(),
      });
      if (r.status !== 'completed') throw new AppError('CONFLICT', r.error);
    }
    this.deps.repo.setVersion(d.tenant_id, d.blueprint, target?.version ?? null);
  }

  /** Drops a tenant database's role and database (if Benchphant made them) and forgets its password. */
  async dropOne(d: TenantDbRow, onProgress?: (removed: number) => void): Promise<void> {
    if (d.connection_id === NO_SERVER_YET) return;
    const ks = this.deps.servers.keyspaces(d.connection_id);
    if (ks) {
      const params = await this.deps.servers.engineParams(d.connection_id);
      // The user is made first: without it, the key space was never Benchphant's to empty.
      if (await ks.tenantExists(params, d.database, d.role))
        await ks.dropTenant(params, d.database, d.role, onProgress);
      await this.deps.secrets?.delete(secretAccount(d.tenant_id, d.blueprint));
      return;
    }
    const access = tenantAccess(this.deps.servers.connection(d.connection_id).type);
    await this.deps.servers.with(d.connection_id, undefined, async (admin) => {
      // The role is made first: without it, the database (if any) was never Benchphant's to drop.
      if (await access.roleExists(admin, d.role)) await access.drop(admin, d.database, d.role);
    });
    await this.deps.secrets?.delete(secretAccount(d.tenant_id, d.blueprint));
  }

  async create(input: TenantCreate): Promise<Tenant> {
    if (this.deps.repo.get(input.tenant_id))
      throw new AppError('CONFLICT', `A tenant '${input.tenant_id}' already exists.`);
    const dbs = this.plan(input);
    this.secrets();
    const waiting = dbs.filter((d) => d.connection_id === NO_SERVER_YET).map((d) => d.blueprint);
    this.deps.repo.insert(
      {
        id: input.tenant_id,
        status: 'provisioning',
        message: null,
        created_at: new Date().toISOString(),
        deleted_at: null,
      },
      dbs,
      () => {
        for (const blueprint of waiting)
          this.deps.awaiting.add({
            tenant_id: input.tenant_id,
            blueprint,
            kind: 'create',
            prior_status: null,
          });
      },
    );
    this.changed(input.tenant_id);
    const done: TenantDbRow[] = [];
    try {
      for (const d of dbs) {
        if (d.connection_id === NO_SERVER_YET) continue;
        await this.provisionOne(d);
        done.push(d);
      }
      if (waiting.length === 0) this.deps.repo.setStatus(input.tenant_id, 'ready');
      else this.deps.repo.setStatus(input.tenant_id, 'provisioning', awaitingMessage(waiting));
    } catch (err) {
      const reason = err instanceof AppError ? err.message : errorText(err);
      // The databases already made go again, so a failed tenant holds no half-built set.
      for (const d of done) {
        await this.dropOne(d).catch((e: unknown) =>
          this.deps.logger.error(`cleanup of ${d.database} failed`, e),
        );
      }
      this.deps.repo.setStatus(input.tenant_id, 'failed', `Provisioning failed: ${reason}`);
    }
    this.changed(input.tenant_id);
    return this.view(input.tenant_id);
  }

  private async setAccess(id: string, lock: boolean): Promise<void> {
    for (const d of this.deps.repo.databases(id)) {
      const ks = this.deps.servers.keyspaces(d.connection_id);
      if (ks) {
        const params = await this.deps.servers.engineParams(d.connection_id);
        await (lock ? ks.lock(params, d.role) : ks.unlock(params, d.role));
        continue;
      }
      const access = tenantAccess(this.deps.servers.connection(d.connection_id).type);
      await this.deps.servers.with(d.connection_id, undefined, (admin) =>
        lock ? access.lock(admin, d.role) : access.unlock(admin, d.role),
      );
    }
  }

  private expect(t: TenantRow, allowed: TenantStatus[], action: string): void {
    if (!allowed.includes(t.status)) {
      throw new AppError(
        'CONFLICT',
        `Tenant '${t.id}' is ${t.status}; only a ${allowed.join(' or ')} tenant can be ${action}.`,
      );
    }
  }

  /** What suspending or deleting the tenant would touch, read without changing anything. */
  async impact(id: string): Promise<TenantImpact> {
    const t = this.row(id);
    const databases: TenantImpact['databases'] = [];
    for (const d of this.deps.repo.databases(id)) {
      let sessions: number | null = null;
      try {
        const ks = this.deps.servers.keyspaces(d.connection_id);
        if (ks) {
          sessions = await ks.sessions(
            await this.deps.servers.engineParams(d.connection_id),
            d.role,
          );
        } else {
          const access = tenantAccess(this.deps.servers.connection(d.connection_id).type);
          sessions = await this.deps.servers.with(d.connection_id, undefined, (admin) =>
            access.sessions(admin, d.role),
          );
        }
      } catch (err) {
        // A server that cannot be asked leaves the count unknown; the action itself will say why.
        this.deps.logger.warn(`Open sessions of ${d.database} unknown: ${errorText(err)}`);
      }
      databases.push({ blueprint: d.blueprint, database: d.database, sessions });
    }
    return {
      success: true,
      tenant_id: id,
      status: t.status,
      sessions: databases.every((d) => d.sessions !== null)
        ? databases.reduce((n, d) => n + (d.sessions ?? 0), 0)
        : null,
      databases,
    };
  }

  async suspend(id: string): Promise<Tenant> {
    this.expect(this.row(id), ['ready'], 'suspended');
    await this.setAccess(id, true);
    this.deps.repo.setStatus(id, 'suspended');
    this.changed(id);
    return this.view(id);
  }

  async resume(id: string): Promise<Tenant> {
    this.expect(this.row(id), ['suspended'], 'resumed');
    await this.setAccess(id, false);
    this.deps.repo.setStatus(id, 'ready');
    this.changed(id);
    return this.view(id);
  }

  async restore(id: string): Promise<Tenant> {
    this.expect(this.row(id), ['deleted'], 'restored');
    await this.setAccess(id, false);
    this.deps.repo.setStatus(id, 'ready');
    this.changed(id);
    return this.view(id);
  }

  async delete(id: string, hard: boolean, confirm: string | undefined) {
    const t = this.row(id);
    if (!hard) {
      this.expect(t, ['ready', 'suspended'], 'deleted (soft)');
      await this.setAccess(id, true);
      this.deps.repo.setStatus(id, 'deleted', null, new Date().toISOString());
      this.changed(id);
      return {
        success: true as const,
        tenant_id: id,
        status: 'deleted' as const,
        message: `Tenant '${id}' is deleted and can be restored; its databases are kept.`,
      };
    }
    if (confirm !== id) {
      throw new AppError(
        'BAD_INPUT',
        `A hard delete drops the tenant's databases and roles for good; confirm by sending confirm=${id}.`,
      );
    }
    if (t.status === 'provisioning' && !this.onlyWaiting(id))
      throw new AppError('CONFLICT', `Tenant '${id}' is still being provisioned.`);
    for (const d of this.deps.repo.databases(id)) {
      // A key space goes in batches: the tenant's message shows how far it has got.
      await this.dropOne(d, (removed) => {
        this.deps.repo.setStatus(
          id,
          t.status,
          `Deleting ${d.database}: ${removed} keys removed so far.`,
        );
        this.changed(id);
      });
    }
    this.deps.repo.delete(id);
    this.changed(id);
    return {
      success: true as const,
      tenant_id: id,
      status: null,
      message: `Tenant '${id}' was deleted for good: its databases and roles are dropped.`,
    };
  }

  async reveal(id: string, blueprint: string) {
    this.row(id);
    const d = this.deps.repo.databases(id).find((x) => x.blueprint === blueprint);
    if (!d)
      throw new AppError(
        'NOT_FOUND',
        `Tenant '${id}' has no database of blueprint '${blueprint}'.`,
      );
    const password = await this.secrets().get(secretAccount(id, blueprint));
    if (password === null) {
      throw new AppError(
        'NOT_FOUND',
        `The password of ${d.database} is missing from the secret store.`,
      );
    }
    const conn = this.deps.servers.anyConnection(d.connection_id);
    const ks = this.deps.servers.keyspaces(d.connection_id);
    return {
      success: true as const,
      tenant_id: id,
      blueprint,
      user: d.role,
      password,
      connection_string: ks
        ? ks.connectionString(conn, d.role, password)
        : connectionString(sqlType(conn.type), d.role, conn.host, conn.port, d.database, password),
    };
  }
}
