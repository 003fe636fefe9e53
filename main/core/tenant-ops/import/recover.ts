// Runs in the main process, server and CLI: the journal side of an import into one tenant. Each
// table's copy is one transaction on the tenant database (it empties the table first), so a crash
// leaves every table either as the source gave it or as it was; recovery records where the import
// stopped, on the tenant and the import, and a resume copies the unverified tables again.
import type { Recoverer } from '../../journal/journal';
import type { ImportStore } from './store';

export interface ImportPayload extends Record<string, unknown> {
  import_id: string;
  tenant_id: string;
  /** The table being copied when the intent was last written (null: emptying the tables). */
  table: string | null;
}

export function importRecoverer(store: ImportStore): Recoverer {
  return (intent) => {
    const p = intent.payload as ImportPayload;
    const row = store.get(p.import_id);
    const copied = store
      .tables(p.import_id, p.tenant_id)
      .some((t) => t.table_name === p.table && t.status === 'verified');
    const where = !p.table
      ? 'while emptying its tables'
      : copied
        ? `after copying ${p.table}`
        : `while copying ${p.table}`;
    const what = `the import into tenant ${p.tenant_id} stopped ${where}; the tables verified before are kept, the others are copied again (each copy replaces the table's rows) when the import is resumed.`;
    if (row && row.status !== 'completed') {
      store.setTenant(p.import_id, p.tenant_id, 'interrupted', `recovered: ${what}`);
      if (row.status !== 'running') {
        store.setStatus(
          p.import_id,
          'interrupted',
          `recovered: ${what} Start it again with resume.`,
          false,
        );
      }
    }
    return Promise.resolve(what);
  };
}
