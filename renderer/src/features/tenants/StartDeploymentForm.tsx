// Runs in the renderer. Start a deployment: a blueprint version to all its tenants or a chosen
// few, how many at once, a canary group that goes first, and what a failure does to the rest.
import { type FormEvent, useId, useState } from 'react';
import { useStore } from 'zustand';
import { Field } from '../../components/Field';
import type { TenantsStore } from '../../stores/tenants-store';
import { canaryProblem, parseTenantList } from './tenant-view';
import { useAction } from './useAction';

export function StartDeploymentForm({ store }: { store: TenantsStore }) {
  const blueprints = useStore(store, (s) => s.blueprints);
  const tenants = useStore(store, (s) => s.tenants);
  const startDeployment = useStore(store, (s) => s.startDeployment);
  const id = useId();
  const [blueprintName, setBlueprintName] = useState('');
  const [version, setVersion] = useState('');
  const [scope, setScope] = useState<'all' | 'selected'>('all');
  const [selected, setSelected] = useState<string[]>([]);
  const [parallelism, setParallelism] = useState('4');
  const [canary, setCanary] = useState('');
  const [policy, setPolicy] = useState<'continue' | 'halt'>('continue');
  const [maxFailures, setMaxFailures] = useState('1');
  const [start, state] = useAction(startDeployment);

  const blueprint = blueprints.find((b) => b.name === (blueprintName || blueprints[0]?.name));
  const candidates = tenants.filter(
    (t) => t.status !== 'deleted' && t.databases.some((d) => d.blueprint === blueprint?.name),
  );
  const canaryIds = parseTenantList(canary);
  // The canary group comes out of the tenants being deployed to; anything else is a typo.
  const targets = scope === 'all' ? candidates.map((t) => t.tenant_id) : selected;
  const canaryError = canaryProblem(canaryIds, targets) ?? undefined;
  const ready =
    blueprint &&
    (scope === 'all' || selected.length > 0) &&
    Number(parallelism) >= 1 &&
    !canaryError;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!ready || state.busy) return;
    void start({
      blueprint_name: blueprint.name,
      ...(version.trim() ? { version: version.trim() } : {}),
      deploy_all: scope === 'all',
      ...(scope === 'selected' ? { tenant_ids: selected } : {}),
      canary: canaryIds,
      parallelism: Number(parallelism),
      error_policy: policy,
      ...(policy === 'halt' ? { max_failures: Number(maxFailures) } : {}),
    });
  };

  return (
    <form className="tn-form tn-form-narrow" aria-label="New deployment" onSubmit={submit}>
      <Field
        id={`${id}-bp`}
        label="Blueprint"
        hint={blueprints.length === 0 ? 'No blueprints yet: deploy a workspace first.' : undefined}
      >
        {(a) => (
          <select
            {...a}
            className="select"
            value={blueprint?.name ?? ''}
            onChange={(e) => {
              setBlueprintName(e.target.value);
              setSelected([]);
            }}
          >
            {blueprints.map((b) => (
              <option key={b.id} value={b.name}>
                {b.name} ({b.database_type})
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        id={`${id}-version`}
        label="Version"
        optional
        hint={`Empty: the latest, ${blueprint?.version ?? '—'}.`}
      >
        {(a) => (
          <input
            {...a}
            className="input"
            autoComplete="off"
            placeholder={blueprint?.version ?? '1.0'}
            value={version}
            onChange={(e) => setVersion(e.target.value)}
          />
        )}
      </Field>
      <fieldset className="tn-fieldset span-2">
        <legend>Tenants</legend>
        <label className="check">
          <input
            type="radio"
            name={`${id}-scope`}
            checked={scope === 'all'}
            onChange={() => setScope('all')}
          />
          All tenants of the blueprint ({candidates.length})
        </label>
        <label className="check">
          <input
            type="radio"
            name={`${id}-scope`}
            checked={scope === 'selected'}
            onChange={() => setScope('selected')}
          />
          Only these:
        </label>
        {scope === 'selected' && (
          <div className="tn-checks" role="group" aria-label="Tenants to deploy to">
            {candidates.length === 0 && <span className="tn-empty">No tenants use it yet.</span>}
            {candidates.map((t) => (
              <label key={t.tenant_id} className="check mono">
                <input
                  type="checkbox"
                  checked={selected.includes(t.tenant_id)}
                  onChange={(e) =>
                    setSelected(
                      e.target.checked
                        ? [...selected, t.tenant_id]
                        : selected.filter((x) => x !== t.tenant_id),
                    )
                  }
                />
                {t.tenant_id}
              </label>
            ))}
          </div>
        )}
      </fieldset>
      <Field id={`${id}-par`} label="Parallelism" hint="Tenants migrated at the same time.">
        {(a) => (
          <input
            {...a}
            className="input"
            type="number"
            min={1}
            max={64}
            value={parallelism}
            onChange={(e) => setParallelism(e.target.value)}
          />
        )}
      </Field>
      <Field
        id={`${id}-canary`}
        label="Canary group"
        optional
        error={canaryError}
        hint="Tenant ids, comma-separated: they go first, the rest wait until all succeed."
      >
        {(a) => (
          <input
            {...a}
            className="input mono"
            autoComplete="off"
            spellCheck={false}
            value={canary}
            onChange={(e) => setCanary(e.target.value)}
          />
        )}
      </Field>
      <Field id={`${id}-policy`} label="On failure">
        {(a) => (
          <select
            {...a}
            className="select"
            value={policy}
            onChange={(e) => setPolicy(e.target.value === 'halt' ? 'halt' : 'continue')}
          >
            <option value="continue">Continue with the others</option>
            <option value="halt">Halt after some failures</option>
          </select>
        )}
      </Field>
      {policy === 'halt' && (
        <Field id={`${id}-max`} label="Halt after failures">
          {(a) => (
            <input
              {...a}
              className="input"
              type="number"
              min={1}
              value={maxFailures}
              onChange={(e) => setMaxFailures(e.target.value)}
            />
          )}
        </Field>
      )}
      {state.error && (
        <p className="span-2 notice notice-error" role="alert">
          {state.error}
        </p>
      )}
      <div className="span-2 tn-actions">
        <button type="submit" className="btn btn-primary" disabled={!ready || state.busy}>
          {state.busy && <span className="spinner" aria-hidden="true" />}
          Start deployment
        </button>
      </div>
    </form>
  );
}
