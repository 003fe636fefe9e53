// Runs in the renderer. A workspace's settings: the connection it lives on (shown, not moved), and
// the defaults its tenants and deployments start from; saved through the store, the API validates.
import { type FormEvent, useId, useState } from 'react';
import { useStore } from 'zustand';
import type { WorkspaceSettings } from '../../../../shared/contract/tenants';
import { Field, NumberField, SelectField } from '../../components/Field';
import type { TenantsStore } from '../../stores/tenants-store';
import { useAction } from './useAction';

export function WorkspaceSettingsForm({
  store,
  settings,
  connectionName,
}: {
  store: TenantsStore;
  settings: WorkspaceSettings;
  connectionName: string;
}) {
  const save = useStore(store, (s) => s.saveWorkspaceSettings);
  const id = useId();
  const [level, setLevel] = useState(String(settings.default_isolation_level));
  const [parallelism, setParallelism] = useState(String(settings.default_parallelism));
  const [slowMs, setSlowMs] = useState(String(settings.slow_query_ms));
  const [gateProfile, setGateProfile] = useState(settings.deploy_gate?.profile ?? '');
  const [gateMax, setGateMax] = useState(String(settings.deploy_gate?.max_regression_pct ?? 10));
  const [run, state] = useAction(save);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (state.busy) return;
    void run({
      default_isolation_level: level === '2' ? 2 : 1,
      default_parallelism: Number(parallelism),
      slow_query_ms: Number(slowMs),
      deploy_gate: gateProfile.trim()
        ? { profile: gateProfile.trim(), metric: 'p95', max_regression_pct: Number(gateMax) }
        : null,
    });
  };

  return (
    <form
      className="tn-form tn-form-narrow"
      aria-label="Workspace settings"
      data-testid="workspace-settings"
      onSubmit={submit}
    >
      <p className="tn-meta">
        Lives on <strong>{connectionName}</strong>; level-1 tenants share that server.
      </p>
      <SelectField
        id={`${id}-level`}
        label="New tenants' isolation level"
        value={level}
        onChange={setLevel}
        hint="Used when a tenant is created without one. Level 2 without a server waits for vm-ready."
      >
        <option value="1">1: shared server</option>
        <option value="2">2: dedicated server</option>
      </SelectField>
      <NumberField
        id={`${id}-par`}
        label="Deployment parallelism"
        value={parallelism}
        onChange={setParallelism}
        min={1}
        max={64}
        hint="Tenants migrated at once when a deployment does not say."
      />
      <NumberField
        id={`${id}-slow`}
        label="Slow query threshold (ms)"
        value={slowMs}
        onChange={setSlowMs}
        min={1}
        max={3_600_000}
        hint="A statement on its tenants' databases this long is logged as slow."
      />
      <Field
        id={`${id}-gate`}
        label="Deploy gate profile"
        optional
        hint="A saved benchmark profile run on the canaries before and after; empty: no gate."
      >
        {(a) => (
          <input
            {...a}
            className="input"
            value={gateProfile}
            onChange={(e) => setGateProfile(e.target.value)}
          />
        )}
      </Field>
      {gateProfile.trim() && (
        <NumberField
          id={`${id}-gate-max`}
          label="Halt beyond p95 regression (%)"
          value={gateMax}
          onChange={setGateMax}
          min={0}
          step="any"
        />
      )}
      <div className="tn-actions">
        <button type="submit" className="btn" disabled={state.busy}>
          {state.busy && <span className="spinner" aria-hidden="true" />}
          Save settings
        </button>
      </div>
      {state.error && (
        <p className="notice notice-error" role="alert">
          {state.error}
        </p>
      )}
      {state.message && (
        <p className="notice" role="status" data-testid="settings-message">
          {state.message}
        </p>
      )}
    </form>
  );
}
