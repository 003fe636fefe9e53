// Runs in the renderer. A tenant's operations, opened from the tenants table: its metrics, its
// backups (back up, restore, delete) and its query log. Opening it loads the tenant into the
// tenant-ops store; closing it lets go.
import { useEffect } from 'react';
import { useStore } from 'zustand';
import { useTenantOpsStore } from '../../app/stores-context';
import { Dialog } from '../../components/Dialog';
import { BackupsSection } from './BackupsSection';
import { LogsSection } from './LogsSection';
import { MetricCards } from './MetricCards';
import './tenant-ops.css';

export function TenantDetails({ tenantId, onClose }: { tenantId: string; onClose: () => void }) {
  const store = useTenantOpsStore();
  const open = useStore(store, (s) => s.open);
  const close = useStore(store, (s) => s.close);
  const refresh = useStore(store, (s) => s.refresh);
  const error = useStore(store, (s) => s.error);
  useEffect(() => {
    void open(tenantId);
    return close;
  }, [open, close, tenantId]);

  return (
    <Dialog title={`Tenant ${tenantId}`} size="lg" onClose={onClose}>
      <div className="dialog-body to-body">
        {error && (
          <div className="notice notice-error" role="alert">
            <span>{error}</span>
            <button type="button" className="btn btn-sm" onClick={() => void refresh()}>
              Try again
            </button>
          </div>
        )}
        <MetricCards store={store} />
        <BackupsSection store={store} />
        <LogsSection store={store} />
      </div>
    </Dialog>
  );
}
