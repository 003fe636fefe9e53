// Runs in the main process, server and CLI. Dedicated servers that arrive later: a tenant database
// asked for at isolation level 2 without a connection waits (the tenant shows `provisioning`) until
// the spec's `POST /webhooks/vm-ready` names its server; then it is created there, or moved there
// when it already lived on the shared server. Each creation is journaled (intent before the
// database is made, placement switched in the same transaction), so a crash leaves it waiting.
import type { Output } from '../../../../shared/contract';
import type { ImportConnection } from '../../../../shared/contract/tenant-ops';
import { AppError } from '../../../../shared/errors';
import type { DbType } from '../../../../shared/model/connection';
import type { EventBus } from '../../events';
import type { Journal } from '../../journal/journal';
import type { Logger } from '../../logging/logger';
import { DATABASE_LABEL } from '../../tenants/names';
import type { Servers } from '../../tenants/servers';
import type { Tenants } from '../../tenants/service';
import type { TenantRepository } from '../../tenants/store/tenant-repo';
import { type AwaitingRow, awaitingMessage, NO_SERVER_YET } from '../../tenants/tenants/awaiting';
import type { TenantIsolation } from '../isolation/service';
import { type AttachPayload, attachRecoverer } from './recover';

export interface DedicatedDeps {
  tenants: Tenants;
  repo: TenantRepository;
  servers: Servers;
  isolation: TenantIsolation;
  journal: Journal;
  events: EventBus;
  logger: Logger;
  /** Saves the spec's inline connection (its password into the secret store); returns its id. */
  saveConnection: (c: ImportConnection, name: string) => Promise<string>;
}

export interface VmReady {
  tenant_id: string;
  connection_id?: string | undefined;
  connection?: ImportConnection | undefined;
  blueprint?: string | undefined;
}

type Waiting = Output<'tenants.setIsolation'>;
type Attached = Output<'webhooks.vmReady'>;

const text = (err: unknown) => (err instanceof Error ? err.message : String(err));

export class DedicatedServers {
  private readonly busy = new Set<string>();

  constructor(private readonly deps: DedicatedDeps) {
    deps.journal.register('attach', attachRecoverer(deps.tenants.tenants, deps.repo));
  }

  private changed(id: string) {
    this.deps.events.emit('tenants.changed', { kind: 'tenant', id });
  }

  /** `PATCH /tenants/{id}/isolation {isolation_level: 2}` without a server: the move waits. */
  awaitServer(input: { id: string; blueprint?: string | undefined }): Waiting {
    const tenant = this.deps.tenants.tenants.row(input.id);
    if (!['ready', 'suspended'].includes(tenant.status))
      throw new AppError(
        'REFUSED',
        `Tenant '${input.id}' is ${tenant.status}; only a ready or suspended tenant can be moved.`,
      );
    const dbs = this.deps.repo
      .databases(input.id)
      .filter((d) => !input.blueprint || d.blueprint === input.blueprint);
    if (dbs.length === 0)
      throw new AppError(
        'NOT_FOUND',
        `Tenant '${input.id}' has no database of blueprint '${input.blueprint ?? ''}'.`,
      );
    const shared = dbs.filter((d) => d.isolation_level === 1).map((d) => d.blueprint);
    if (shared.length === 0)
      return {
        ...this.deps.tenants.tenants.view(input.id),
        message: `Tenant '${input.id}' is at isolation level 2 already.`,
        moved: [],
      };
    const message = awaitingMessage(shared);
    this.deps.journal.write(() => {
      for (const blueprint of shared)
        this.deps.tenants.awaiting.add({
          tenant_id: input.id,
          blueprint,
          kind: 'move',
          prior_status: tenant.status,
        });
      this.deps.repo.setStatus(input.id, 'provisioning', message);
    });
    this.changed(input.id);
    return { ...this.deps.tenants.tenants.view(input.id), message, moved: [] };
  }

  /** The webhook: a dedicated server for the tenant's waiting databases of its engine. */
  async attach(input: VmReady): Promise<Attached> {
    const tenant = this.deps.tenants.tenants.row(input.tenant_id);
    const waiting = this.deps.tenants.awaiting
      .of(input.tenant_id)
      .filter((w) => !input.blueprint || w.blueprint === input.blueprint);
    if (tenant.status !== 'provisioning' || waiting.length === 0)
      throw new AppError(
        'CONFLICT',
        `Tenant '${input.tenant_id}' is not waiting for a dedicated server${input.blueprint ? ` for '${input.blueprint}'` : ''}.`,
      );
    const type = input.connection?.type ?? this.serverType(input.connection_id ?? '');
    const matching = waiting.filter(
      (w) => this.deps.tenants.blueprints.row(w.blueprint).db_type === type,
    );
    if (matching.length === 0)
      throw new AppError(
        'BAD_INPUT',
        `The server is ${DATABASE_LABEL[type]}; tenant '${input.tenant_id}' waits for ${waiting.map((w) => `'${w.blueprint}' (${DATABASE_LABEL[this.deps.tenants.blueprints.row(w.blueprint).db_type]})`).join(', ')}.`,
      );
    if (this.busy.has(input.tenant_id))
      throw new AppError('CONFLICT', `A server is being attached to '${input.tenant_id}' already.`);
    this.busy.add(input.tenant_id);
    try {
      const connectionId =
        input.connection_id ??
        (await this.deps.saveConnection(
          input.connection as ImportConnection,
          `${input.tenant_id} dedicated server`,
        ));
      const attached: Attached['attached'] = [];
      for (const w of matching) attached.push(await this.attachOne(w, connectionId));
      const left = this.deps.tenants.awaiting.of(input.tenant_id).map((w) => w.blueprint);
      if (left.length > 0)
        this.deps.repo.setStatus(input.tenant_id, 'provisioning', awaitingMessage(left));
      else if (this.deps.tenants.tenants.row(input.tenant_id).status === 'provisioning')
        this.deps.repo.setStatus(input.tenant_id, 'ready');
      const name = this.deps.servers.connection(connectionId).name;
      return {
        ...this.deps.tenants.tenants.view(input.tenant_id),
        message: `Attached '${name}': ${attached.map((a) => a.database).join(', ')} ${attached.length === 1 ? 'lives' : 'live'} there now.`,
        connection_id: connectionId,
        attached,
      };
    } finally {
      this.busy.delete(input.tenant_id);
      this.changed(input.tenant_id);
    }
  }

  private serverType(connectionId: string): DbType {
    return this.deps.servers.connection(connectionId).type;
  }

  private async attachOne(
    w: AwaitingRow,
    connectionId: string,
  ): Promise<{ blueprint: string; database: string }> {
    const d = this.deps.repo.databases(w.tenant_id).find((x) => x.blueprint === w.blueprint);
    if (!d) throw new AppError('NOT_FOUND', `Tenant '${w.tenant_id}' has no '${w.blueprint}'.`);
    if (w.kind === 'move') return this.moveOne(w, connectionId);
    const server = this.deps.servers.connection(connectionId).name;
    const intent = await this.deps.journal.begin<AttachPayload>(
      'attach',
      d.database,
      'placing',
      {
        tenant_id: d.tenant_id,
        blueprint: d.blueprint,
        database: d.database,
        role: d.role,
        connection_id: connectionId,
      },
      () => this.deps.repo.setPlacement(d.tenant_id, d.blueprint, connectionId, 2),
    );
    try {
      await this.deps.tenants.tenants.provisionOne({ ...d, connection_id: connectionId }, () =>
        intent.step('creating'),
      );
    } catch (err) {
      if (intent.currentStep === 'placing') {
        // Nothing was made on the server (it did not answer, or refused before): just wait again.
        intent.done(() => this.deps.repo.setPlacement(d.tenant_id, d.blueprint, NO_SERVER_YET, 2));
      } else {
        const recovery = await this.deps.journal.settle(intent);
        this.deps.logger.warn(`tenant ${d.tenant_id}: attaching ${d.database} failed; ${recovery}`);
      }
      throw new AppError(
        err instanceof AppError ? err.code : 'INTERNAL',
        `Creating ${d.database} on '${server}' failed: ${text(err)}. The database still waits for its server; send vm-ready again once it answers.`,
      );
    }
    intent.done(() => this.deps.tenants.awaiting.remove(d.tenant_id, d.blueprint));
    this.deps.logger.info(`tenant ${d.tenant_id}: ${d.database} created on '${server}'`);
    return { blueprint: d.blueprint, database: d.database };
  }

  /** A database on the shared server: the isolation move (itself journaled) takes it over. */
  private async moveOne(w: AwaitingRow, connectionId: string) {
    const prior = w.prior_status ?? 'ready';
    this.deps.journal.write(() => {
      this.deps.tenants.awaiting.remove(w.tenant_id, w.blueprint);
      this.deps.repo.setStatus(w.tenant_id, prior);
    });
    try {
      const r = await this.deps.isolation.setIsolation({
        id: w.tenant_id,
        isolation_level: 2,
        blueprint: w.blueprint,
        connection_id: connectionId,
      });
      const moved = r.moved[0];
      return { blueprint: w.blueprint, database: moved?.database ?? w.blueprint };
    } catch (err) {
      // The move left the tenant where it was; it waits for a server again.
      this.deps.journal.write(() => {
        this.deps.tenants.awaiting.add(w);
        this.deps.repo.setStatus(w.tenant_id, 'provisioning', awaitingMessage([w.blueprint]));
      });
      throw err;
    }
  }
}
