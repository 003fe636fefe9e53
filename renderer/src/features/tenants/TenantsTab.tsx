// Runs in the renderer. The tenants table: status, blueprint versions, isolation, connection
// strings to copy, one line per tenant with the lifecycle actions the status allows in its Actions
// menu; passwords only on an explicit reveal, hidden again with one click or after 30 s.
import { useEffect, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import { CopyButton } from '../../components/CopyButton';
import { MenuButton } from '../../components/MenuButton';
import type { TenantRow, TenantsStore } from '../../stores/tenants-store';
import { ALL_PROJECTS, ProjectPicker } from '../account/ProjectPicker';
import { ImportWizard } from '../tenant-ops/ImportWizard';
import { TenantDetails } from '../tenant-ops/TenantDetails';
import { CreateTenantDialog } from './CreateTenantDialog';
import { HardDeleteTenantDialog } from './HardDeleteTenantDialog';
import { StatusBadge } from './StatusBadge';
import { type TenantAction, TenantActionDialog } from './TenantActionDialog';
import { rowActions } from './tenant-row-actions';
import { blueprintVersions, isolationLabel, tenantTone } from './tenant-view';
import { useAction } from './useAction';
import { uiText } from '../../api/error-words';

type Revealed = { key: string; password: string };

/** A revealed password stays on screen this long, then hides itself. */
const REVEAL_SECONDS = 30;

function ConnectionCell({
  tenant,
  revealed,
  onHide,
}: {
  tenant: TenantRow;
  revealed: Revealed | null;
  onHide: () => void;
}) {
  return (
    <>
      {tenant.databases.map((d) => {
        const key = `${tenant.tenant_id}/${d.blueprint}`;
        return (
          <div key={d.blueprint}>
            <div className="tn-conn">
              <code title={d.connection.connection_string}>{d.connection.connection_string}</code>
              <CopyButton
                text={d.connection.connection_string}
                label={`Copy the connection string of ${tenant.tenant_id} (${d.blueprint})`}
              />
            </div>
            {revealed?.key === key && (
              <div className="tn-secret tn-actions">
                <span>
                  Password: <span data-testid="revealed-password">{revealed.password}</span>
                </span>
                <CopyButton
                  text={revealed.password}
                  label={`Copy the password of ${tenant.tenant_id}`}
                />
                <button type="button" className="btn btn-sm btn-ghost" onClick={onHide}>
                  Hide
                </button>
                <span className="tn-meta">Hidden again after {REVEAL_SECONDS} s.</span>
              </div>
            )}
          </div>
        );
      })}
    </>
  );
}

export function TenantsTab({ store }: { store: TenantsStore }) {
  const allTenants = useStore(store, (s) => s.tenants);
  const [project, setProject] = useState(ALL_PROJECTS);
  const tenants = useMemo(
    () =>
      project === ALL_PROJECTS ? allTenants : allTenants.filter((t) => t.project_id === project),
    [allTenants, project],
  );
  const blueprints = useStore(store, (s) => s.blueprints);
  const suspendTenant = useStore(store, (st) => st.suspendTenant);
  const resumeTenant = useStore(store, (st) => st.resumeTenant);
  const restoreTenant = useStore(store, (st) => st.restoreTenant);
  const softDeleteTenant = useStore(store, (st) => st.softDeleteTenant);
  const hardDeleteTenant = useStore(store, (st) => st.hardDeleteTenant);
  const revealPassword = useStore(store, (st) => st.revealPassword);
  const tenantImpact = useStore(store, (st) => st.tenantImpact);
  const [asking, setAsking] = useState<{ tenant: TenantRow; action: TenantAction } | null>(null);
  const [creating, setCreating] = useState(false);
  const [hardDeleting, setHardDeleting] = useState<string | null>(null);
  const [details, setDetails] = useState<string | null>(null);
  const [importing, setImporting] = useState(false);
  const [revealed, setRevealed] = useState<Revealed | null>(null);
  const [act, actState] = useAction(async (what: () => Promise<void>) => what());
  const [reveal, revealState] = useAction(async (tenantId: string, blueprint: string) => {
    const answer = await revealPassword(tenantId, blueprint);
    setRevealed({ key: `${tenantId}/${blueprint}`, password: answer.password });
  });
  // A password left on screen hides itself; each reveal starts its own 30 s.
  useEffect(() => {
    if (!revealed) return;
    const timer = setTimeout(() => setRevealed(null), REVEAL_SECONDS * 1000);
    return () => clearTimeout(timer);
  }, [revealed]);

  return (
    <section className="tn-card" aria-labelledby="tn-tenants-title">
      <div className="tn-card-head">
        <div>
          <h2 id="tn-tenants-title">Tenants</h2>
          <p className="tn-meta">
            {tenants.length} {tenants.length === 1 ? 'tenant' : 'tenants'}, each with its own
            database and role.
          </p>
        </div>
        <div className="tn-actions">
          <ProjectPicker value={project} onChange={setProject} />
          <button type="button" className="btn" onClick={() => setImporting(true)}>
            Import from a shared database
          </button>
          <button
            type="button"
            className="btn btn-primary"
            disabled={blueprints.length === 0}
            title={blueprints.length === 0 ? 'Deploy a workspace to a blueprint first.' : undefined}
            onClick={() => setCreating(true)}
          >
            New tenant
          </button>
        </div>
      </div>
      {(actState.error ?? revealState.error) && (
        <p className="notice notice-error" role="alert">
          {actState.error ?? revealState.error}
        </p>
      )}
      {tenants.length === 0 ? (
        <p className="tn-empty">
          {blueprints.length === 0
            ? 'No tenants yet. Deploy a workspace to a blueprint, then create tenants from it.'
            : 'No tenants yet.'}
        </p>
      ) : (
        <div className="tn-table-wrap">
          <table className="tn-table" aria-label="Tenants">
            <thead>
              <tr>
                <th scope="col">Tenant</th>
                <th scope="col">Status</th>
                <th scope="col">Blueprint versions</th>
                <th scope="col">Isolation</th>
                <th scope="col">Connection</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {tenants.map((t) => {
                const id = t.tenant_id;
                return (
                  <tr key={id} data-tenant={id}>
                    <th scope="row" className="mono">
                      {id}
                    </th>
                    <td>
                      <StatusBadge
                        status={t.status}
                        tone={tenantTone(t.status)}
                        testId="tenant-status"
                      />
                      {t.message && <div className="field-error">{uiText(t.message)}</div>}
                    </td>
                    <td className="mono">{blueprintVersions(t)}</td>
                    <td>
                      {[...new Set(t.databases.map((d) => isolationLabel(d.isolation_level)))].join(
                        ', ',
                      )}
                    </td>
                    <td>
                      <ConnectionCell
                        tenant={t}
                        revealed={revealed}
                        onHide={() => setRevealed(null)}
                      />
                    </td>
                    <td>
                      <div className="tn-actions tn-row-actions">
                        <button
                          type="button"
                          className="btn btn-sm"
                          aria-label={`Details of ${id}`}
                          onClick={() => setDetails(id)}
                        >
                          Details
                        </button>
                        <MenuButton
                          label="Actions"
                          ariaLabel={`Actions for ${id}`}
                          items={rowActions(t, {
                            busy: actState.busy,
                            reveal: (bp) => void reveal(id, bp),
                            ask: (action) => setAsking({ tenant: t, action }),
                            resume: () => void act(() => resumeTenant(id)),
                            restore: () => void act(() => restoreTenant(id)),
                            hardDelete: () => setHardDeleting(id),
                          })}
                        />
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {importing && <ImportWizard onClose={() => setImporting(false)} />}
      {details && <TenantDetails tenantId={details} onClose={() => setDetails(null)} />}
      {creating && <CreateTenantDialog store={store} onClose={() => setCreating(false)} />}
      {asking && (
        <TenantActionDialog
          tenant={asking.tenant}
          action={asking.action}
          impactOf={tenantImpact}
          run={() =>
            (asking.action === 'suspend' ? suspendTenant : softDeleteTenant)(
              asking.tenant.tenant_id,
            )
          }
          onClose={() => setAsking(null)}
        />
      )}
      {hardDeleting && (
        <HardDeleteTenantDialog
          tenantId={hardDeleting}
          remove={(confirm) => hardDeleteTenant(hardDeleting, confirm)}
          onClose={() => setHardDeleting(null)}
        />
      )}
    </section>
  );
}
