// Runs in the renderer. Workspaces: the New workspace form and the list on one side, the open
// workspace on the other.
import { useStore } from 'zustand';
import type { TenantsStore } from '../../stores/tenants-store';
import { CreateWorkspaceForm } from './CreateWorkspaceForm';
import { TabLayout } from './TabLayout';
import { shortWhen } from './tenant-view';
import { WorkspaceView } from './WorkspaceView';

function WorkspaceList({ store }: { store: TenantsStore }) {
  const workspaces = useStore(store, (s) => s.workspaces);
  const openId = useStore(store, (s) => s.openWorkspace?.detail.id);
  const open = useStore(store, (s) => s.openWorkspaceById);
  if (workspaces.length === 0) return <p className="tn-empty">No workspaces yet.</p>;
  return (
    <ul className="pick-list tn-list" aria-labelledby="tn-ws-list-title">
      {workspaces.map((w) => (
        <li key={w.id} aria-current={w.id === openId ? 'true' : undefined}>
          <button type="button" className="pick-list-open" onClick={() => void open(w.id)}>
            <span className="pick-list-title">
              <span className="mono">{w.name}</span>
              <span className="tn-badge">{w.version ?? 'not deployed'}</span>
            </span>
            <span className="pick-list-meta">
              {w.database} · {shortWhen(w.created_at)}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}

export function WorkspacesTab({ store }: { store: TenantsStore }) {
  const open = useStore(store, (s) => s.openWorkspace);
  const error = useStore(store, (s) => s.workspaceError);
  return (
    <TabLayout
      side={
        <div className="tn-stack">
          <section className="tn-card" aria-labelledby="tn-ws-new-title">
            <h2 id="tn-ws-new-title">New workspace</h2>
            <CreateWorkspaceForm store={store} />
          </section>
          <section className="tn-card" aria-labelledby="tn-ws-list-title">
            <h2 id="tn-ws-list-title">Workspaces</h2>
            <WorkspaceList store={store} />
          </section>
        </div>
      }
      error={error}
      view={open && <WorkspaceView key={open.detail.id} store={store} open={open} />}
      empty="Create a workspace or open one to see its schema, pending changes and query console."
    />
  );
}
