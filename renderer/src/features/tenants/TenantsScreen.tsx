// Runs in the renderer. The Tenants screen: workspaces where a schema takes shape, the blueprints
// they deploy, the tenants provisioned from them, deployments to those tenants and queries across
// them, one tab each. The store comes from the screen registry's wiring.
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { ScreenHeader } from '../../app/ScreenHeader';
import { TabBar } from '../../components/TabBar';
import type { TenantsStore } from '../../stores/tenants-store';
import { AdminTab } from './AdminTab';
import { BlueprintsTab } from './BlueprintsTab';
import { DeploymentsTab } from './DeploymentsTab';
import { TenantsTab } from './TenantsTab';
import { WorkspacesTab } from './WorkspacesTab';
import './tenants.css';
import { RetryNotice } from '../../components/RetryNotice';

const TABS = [
  { id: 'workspaces', label: 'Workspaces' },
  { id: 'blueprints', label: 'Blueprints' },
  { id: 'tenants', label: 'Tenants' },
  { id: 'deployments', label: 'Deployments' },
  { id: 'admin', label: 'Admin query' },
] as const;
type Tab = (typeof TABS)[number]['id'];

export function TenantsScreen({ store }: { store: TenantsStore }) {
  const [tab, setTab] = useState<Tab>('workspaces');
  const load = useStore(store, (s) => s.load);
  const error = useStore(store, (s) => s.error);
  const loadStatus = useStore(store, (s) => s.loadStatus);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <>
      <ScreenHeader
        title="Tenants"
        subtitle="Shape a schema in a workspace, deploy it as a versioned blueprint, and give every customer a database of their own."
      />
      {error && <RetryNotice error={error} onRetry={() => void load()} />}
      <TabBar tabs={TABS} current={tab} onChange={setTab} label="Tenants views" idPrefix="tn" />
      <div id="tn-panel" role="tabpanel" aria-labelledby={`tn-tab-${tab}`}>
        {loadStatus === 'loading' ? (
          <p className="loading" role="status">
            <span className="spinner" aria-hidden="true" /> Loading…
          </p>
        ) : (
          <>
            {tab === 'workspaces' && <WorkspacesTab store={store} />}
            {tab === 'blueprints' && <BlueprintsTab store={store} />}
            {tab === 'tenants' && <TenantsTab store={store} />}
            {tab === 'deployments' && <DeploymentsTab store={store} />}
            {tab === 'admin' && <AdminTab store={store} />}
          </>
        )}
      </div>
    </>
  );
}
