// Runs in the main process, server and CLI. A tenant's backups: one dump per database of the
// tenant, catalogued with its manifest; rollback by day or by file, each database restored through
// a verified copy. One backup or restore per tenant at a time.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Backup } from '../../../../shared/contract/tenant-ops';
import { AppError } from '../../../../shared/errors';
import { sqlEngineOf } from '../../engines/registry';
import type { EventBus } from '../../events';
import type { Intent, Journal } from '../../journal/journal';
import type { Sweeper } from '../../journal/recovery';
import type { Logger } from '../../logging/logger';
import type { Servers } from '../../tenants/servers';
import type { TenantDbRow, TenantRepository } from '../../tenants/store/tenant-repo';
import type { BackupCatalog, BackupRecord } from './catalog';
import { type BackupFile, dumpDatabase } from './dump';
import type { KeyspaceTenancy } from '../../engines/keyspace-tenancy';
import {
  type BackupPayload,
  backupRecoverer,
  partialDumpSweeper,
  type RollbackPayload,
  rollbackRecoverer,
  scratchDatabaseSweeper,
} from './recover';
import { databaseExists, restoreDatabase, type RestoreOptions } from './restore';

type RestoreStep = Parameters<NonNullable<RestoreOptions['onStep']>>[0];
import { type DumpTools, findDumpTools } from './tools';

export interface BackupDeps {
  catalog: BackupCatalog;
  tenants: TenantRepository;
  servers: Servers;
  events: EventBus;
  logger: Logger;
  journal: Journal;
  /** The data directory's backups folder. */
  dir: string;
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export class TenantBackups {
  private readonly busy = new Set<string>();
  private tools: Promise<DumpTools> | null = null;

  constructor(private readonly deps: BackupDeps) {
    deps.journal.register('rollback', rollbackRecoverer(deps.servers));
    deps.journal.register('backup', backupRecoverer(deps.catalog));
  }

  /** What a crash can leave behind that no intent owns, for the start-up sweep. */
  sweepers(): Sweeper[] {
    const { dir, catalog, journal, servers, tenants } = this.deps;
    return [
      partialDumpSweeper(dir, catalog, journal),
      scratchDatabaseSweeper(servers, tenants, journal),
    ];
  }

  private findTools(): Promise<DumpTools> {
    this.tools ??= findDumpTools();
    return this.tools;
  }

  private databases(tenantId: string, allowed: readonly string[], action: string): TenantDbRow[] {
    const tenant = this.deps.tenants.get(tenantId);
    if (!tenant) throw new AppError('NOT_FOUND', `No tenant '${tenantId}'.`);
    if (!allowed.includes(tenant.status)) {
      throw new AppError(
        'REFUSED',
        `Tenant '${tenantId}' is ${tenant.status}: it can be ${action} when it is ${allowed.join(' or ')}.`,
      );
    }
    return this.deps.tenants.databases(tenantId);
  }

  /** Runs `fn` as the tenant's only backup or restore. */
  private async exclusive<T>(tenantId: string, fn: () => Promise<T>): Promise<T> {
    if (this.busy.has(tenantId)) {
      throw new AppError(
        'CONFLICT',
        `A backup or restore of tenant '${tenantId}' is already running; wait for it to finish.`,
      );
    }
    this.busy.add(tenantId);
    try {
      return await fn();
    } finally {
      this.busy.delete(tenantId);
    }
  }

  private progress(
    tenantId: string,
    operation: 'backup' | 'restore',
    database: string,
    step: 'dumping' | 'checking' | 'restoring' | 'verifying' | 'swapping' | 'done' | 'failed',
    progress: number,
    text: string | null = null,
  ): void {
    this.deps.events.emit('backups.progressed', {
      tenant_id: tenantId,
      operation,
      database,
      step,
      progress,
      message: text,
    });
  }

  async backup(tenantId: string): Promise<{ tenant_id: string; backups: Backup[] }> {
    const dbs = this.databases(tenantId, ['ready', 'suspended', 'deleted'], 'backed up');
    return this.exclusive(tenantId, async () => {
      // Dump programs are looked for only when an SQL database needs them.
      let found: Promise<DumpTools> | null = null;
      const tools = () => (found ??= this.findTools());
      const folder = join(this.deps.dir, tenantId);
      mkdirSync(folder, { recursive: true, mode: 0o700 });
      const made: Backup[] = [];
      for (const [i, d] of dbs.entries()) {
        const createdAt = new Date().toISOString();
        const ks = this.deps.servers.keyspaces(d.connection_id);
        const ext = ks
          ? 'keys'
          : sqlEngineOf(this.deps.servers.connection(d.connection_id).type).tenants.backups
              .fileExtension;
        const path = join(folder, `${d.blueprint}-${createdAt.replace(/[:.]/g, '-')}.${ext}`);
        const share = (f: number) => (i + f) / dbs.length;
        this.progress(tenantId, 'backup', d.database, 'dumping', share(0));
        // The intent owns the file until the catalog does: a crash in between leaves no orphan.
        const intent = await this.deps.journal.begin<BackupPayload>('backup', path, 'dumping', {
          tenant_id: tenantId,
          database: d.database,
          path,
        });
        try {
          const file = ks
            ? await this.dumpKeyspace(ks, d, path)
            : await dumpDatabase({
                params: await this.deps.servers.params(d.connection_id),
                database: d.database,
                file: path,
                tools: await tools(),
                onProgress: (f) =>
                  this.progress(tenantId, 'backup', d.database, 'dumping', share(f)),
              });
          const id = randomUUID();
          intent.done(() =>
            this.deps.catalog.add({
              id,
              tenantId,
              blueprint: d.blueprint,
              connectionId: d.connection_id,
              path,
              file,
              createdAt,
            }),
          );
          const record = this.deps.catalog.get(id);
          if (record) made.push(record.view);
          this.deps.logger.info(`tenant ${tenantId}: backed up ${d.database} (${file.size} bytes)`);
        } catch (err) {
          rmSync(path, { force: true });
          intent.done();
          this.progress(tenantId, 'backup', d.database, 'failed', share(0), message(err));
          throw new AppError(
            err instanceof AppError ? err.code : 'INTERNAL',
            `Backing up ${d.database} of tenant '${tenantId}' failed: ${message(err)}`,
          );
        }
      }
      this.progress(tenantId, 'backup', dbs.at(-1)?.database ?? '', 'done', 1);
      return { tenant_id: tenantId, backups: made };
    });
  }

  /** A key space's backup (Redis): every key's DUMP and TTL; its manifest goes to the catalog. */
  private async dumpKeyspace(
    ks: KeyspaceTenancy,
    d: TenantDbRow,
    path: string,
  ): Promise<BackupFile> {
    const m = await ks.backup(
      await this.deps.servers.engineParams(d.connection_id),
      d.database,
      path,
    );
    return {
      engine: this.deps.servers.anyConnection(d.connection_id).type,
      tool: 'DUMP/PTTL',
      database: d.database,
      server_version: '',
      rows: { keys: m.keys },
      size: m.bytes,
      sha256: m.sha256,
    };
  }

  list(tenantId: string): { tenant_id: string; backups: Backup[]; count: number } {
    const backups = this.deps.catalog.ofTenant(tenantId).map((r) => r.view);
    if (backups.length === 0 && !this.deps.tenants.get(tenantId)) {
      throw new AppError('NOT_FOUND', `No tenant '${tenantId}' and no backups of one.`);
    }
    return { tenant_id: tenantId, backups, count: backups.length };
  }

  /** The backups a rollback restores: per database, the newest of the day, or the one file. */
  private choose(
    tenantId: string,
    dbs: TenantDbRow[],
    by: { date?: string; storage_path?: string },
  ) {
    const all = this.deps.catalog.ofTenant(tenantId);
    if (by.storage_path !== undefined) {
      const wanted = resolve(by.storage_path);
      const record = all.find((r) => resolve(r.view.storage_path) === wanted);
      if (!record) {
        throw new AppError(
          'NOT_FOUND',
          `${by.storage_path} is not a backup of tenant '${tenantId}' that Benchphant made; GET /tenants/${tenantId}/backups lists them.`,
        );
      }
      const d = dbs.find((x) => x.database === record.view.database);
      if (!d)
        throw new AppError(
          'REFUSED',
          `Tenant '${tenantId}' no longer has the database ${record.view.database}.`,
        );
      return [{ d, record }];
    }
    return dbs.map((d) => {
      const record = all.find(
        (r) => r.view.database === d.database && r.view.created_at.startsWith(by.date ?? ''),
      );
      if (!record) {
        const days = [
          ...new Set(
            all
              .filter((r) => r.view.database === d.database)
              .map((r) => r.view.created_at.slice(0, 10)),
          ),
        ];
        throw new AppError(
          'NOT_FOUND',
          `No backup of ${d.database} from ${by.date}. ${days.length ? `Days with one: ${days.join(', ')}.` : 'It has never been backed up.'}`,
        );
      }
      return { d, record };
    });
  }

  async rollback(tenantId: string, by: { date?: string; storage_path?: string }) {
    const dbs = this.databases(tenantId, ['ready', 'suspended'], 'rolled back');
    const chosen = this.choose(tenantId, dbs, by);
    return this.exclusive(tenantId, async () => {
      let found: Promise<DumpTools> | null = null;
      const tools = () => (found ??= this.findTools());
      const restored: { database: string; backup_id: string }[] = [];
      for (const [i, { d, record }] of chosen.entries()) {
        const share = (i + 0.5) / chosen.length;
        const suffix = randomBytes(6).toString('hex');
        const scratch = {
          fresh: this.deps.journal.scratchName('bp_restore', suffix),
          old: this.deps.journal.scratchName('bp_replaced', suffix),
        };
        const intent = await this.deps.journal.begin<RollbackPayload>(
          'rollback',
          d.database,
          'restoring',
          {
            connection_id: d.connection_id,
            database: d.database,
            role: d.role,
            ...scratch,
            backup_id: record.view.id,
            backup_created_at: record.view.created_at,
          },
        );
        const onStep = (step: RestoreStep) =>
          this.progress(
            tenantId,
            'restore',
            d.database,
            step,
            step === 'done' ? (i + 1) / chosen.length : share,
          );
        const ks = this.deps.servers.keyspaces(d.connection_id);
        try {
          if (ks) {
            await ks.restore(await this.deps.servers.engineParams(d.connection_id), {
              database: d.database,
              role: d.role,
              file: record.view.storage_path,
              manifest: {
                keys: record.file.rows.keys ?? 0,
                bytes: record.file.size,
                sha256: record.file.sha256,
              },
              scratch,
              log: intent,
              onStep,
            });
          } else {
            await restoreDatabase({
              params: await this.deps.servers.params(d.connection_id),
              database: d.database,
              file: record.view.storage_path,
              backup: record.file,
              tools: await tools(),
              scratch,
              log: intent,
              onStep,
            });
          }
          intent.done();
        } catch (err) {
          const recovered = await this.afterFailure(intent, d);
          this.progress(tenantId, 'restore', d.database, 'failed', share, message(err));
          const before = restored.length
            ? ` (already restored: ${restored.map((r) => r.database).join(', ')})`
            : '';
          throw new AppError(
            err instanceof AppError ? err.code : 'INTERNAL',
            `Restoring ${d.database} of tenant '${tenantId}' failed: ${message(err)}${recovered}${before}`,
          );
        }
        restored.push({ database: d.database, backup_id: record.view.id });
        this.deps.logger.info(
          `tenant ${tenantId}: restored ${d.database} from ${record.view.created_at}`,
        );
      }
      return {
        tenant_id: tenantId,
        restored,
        message: `Restored ${restored.length} database${restored.length === 1 ? '' : 's'} of tenant '${tenantId}' from ${chosen.map((c) => c.record.view.created_at).join(', ')}.`,
      };
    });
  }

  /**
   * A failed restore has put the original back and dropped its scratch copies itself, unless a
   * cleanup failed or its swap broke half-way (the tenant without its database): recovery
   * finishes that now. Returns what recovery said, if it had to run.
   */
  private async afterFailure(intent: Intent<RollbackPayload>, d: TenantDbRow): Promise<string> {
    const { fresh, old } = intent.payload;
    // A key space's restore drops its scratch copy itself until the swap starts; from there on
    // recovery finishes (or undoes) the swap and gives the tenant's user its state back.
    if (this.deps.servers.keyspaces(d.connection_id)) {
      if (intent.currentStep !== 'restoring') return ` (${await this.deps.journal.settle(intent)})`;
      intent.done();
      return '';
    }
    const clean = await this.deps.servers
      .with(d.connection_id, undefined, async (admin) => {
        if (!(await databaseExists(admin, d.database))) return false;
        return !(await databaseExists(admin, fresh)) && !(await databaseExists(admin, old));
      })
      .catch(() => false);
    if (clean) {
      intent.done();
      return '';
    }
    return ` (${await this.deps.journal.settle(intent)})`;
  }

  remove(id: string): { message: string } {
    const record: BackupRecord | undefined = this.deps.catalog.get(id);
    if (!record) throw new AppError('NOT_FOUND', `No backup with id ${id}.`);
    if (this.busy.has(record.view.tenant_id)) {
      throw new AppError(
        'CONFLICT',
        `Tenant '${record.view.tenant_id}' is being backed up or restored; try again when it is done.`,
      );
    }
    rmSync(record.view.storage_path, { force: true });
    this.deps.catalog.remove(id);
    return { message: `Backup of ${record.view.database} from ${record.view.created_at} deleted.` };
  }
}
