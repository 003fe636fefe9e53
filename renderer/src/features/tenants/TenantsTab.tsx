// Runs in the renderer. The tenants table: status, blueprint versions, isolation, connection
// strings to copy, and the lifecycle actions the status allows; passwords only on an explicit
// reveal, hidden again with one click.
import { useMemo, useState } from 'react';
import { useStore } from 'zustand';
import { CopyButton } from '../../components/CopyButton';
import type { TenantRow, TenantsStore } from '../../stores/tenants-store';
import { ALL_PROJECTS, ProjectPicker } from '../account/ProjectPicker';
import { ImportWizard } from '../tenant-ops/ImportWizard';
import { TenantDetails } from '../tenant-ops/TenantDetails';
import { CreateTenantDialog } from './CreateTenantDialog';
import { HardDeleteTenantDialog } from './HardDeleteTenantDialog';
import { StatusBadge } from './StatusBadge';
import { type TenantAction, TenantActionDialog } from './TenantActionDialog';
import { blueprintVersions, isolationLabel, tenantActions, tenantTone } from './tenant-view';
import { useAction } from './useAction';
import { uiText } from '../../api/error-words';

type Revealed = { key: string; password: string };

function ConnectionCell({
  tenant,
  canReveal,
  revealed,
  onReveal,
  onHide,
}: {
  tenant: TenantRow;
  canReveal: boolean;
  revealed: Revealed | null;
  onReveal: (blueprint: string) => void;
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
            {revealed?.key === key ? (
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
              </div>
            ) : (
              canReveal && (
                <button
                  type="button"
                  className="btn btn-sm btn-ghost"
                  aria-label={`Reveal password of ${tenant.tenant_id} (${d.blueprint})`}
                  onClick={() => onReveal(d.blueprint)}
                >
                  Reveal password
                </button>
              )
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
                const can = tenantActions(t.status);
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
                      {t.databases.map((d) => (
                        <div key={d.blueprint}>{isolationLabel(d.isolation_level)}</div>
                      ))}
                    </td>
                    <td>
                      <ConnectionCell
                        tenant={t}
                        canReveal={can.reveal}
                        revealed={revealed}
                        onReveal={(bp) => void reveal(id, bp)}
                        onHide={() => setRevealed(null)}
                      />
                    </td>
                    <td>
                      <div className="tn-actions">
                        <button
                          type="button"
                          className="btn btn-sm"
                          aria-label={`Details of ${id}`}
                          onClick={() => setDetails(id)}
                        >
                          Details
                        </button>
                        {can.suspend && (
                          <button
                            type="button"
                            className="btn btn-sm"
                            disabled={actState.busy}
                            aria-label={`Suspend ${id}`}
                            onClick={() => setAsking({ tenant: t, action: 'suspend' })}
                          >
                            Suspend
                          </button>
                        )}
                        {can.resume && (
                          <button
                            type="button"
                            className="btn btn-sm"
                            disabled={actState.busy}
                            aria-label={`Resume ${id}`}
                            onClick={() => void act(() => resumeTenant(id))}
                          >
                            Resume
                          </button>
                        )}
                        {can.restore && (
                          <button
                            type="button"
                            className="btn btn-sm"
                            disabled={actState.busy}
                            aria-label={`Restore ${id}`}
                            onClick={() => void act(() => restoreTenant(id))}
                          >
                            Restore
                          </button>
                        )}
                        {can.softDelete && (
                          <button
                            type="button"
                            className="btn btn-sm btn-ghost btn-danger-text"
                            disabled={actState.busy}
                            aria-label={`Delete ${id}`}
                            onClick={() => setAsking({ tenant: t, action: 'delete' })}
                          >
                            Delete
                          </button>
                        )}
                        {can.hardDelete && (
                          <button
                            type="button"
                            className="btn btn-sm btn-ghost btn-danger-text"
                            aria-label={`Delete for good: ${id}`}
                            onClick={() => setHardDeleting(id)}
                          >
                            Delete for good
                          </button>
                        )}
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
