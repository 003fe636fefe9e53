// Runs in the renderer. Start a deployment: a blueprint version to all its tenants or a chosen
// few, how many at once, a canary group that goes first, and what a failure does to the rest.
import { type FormEvent, useId, useState } from 'react';
import { useStore } from 'zustand';
import type { Input } from '../../../../shared/contract';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Field, NumberField, SelectField } from '../../components/Field';
import { useSelection } from '../../components/use-selection';
import type { TenantsStore } from '../../stores/tenants-store';
import { startDeploymentWords } from './confirm-words';
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
  const { chosen, toggle, choose } = useSelection(() => []);
  const selected = [...chosen];
  const [parallelism, setParallelism] = useState('');
  const [canary, setCanary] = useState('');
  const [policy, setPolicy] = useState<'continue' | 'halt'>('continue');
  const [maxFailures, setMaxFailures] = useState('1');
  const [start, state] = useAction(startDeployment);
  // A rollout changes every targeted tenant's server, so Start asks first with the numbers.
  const [asking, setAsking] = useState<Input<'deployments.create'> | null>(null);

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
    (parallelism === '' || Number(parallelism) >= 1) &&
    !canaryError;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!ready || state.busy) return;
    setAsking({
      blueprint_name: blueprint.name,
      ...(version.trim() ? { version: version.trim() } : {}),
      deploy_all: scope === 'all',
      ...(scope === 'selected' ? { tenant_ids: selected } : {}),
      canary: canaryIds,
      ...(parallelism === '' ? {} : { parallelism: Number(parallelism) }),
      error_policy: policy,
      ...(policy === 'halt' ? { max_failures: Number(maxFailures) } : {}),
    });
  };

  return (
    <form className="tn-form tn-form-narrow" aria-label="New deployment" onSubmit={submit}>
      <SelectField
        id={`${id}-bp`}
        label="Blueprint"
        hint={blueprints.length === 0 ? 'No blueprints yet: deploy a workspace first.' : undefined}
        value={blueprint?.name ?? ''}
        onChange={(value) => {
          setBlueprintName(value);
          choose([]);
        }}
      >
        {blueprints.map((b) => (
          <option key={b.id} value={b.name}>
            {b.name} ({b.database_type})
          </option>
        ))}
      </SelectField>
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
                  checked={chosen.has(t.tenant_id)}
                  onChange={(e) => toggle(t.tenant_id, e.target.checked)}
                />
                {t.tenant_id}
              </label>
            ))}
          </div>
        )}
      </fieldset>
      <NumberField
        id={`${id}-par`}
        label="Parallelism"
        optional
        hint="Tenants migrated at the same time; empty: the workspace's setting."
        min={1}
        max={64}
        value={parallelism}
        onChange={setParallelism}
      />
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
      <SelectField
        id={`${id}-policy`}
        label="On failure"
        value={policy}
        onChange={(value) => setPolicy(value === 'halt' ? 'halt' : 'continue')}
      >
        <option value="continue">Continue with the others</option>
        <option value="halt">Halt after some failures</option>
      </SelectField>
      {policy === 'halt' && (
        <NumberField
          id={`${id}-max`}
          label="Halt after failures"
          min={1}
          value={maxFailures}
          onChange={setMaxFailures}
        />
      )}
      {asking && (
        <ConfirmDialog
          {...startDeploymentWords({
            blueprint: asking.blueprint_name,
            version: asking.version ?? blueprint?.version ?? '',
            tenants: targets.length,
            parallelism: Number(parallelism),
            canary: canaryIds,
            policy,
            maxFailures: Number(maxFailures),
          })}
          confirmLabel="Start deployment"
          tone="primary"
          // The job view below follows the rollout, so the dialog closes at once.
          onConfirm={async () => void start(asking)}
          onClose={() => setAsking(null)}
        />
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
