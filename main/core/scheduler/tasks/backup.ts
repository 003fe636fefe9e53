// Runs in the main process, server and CLI. `backup`: backs up one tenant, a list, or every tenant
// of a blueprint with the tenant backup service, then keeps the newest `keep` that this task made.
import { backupTaskParamsSchema } from '../../../../shared/contract/scheduler';
import { errorText, type TaskRunner } from './task-runner';

export interface BackupPorts {
  tenantsOfBlueprint(blueprint: string): string[];
  /** Backs a tenant up; the ids of the backups made (one per database). */
  backup(tenantId: string): Promise<string[]>;
  /** Backups this task made earlier that still exist, newest first, per tenant. */
  madeBefore(taskId: string, tenantId: string): string[];
  remove(backupId: string): void;
}

export const backupRunner = (ports: BackupPorts): TaskRunner => ({
  validate: (params) => void backupTaskParamsSchema.parse(params),
  async run(task) {
    const params = backupTaskParamsSchema.parse(task.params);
    const tenants = [
      ...new Set([
        ...(params.tenant_ids ?? []),
        ...(params.blueprint ? ports.tenantsOfBlueprint(params.blueprint) : []),
      ]),
    ];
    if (tenants.length === 0) {
      return {
        status: 'failed',
        summary: `No tenant to back up: blueprint '${params.blueprint ?? ''}' has no live tenant.`,
        output: { backups: {} },
      };
    }
    const made: Record<string, string[]> = {};
    const failures: string[] = [];
    let removed = 0;
    for (const tenant of tenants) {
      try {
        const before = ports.madeBefore(task.id, tenant);
        const ids = await ports.backup(tenant);
        made[tenant] = ids;
        // Newest first: this run's backups, then the earlier ones; what is past `keep` goes.
        const perRun = Math.max(ids.length, 1);
        for (const old of before.slice(Math.max(0, params.keep - 1) * perRun)) {
          ports.remove(old);
          removed += 1;
        }
      } catch (err) {
        failures.push(`${tenant}: ${errorText(err)}`);
      }
    }
    const ok = Object.keys(made).length;
    const output = { backups: made, removed, failures };
    const kept = `keeping the newest ${params.keep} per tenant${removed ? `, ${removed} older removed` : ''}`;
    if (failures.length > 0) {
      return {
        status: 'failed',
        summary: `Backed up ${ok} of ${tenants.length} tenants; failed: ${failures.join('; ')}`,
        output,
      };
    }
    return { status: 'succeeded', summary: `Backed up ${ok} tenant(s), ${kept}.`, output };
  },
});
