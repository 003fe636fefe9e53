// Runs in the main process, server and CLI. Moves a tenant's databases between the blueprint's
// shared server (level 1) and a dedicated one (level 2): dump, create the database and the
// tenant's role (same password) on the target, load, verify row counts, switch the tenant's
// record, and only then drop the old copy. Until the switch the old database is untouched apart
// from its role being read-only (so no write is lost), the tenant stays readable, and any failure
// drops the new copy, gives writes back and leaves the tenant where it was.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Output } from '../../../../shared/contract';
import type { MoveStep } from '../../../../shared/contract/tenant-ops';
import { AppError } from '../../../../shared/errors';
import { sqlEngineOf } from '../../engines/registry';
import type { EventBus } from '../../events';
import type { Journal } from '../../journal/journal';
import type { Sweeper } from '../../journal/recovery';
import type { Logger } from '../../logging/logger';
import type { Servers } from '../../tenants/servers';
import type { Tenants } from '../../tenants/service';
import type { TenantDbRow, TenantRepository } from '../../tenants/store/tenant-repo';
import { tenantAccess } from '../../tenants/tenants/access';
import { dumpDatabase } from '../backups/dump';
import { countDifferences, countRows, type RowCounts } from '../backups/row-counts';
import { type DumpTools, findDumpTools } from '../backups/tools';
import { freezeWrites, thawWrites } from './freeze';
import { moveKeyspace } from './keyspace-move';
import { type MovePayload, movePayload } from './payload';
import { moveRecoverer } from './recover';

export interface IsolationDeps {
  tenants: Tenants;
  repo: TenantRepository;
  servers: Servers;
  events: EventBus;
  logger: Logger;
  journal: Journal;
  /** Scratch folder for the dumps in flight. */
  dir: string;
}

export interface IsolationRequest {
  id: string;
  isolation_level: 1 | 2;
  blueprint?: string | undefined;
  connection_id?: string | undefined;
}

type Moved = Output<'tenants.setIsolation'>['moved'][number];

/** Tells `moves.progressed` where a move of one database is. */
export type MoveProgress = (step: MoveStep, copied?: number | null, message?: string) => void;

/** What was checked, and for key spaces that the tenant's user was locked out during the copy. */
const moveWords = (keyspaces: boolean) =>
  keyspaces
    ? "key counts verified. The tenant's user was locked (no logins, open sessions ended) while its keys were copied, so no write was lost."
    : 'row counts verified.';

const text = (err: unknown) => (err instanceof Error ? err.message : String(err));

export class TenantIsolation {
  private readonly busy = new Set<string>();
  private tools: Promise<DumpTools> | null = null;

  constructor(private readonly deps: IsolationDeps) {
    deps.journal.register('move', moveRecoverer(deps.servers, deps.repo));
  }

  /** Dumps in the moves folder that no move in flight owns (a crash left them). */
  sweeper(): Sweeper {
    return {
      name: 'move dumps',
      sweep: () => {
        if (!existsSync(this.deps.dir)) return Promise.resolve([]);
        const owned = new Set(this.deps.journal.open('move').map((i) => i.payload.file));
        const removed = readdirSync(this.deps.dir)
          .map((f) => join(this.deps.dir, f))
          .filter((f) => !owned.has(f));
        for (const f of removed) rmSync(f, { force: true });
        return Promise.resolve(removed);
      },
    };
  }

  async setIsolation(input: IsolationRequest): Promise<Output<'tenants.setIsolation'>> {
    const tenant = this.deps.tenants.tenants.row(input.id);
    if (!['ready', 'suspended'].includes(tenant.status)) {
      throw new AppError(
        'REFUSED',
        `Tenant '${input.id}' is ${tenant.status}; only a ready or suspended tenant can be moved.`,
      );
    }
    const dbs = this.deps.repo
      .databases(input.id)
      .filter((d) => !input.blueprint || d.blueprint === input.blueprint);
    if (dbs.length === 0) {
      throw new AppError(
        'NOT_FOUND',
        `Tenant '${input.id}' has no database of blueprint '${input.blueprint ?? ''}'.`,
      );
    }
    if (this.busy.has(input.id)) {
      throw new AppError('CONFLICT', `Tenant '${input.id}' is already being moved.`);
    }
    this.busy.add(input.id);
    const moved: Moved[] = [];
    try {
      for (const d of dbs) {
        const target = this.targetOf(d, input);
        if (target === d.connection_id) {
          // Same server: only the level changes.
          this.deps.repo.setPlacement(d.tenant_id, d.blueprint, target, input.isolation_level);
          continue;
        }
        const progress = this.progress(d, target);
        const suspended = tenant.status === 'suspended';
        moved.push(
          await this.move(d, target, input.isolation_level, suspended, progress).then(
            (m) => {
              progress('done');
              return m;
            },
            (err: unknown) => {
              progress('failed', null, text(err));
              throw err;
            },
          ),
        );
      }
    } finally {
      this.busy.delete(input.id);
      this.deps.events.emit('tenants.changed', { kind: 'tenant', id: input.id });
    }
    const names = moved.map((m) => m.database);
    return {
      ...this.deps.tenants.tenants.view(input.id),
      message: names.length
        ? `Moved ${names.join(', ')} to isolation level ${input.isolation_level}; ${moveWords(moved.some((m) => this.deps.servers.keyspaces(m.from_connection_id)))}`
        : `Tenant '${input.id}' is at isolation level ${input.isolation_level}; its databases already lived there.`,
      moved,
    };
  }

  private targetOf(d: TenantDbRow, input: IsolationRequest): string {
    const from = this.deps.servers.anyConnection(d.connection_id);
    const targetId =
      input.isolation_level === 2
        ? (input.connection_id ?? '')
        : this.deps.tenants.blueprints.row(d.blueprint).connection_id;
    const to = this.deps.servers.anyConnection(targetId);
    if (to.type !== from.type) {
      throw new AppError(
        'BAD_INPUT',
        `${d.database} is on a ${from.type} server; '${to.name}' is ${to.type}. Move it to a server of the same engine.`,
      );
    }
    if (input.isolation_level === 1 && input.connection_id && input.connection_id !== targetId) {
      throw new AppError(
        'BAD_INPUT',
        "Isolation level 1 lives on the blueprint's own server; give connection_id only with isolation_level 2.",
      );
    }
    return targetId;
  }

  private progress(d: TenantDbRow, targetId: string): MoveProgress {
    return (step, copied = null, message) =>
      this.deps.events.emit('moves.progressed', {
        tenant_id: d.tenant_id,
        database: d.database,
        from_connection_id: d.connection_id,
        to_connection_id: targetId,
        step,
        copied,
        message: message ?? null,
      });
  }

  private async move(
    d: TenantDbRow,
    targetId: string,
    level: 1 | 2,
    suspended: boolean,
    progress: MoveProgress,
  ): Promise<Moved> {
    const servers = this.deps.servers;
    const ks = servers.keyspaces(d.connection_id);
    if (ks) return moveKeyspace(this.deps, ks, d, targetId, level, suspended, progress);
    const source = servers.connection(d.connection_id);
    const target = servers.connection(targetId);
    const access = tenantAccess(source.type);
    this.tools ??= findDumpTools();
    const tools = await this.tools;
    const { password } = await this.deps.tenants.tenants.reveal(d.tenant_id, d.blueprint);
    mkdirSync(this.deps.dir, { recursive: true, mode: 0o700 });
    const file = join(this.deps.dir, `${d.database}-${randomBytes(4).toString('hex')}.dump`);
    const intent = await this.deps.journal.begin<MovePayload>(
      'move',
      d.database,
      'freezing',
      movePayload(d, targetId, { file }),
    );
    let created = false;
    let frozen = false;
    let rows: RowCounts;
    let step = 'making the tenant read-only';
    progress('freezing');
    try {
      await servers.with(d.connection_id, undefined, (admin) =>
        freezeWrites(admin, d.database, d.role),
      );
      frozen = true;
      step = 'dumping';
      intent.step('dumping');
      progress('dumping');
      const backup = await dumpDatabase({
        params: await servers.params(d.connection_id),
        database: d.database,
        file,
        tools,
      });
      step = 'creating the database on the target';
      await servers.with(targetId, undefined, async (admin) => {
        if (await access.databaseExists(admin, d.database)) {
          throw new AppError(
            'CONFLICT',
            `The database ${d.database} already exists on '${target.name}'; Benchphant will not overwrite it.`,
          );
        }
        created = true;
        intent.step('creating');
        progress('creating');
        await access.create(admin, d.database, d.role, password);
      });
      step = 'loading';
      intent.step('loading');
      progress('loading');
      // Without the source's owners and grants: the target's admin may have another name, and the
      // tenant's grants are applied anew below.
      const params = await servers.params(targetId);
      await sqlEngineOf(params.type).tenants.isolation.loadCopy(
        { params, database: d.database, file, backup, tools },
        d.database,
      );
      step = 'verifying';
      intent.step('verifying');
      progress('verifying');
      rows = await servers.with(targetId, d.database, async (c) => {
        for (const sql of access.grants(d.role)) await c.query(sql);
        return countRows(c);
      });
      const problems = countDifferences(backup.rows, rows);
      if (problems.length > 0) {
        throw new AppError('REFUSED', `the copy differs: ${problems.slice(0, 3).join('; ')}`);
      }
      if (suspended) await servers.with(targetId, undefined, (admin) => access.lock(admin, d.role));
    } catch (err) {
      let cleaned = true;
      if (created) {
        await servers
          .with(targetId, undefined, (admin) => access.drop(admin, d.database, d.role))
          .catch((e: unknown) => {
            cleaned = false;
            this.deps.logger.error(`cleanup of ${d.database} on '${target.name}' failed`, e);
          });
      }
      if (frozen) {
        await servers
          .with(d.connection_id, undefined, (admin) => thawWrites(admin, d.database, d.role))
          .catch((e: unknown) => {
            cleaned = false;
            this.deps.logger.error(`giving writes back to ${d.database} failed`, e);
          });
      }
      rmSync(file, { force: true });
      // What could not be put back is left to recovery (before the next move, or at start).
      if (cleaned) intent.done();
      else intent.close();
      throw new AppError(
        err instanceof AppError ? err.code : 'INTERNAL',
        `Moving ${d.database} to '${target.name}' failed while ${step}: ${text(err)}. The tenant stays on '${source.name}', untouched.`,
      );
    }
    rmSync(file, { force: true });
    // The switch and its record are one store transaction: from here on recovery completes.
    intent.step('switched', {}, () =>
      this.deps.repo.setPlacement(d.tenant_id, d.blueprint, targetId, level),
    );
    progress('switched');
    this.deps.logger.info(
      `tenant ${d.tenant_id}: moved ${d.database} from '${source.name}' to '${target.name}'`,
    );
    // The role is named after the database (tenantRole), so no other database shares it.
    let cleanup: string | null = null;
    await servers
      .with(d.connection_id, undefined, (admin) => access.drop(admin, d.database, d.role))
      .then(() => intent.done())
      .catch((e: unknown) => {
        intent.close();
        cleanup = `The old copy on '${source.name}' could not be dropped (${text(e)}); Benchphant drops it at its next start or before the next operation on this tenant.`;
        this.deps.logger.warn(`tenant ${d.tenant_id}: ${cleanup}`);
      });
    return {
      blueprint: d.blueprint,
      database: d.database,
      from_connection_id: d.connection_id,
      to_connection_id: targetId,
      rows,
      cleanup_error: cleanup,
    };
  }
}
