// Runs in the renderer (pure). How the tenant operations panel writes its figures.
import type { ImportStatus } from '../../../../shared/contract/tenant-ops';
import type { BackupProgress } from '../../stores/tenant-ops-store';
import { count } from '../../components/figure-format';

/** Sizes read in binary units everywhere: the one formatter's. */
export { bytes, latency } from '../../components/figure-format';

/** "accounts 3, orders 12" in table order, or a dash for an empty database. */
export function rowsSummary(rows: Record<string, number>): string {
  const parts = Object.entries(rows)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([table, n]) => `${table} ${count(n)}`);
  return parts.length ? parts.join(', ') : '—';
}

const STEP_LABELS: Record<BackupProgress['step'], string> = {
  dumping: 'Writing the backup',
  checking: 'Checking the backup',
  restoring: 'Restoring into a fresh database',
  verifying: 'Verifying row counts',
  swapping: 'Swapping the restored database in',
  done: 'Done',
  failed: 'Failed',
};

/** "Restoring into a fresh database (acme_app)" for the progress line. */
export function progressText(p: BackupProgress): string {
  const what = p.operation === 'backup' ? 'Backup' : 'Restore';
  return `${what}: ${STEP_LABELS[p.step]} (${p.database})`;
}

/** Per tenant and table: source rows against target rows, and whether they match. */
export function verificationRows(status: ImportStatus) {
  return status.tenants.flatMap((t) =>
    t.tables.map((table) => ({
      tenant: t.tenant_id,
      table: table.table,
      source: table.source_rows,
      target: table.target_rows,
      ok: table.source_rows !== null && table.source_rows === table.target_rows,
    })),
  );
}
