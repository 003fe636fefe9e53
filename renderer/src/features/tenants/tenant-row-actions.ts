// Runs in the renderer (pure). The items of a tenant row's Actions menu: what its status allows,
// each named with the tenant so a screen reader hears which row it acts on.
import type { MenuItem } from '../../components/MenuButton';
import type { TenantRow } from '../../stores/tenants-store';
import type { TenantAction } from './TenantActionDialog';
import { tenantActions } from './tenant-view';

export interface RowHandlers {
  /** An action is running: the ones that change the tenant wait. */
  busy: boolean;
  reveal: (blueprint: string) => void;
  /** Suspend and Delete ask first. */
  ask: (action: TenantAction) => void;
  resume: () => void;
  restore: () => void;
  hardDelete: () => void;
}

export function rowActions(t: TenantRow, h: RowHandlers): MenuItem[] {
  const can = tenantActions(t.status);
  const id = t.tenant_id;
  const items: MenuItem[] = [];
  if (can.reveal)
    for (const d of t.databases)
      items.push({
        key: `reveal-${d.blueprint}`,
        label: t.databases.length > 1 ? `Reveal password (${d.blueprint})` : 'Reveal password',
        ariaLabel: `Reveal password of ${id} (${d.blueprint})`,
        onSelect: () => h.reveal(d.blueprint),
      });
  const change = (key: string, label: string, onSelect: () => void, danger = false) =>
    items.push({ key, label, ariaLabel: `${label} ${id}`, danger, disabled: h.busy, onSelect });
  if (can.suspend) change('suspend', 'Suspend', () => h.ask('suspend'));
  if (can.resume) change('resume', 'Resume', h.resume);
  if (can.restore) change('restore', 'Restore', h.restore);
  if (can.softDelete) change('delete', 'Delete', () => h.ask('delete'), true);
  if (can.hardDelete)
    items.push({
      key: 'hard-delete',
      label: 'Delete for good…',
      ariaLabel: `Delete for good: ${id}`,
      danger: true,
      onSelect: h.hardDelete,
    });
  return items;
}
