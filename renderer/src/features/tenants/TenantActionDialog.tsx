// Runs in the renderer. Suspend and soft delete of a tenant ask first: the dialog counts what the
// action would end (the tenant's open sessions, read from its servers without changing anything)
// and the databases whose logins it blocks, then runs the action on confirmation.
import { useEffect, useState } from 'react';
import type { TenantImpact } from '../../../../shared/contract/tenants';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import type { TenantRow } from '../../stores/tenants-store';
import { softDeleteWords, suspendWords } from './confirm-words';

export type TenantAction = 'suspend' | 'delete';

export function TenantActionDialog({
  tenant,
  action,
  impactOf,
  run,
  onClose,
}: {
  tenant: TenantRow;
  action: TenantAction;
  impactOf: (id: string) => Promise<TenantImpact>;
  run: () => Promise<void>;
  onClose: () => void;
}) {
  const [impact, setImpact] = useState<TenantImpact | null>(null);
  useEffect(() => {
    let live = true;
    impactOf(tenant.tenant_id).then(
      (answer) => live && setImpact(answer),
      // Unknown counts still let the user decide; the sentence says the number is unknown.
      () =>
        live &&
        setImpact({
          success: true,
          tenant_id: tenant.tenant_id,
          status: tenant.status,
          sessions: null,
          databases: tenant.databases.map((d) => ({
            blueprint: d.blueprint,
            database: d.blueprint,
            sessions: null,
          })),
        }),
    );
    return () => {
      live = false;
    };
  }, [impactOf, tenant]);
  const words = (action === 'suspend' ? suspendWords : softDeleteWords)(tenant.tenant_id, impact);
  return (
    <ConfirmDialog
      {...words}
      confirmLabel={action === 'suspend' ? 'Suspend' : 'Delete'}
      tone={action === 'suspend' ? 'primary' : 'danger'}
      confirmDisabled={impact === null}
      onConfirm={run}
      onClose={onClose}
    />
  );
}
