// Runs in the renderer. The Tenants screen: workspaces where a schema takes shape, the blueprints
// they deploy, the tenants provisioned from them, deployments to those tenants and queries across
// them, one tab each. The store comes from the screen registry's wiring.
import { type KeyboardEvent, useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { ScreenHeader } from '../../app/ScreenHeader';
import type { TenantsStore } from '../../stores/tenants-store';
import { AdminTab } from './AdminTab';
import { BlueprintsTab } from './BlueprintsTab';
import { DeploymentsTab } from './DeploymentsTab';
import { TenantsTab } from './TenantsTab';
import { WorkspacesTab } from './WorkspacesTab';
import './tenants.css';

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

  // Arrow keys move between tabs, as the ARIA tabs pattern expects.
  const onTabKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const i = TABS.findIndex((t) => t.id === tab);
    const next = TABS[(i + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length];
    if (!next) return;
    setTab(next.id);
    document.getElementById(`tn-tab-${next.id}`)?.focus();
  };

  return (
    <>
      <ScreenHeader
        title="Tenants"
        subtitle="Shape a schema in a workspace, deploy it as a versioned blueprint, and give every customer a database of their own."
      />
      {error && (
        <div className="notice notice-error" role="alert">
          <span>{error}</span>
          <button type="button" className="btn btn-sm" onClick={() => void load()}>
            Try again
          </button>
        </div>
      )}
      <div className="tn-tabs" role="tablist" aria-label="Tenants views" onKeyDown={onTabKey}>
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`tn-tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls="tn-panel"
            tabIndex={tab === t.id ? 0 : -1}
            className={`tn-tab ${tab === t.id ? 'is-active' : ''}`}
            onClick={() => setTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
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
