// Runs in the main process, server and CLI. An isolation move of a tenant whose database is a key
// space (Redis): lock its user on the source (no login, open sessions ended, so no write is lost
// during the copy), make the same user (same password, locked) on the target, copy every key
// with its TTL in batches, checked on the target, switch the tenant's record, unlock the user on
// the target and only then remove the keys and user from the source. Journaled under the same
// 'move' intent as an SQL move; `recoverKeyspaceMove` completes or undoes a cut-short one.
import { AppError } from '../../../../shared/errors';
import type { KeyspaceTenancy } from '../../engines/keyspace-tenancy';
import type { IntentRow, Journal } from '../../journal/journal';
import type { Logger } from '../../logging/logger';
import type { Servers } from '../../tenants/servers';
import type { Tenants } from '../../tenants/service';
import type { TenantDbRow, TenantRepository } from '../../tenants/store/tenant-repo';
import type { MoveProgress } from './service';
import { type MovePayload, movePayload } from './payload';

/** Steps after which the tenant may have a user or keys on the target. */
const TARGET_TOUCHED = ['creating', 'copying'];

export interface KeyspaceMoveDeps {
  tenants: Tenants;
  repo: TenantRepository;
  servers: Servers;
  logger: Logger;
  journal: Journal;
}

export interface KeyspaceMoved {
  blueprint: string;
  database: string;
  from_connection_id: string;
  to_connection_id: string;
  rows: Record<string, number>;
  cleanup_error: string | null;
}

const text = (err: unknown) => (err instanceof Error ? err.message : String(err));

export async function moveKeyspace(
  deps: KeyspaceMoveDeps,
  ks: KeyspaceTenancy,
  d: TenantDbRow,
  targetId: string,
  level: 1 | 2,
  suspended: boolean,
  progress: MoveProgress,
): Promise<KeyspaceMoved> {
  const { servers } = deps;
  const source = servers.anyConnection(d.connection_id);
  const target = servers.anyConnection(targetId);
  const from = await servers.engineParams(d.connection_id);
  const to = await servers.engineParams(targetId);
  const { password } = await deps.tenants.tenants.reveal(d.tenant_id, d.blueprint);
  const intent = await deps.journal.begin<MovePayload>(
    'move',
    d.database,
    'locking',
    movePayload(d, targetId, { file: '', suspended }),
  );
  let created = false;
  let locked = false;
  let keys: number;
  let step = "locking the tenant's user on the source";
  progress('locking');
  try {
    await ks.lock(from, d.role);
    locked = true;
    step = "making the tenant's user on the target";
    if (await ks.tenantExists(to, d.database, d.role)) {
      throw new AppError(
        'CONFLICT',
        `'${target.name}' already holds keys, the versions record or the user of ${d.database}; Benchphant will not overwrite them.`,
      );
    }
    created = true;
    intent.step('creating');
    progress('creating');
    await ks.createTenant(to, d.database, d.role, password);
    await ks.lock(to, d.role);
    step = 'copying the keys';
    intent.step('copying');
    progress('copying', 0);
    const copied = await ks.copyTenant(from, to, d.database, (n) => progress('copying', n));
    keys = copied.keys;
  } catch (err) {
    let cleaned = true;
    const undo = (what: string, p: Promise<unknown>) =>
      p.catch((e: unknown) => {
        cleaned = false;
        deps.logger.error(`${what} failed`, e);
      });
    if (created)
      await undo(
        `cleanup of ${d.database} on '${target.name}'`,
        ks.dropTenant(to, d.database, d.role),
      );
    if (locked && !suspended)
      await undo(`unlocking ${d.role} on '${source.name}'`, ks.unlock(from, d.role));
    if (cleaned) intent.done();
    else intent.close();
    throw new AppError(
      err instanceof AppError ? err.code : 'INTERNAL',
      `Moving ${d.database} to '${target.name}' failed while ${step}: ${text(err)}. The tenant stays on '${source.name}' with its keys untouched${suspended ? '' : ' and its user unlocked'}.`,
    );
  }
  // The switch and its record are one store transaction: from here on recovery completes.
  intent.step('switched', {}, () =>
    deps.repo.setPlacement(d.tenant_id, d.blueprint, targetId, level),
  );
  progress('switched', keys);
  deps.logger.info(
    `tenant ${d.tenant_id}: moved ${d.database} (${keys} keys) from '${source.name}' to '${target.name}'`,
  );
  let cleanup: string | null = null;
  try {
    if (!suspended) await ks.unlock(to, d.role);
    await ks.dropTenant(from, d.database, d.role);
    intent.done();
  } catch (e) {
    intent.close();
    cleanup = `Finishing on '${source.name}' and '${target.name}' failed (${text(e)}); Benchphant finishes it at its next start or before the next operation on this tenant.`;
    deps.logger.warn(`tenant ${d.tenant_id}: ${cleanup}`);
  }
  return {
    blueprint: d.blueprint,
    database: d.database,
    from_connection_id: d.connection_id,
    to_connection_id: targetId,
    rows: { keys },
    cleanup_error: cleanup,
  };
}

/**
 * A key-space move cut short: after the switch, the user is unlocked on the target (unless the
 * tenant is suspended) and the source's keys and user go; before it, whatever reached the target
 * goes and the user is unlocked on the source again.
 */
export async function recoverKeyspaceMove(
  ks: KeyspaceTenancy,
  servers: Servers,
  repo: TenantRepository,
  intent: IntentRow,
): Promise<string> {
  const p = intent.payload as MovePayload;
  const name = (id: string) => `'${servers.anyConnection(id).name}'`;
  const from = await servers.engineParams(p.source);
  const to = await servers.engineParams(p.target);
  const placed = repo.databases(p.tenant_id).find((x) => x.blueprint === p.blueprint);
  if (placed?.connection_id === p.target) {
    if (!p.suspended) await ks.unlock(to, p.role);
    await ks.dropTenant(from, p.database, p.role);
    return `the move of ${p.database} to ${name(p.target)} had switched the tenant over; its user there is ${p.suspended ? 'still suspended' : 'unlocked'} and the old keys on ${name(p.source)} are removed.`;
  }
  const dropped = TARGET_TOUCHED.includes(intent.step);
  if (dropped) await ks.dropTenant(to, p.database, p.role);
  if (!p.suspended) await ks.unlock(from, p.role);
  return `the move of ${p.database} to ${name(p.target)} stopped while ${intent.step}; ${dropped ? 'removed the unfinished copy there, ' : ''}the tenant stays on ${name(p.source)}${p.suspended ? '' : ' with its user unlocked'}.`;
}
