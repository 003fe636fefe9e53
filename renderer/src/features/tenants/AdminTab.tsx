// Runs in the renderer. Admin query: one statement on one tenant or on every tenant of a
// blueprint; rows merged with a tenant_id column, each tenant's error listed beside them. Writes
// go through only with "Allow writes" ticked (the core checks it too).
import { type FormEvent, useId, useState } from 'react';
import { useStore } from 'zustand';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { SelectField } from '../../components/Field';
import { ResultsGrid } from '../../components/ResultsGrid';
import type { TenantsStore } from '../../stores/tenants-store';
import { adminChangesPerTenant, adminOutcomeLine, adminWriteWords } from './confirm-words';
import { ENGINE_WORDS } from './engine-words';
import { SqlField } from './SqlField';
import { uiText } from '../../api/error-words';
import { countOf } from '../../components/figure-format';

const tenantCount = (n: number) => `${n} ${n === 1 ? 'tenant' : 'tenants'}`;

export function AdminTab({ store }: { store: TenantsStore }) {
  const blueprints = useStore(store, (s) => s.blueprints);
  const tenants = useStore(store, (s) => s.tenants);
  const runAdminQuery = useStore(store, (s) => s.runAdminQuery);
  const admin = useStore(store, (s) => s.admin);
  const id = useId();
  const [target, setTarget] = useState<'blueprint' | 'tenant'>('blueprint');
  const [blueprintName, setBlueprintName] = useState('');
  const [tenantId, setTenantId] = useState('');
  const [sql, setSql] = useState('');
  const [allowWrites, setAllowWrites] = useState(false);
  const running = admin?.state === 'running';
  const [askingWrites, setAskingWrites] = useState(false);

  const blueprint = blueprints.find((b) => b.name === (blueprintName || blueprints[0]?.name));
  const live = tenants.filter((t) => t.status !== 'deleted');
  const tenant = live.find((t) => t.tenant_id === (tenantId || live[0]?.tenant_id));
  const ready = sql.trim() !== '' && (target === 'blueprint' ? blueprint : tenant) && !running;
  const words =
    ENGINE_WORDS[
      (target === 'blueprint' ? blueprint?.database_type : tenant?.databases[0]?.database_type) ??
        'PostgreSQL'
    ];

  // The tenants a blueprint-wide statement reaches: those the core queries (ready or suspended).
  const reached =
    target === 'tenant'
      ? 1
      : live.filter(
          (t) =>
            t.status !== 'failed' &&
            t.status !== 'provisioning' &&
            t.databases.some((d) => d.blueprint === blueprint?.name),
        ).length;
  const send = () =>
    void runAdminQuery({
      query: sql,
      allow_writes: allowWrites,
      ...(target === 'blueprint'
        ? { blueprint: blueprint?.name, all_tenants: true }
        : { tenant_id: tenant?.tenant_id }),
    });
  const run = () => {
    if (!ready) return;
    // With writes allowed the statement may change every reached tenant: ask first, with the count.
    if (allowWrites) setAskingWrites(true);
    else send();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    run();
  };

  return (
    <div className="tn-stack">
      <section className="tn-card" aria-labelledby="tn-admin-title">
        <h2 id="tn-admin-title">Query across tenants</h2>
        <form className="tn-form tn-console" aria-label="Admin query" onSubmit={submit}>
          <fieldset className="tn-fieldset span-2">
            <legend>Run on</legend>
            <label className="check">
              <input
                type="radio"
                name={`${id}-target`}
                checked={target === 'blueprint'}
                onChange={() => setTarget('blueprint')}
              />
              Every tenant of a blueprint
            </label>
            <label className="check">
              <input
                type="radio"
                name={`${id}-target`}
                checked={target === 'tenant'}
                onChange={() => setTarget('tenant')}
              />
              One tenant
            </label>
          </fieldset>
          {target === 'blueprint' ? (
            <SelectField
              id={`${id}-bp`}
              label="Blueprint"
              className="span-2"
              value={blueprint?.name ?? ''}
              onChange={setBlueprintName}
            >
              {blueprints.map((b) => (
                <option key={b.id} value={b.name}>
                  {b.name} ({tenantCount(b.deployed_to?.length ?? 0)})
                </option>
              ))}
            </SelectField>
          ) : (
            <SelectField
              id={`${id}-tenant`}
              label="Tenant"
              className="span-2"
              value={tenant?.tenant_id ?? ''}
              onChange={setTenantId}
            >
              {live.map((t) => (
                <option key={t.tenant_id} value={t.tenant_id}>
                  {t.tenant_id}
                </option>
              ))}
            </SelectField>
          )}
          <SqlField
            id={`${id}-sql`}
            className="span-2"
            label={words.field}
            hint={words.adminHint}
            value={sql}
            onChange={setSql}
            onRun={run}
          />
          <label className="check span-2">
            <input
              type="checkbox"
              checked={allowWrites}
              onChange={(e) => setAllowWrites(e.target.checked)}
            />
            {words.allowWrites}
          </label>
          <div className="span-2 tn-actions">
            <button type="submit" className="btn btn-primary" disabled={!ready}>
              {running && <span className="spinner" aria-hidden="true" />}
              {running ? 'Running…' : 'Run'}
            </button>
          </div>
        </form>
      </section>
      {askingWrites && (
        <ConfirmDialog
          {...adminWriteWords(
            reached,
            target === 'tenant'
              ? (tenant?.tenant_id ?? '')
              : `every tenant of ${blueprint?.name ?? ''}`,
          )}
          confirmLabel="Run with writes"
          onConfirm={async () => send()}
          onClose={() => setAskingWrites(false)}
        />
      )}
      <div aria-live="polite" data-testid="admin-outcome">
        {admin?.state === 'failed' && (
          <p className="notice notice-error" role="alert">
            {admin.message}
          </p>
        )}
        {admin?.state === 'done' && (
          <section className="tn-card" aria-labelledby="tn-admin-results">
            <h2 id="tn-admin-results">Results</h2>
            <p className="tn-result-line" data-testid="admin-outcome-line">
              {adminOutcomeLine(admin.result)}
            </p>
            {adminChangesPerTenant(admin.result).length > 0 && (
              <ul className="tn-errors" aria-label="Rows changed per tenant">
                {adminChangesPerTenant(admin.result).map((c) => (
                  <li key={c.tenant}>
                    <strong className="mono">{c.tenant}</strong> <span>{c.text}</span>
                  </li>
                ))}
              </ul>
            )}
            {admin.result.truncated && (
              <p className="notice notice-warning" role="status">
                Truncated: only the first {countOf(admin.result.rows.length, 'row')} are shown.
              </p>
            )}
            {admin.result.errors.length > 0 && (
              <ul className="tn-errors" aria-label="Tenant errors">
                {admin.result.errors.map((e) => (
                  <li key={e.tenant_id} className="notice notice-error">
                    <strong className="mono">{e.tenant_id}</strong>
                    <span>{uiText(e.error)}</span>
                  </li>
                ))}
              </ul>
            )}
            {admin.result.columns.length > 1 && (
              <ResultsGrid
                label="Admin query results"
                columns={admin.result.columns}
                rows={admin.result.rows}
              />
            )}
          </section>
        )}
      </div>
    </div>
  );
}
