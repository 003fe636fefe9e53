// Runs in the renderer. The Run plan form: a base (a finished run's settings, or a saved profile on
// a connection), the kind of plan and its values, and a typed confirmation for production.
import { type FormEvent, useEffect, useId, useState } from 'react';
import { useStore } from 'zustand';
import { ACTIVE_STATUSES } from '../../../../shared/contract/benchmarks';
import { useBenchmarksStore, useConnections, useProfiles } from '../../app/stores-context';
import { Field, NumberField, SelectField } from '../../components/Field';
import { count, countOf, duration } from '../../components/figure-format';
import type { PlansStore, RunConfig } from '../../stores/plans-store';
import { ProductionConfirmField } from '../benchmarks/ProductionConfirmField';
import { shortTime, statusLabel, workloadLabel, WORKLOADS } from '../benchmarks/workload-defaults';
import { buildPlanInput, DEFAULT_FIELDS, type PlanFields } from './plan-form';

const KIND_HINTS: Record<PlanFields['kind'], string> = {
  repeat: 'The same run k times: mean and 95% confidence interval of each figure.',
  sweep: 'One run per value of one setting: the scalability and latency-vs-throughput curves.',
  capacity:
    'Open-loop runs at rising rates until the latency objective breaks: the highest rate that met it.',
};

function useBase(store: PlansStore, source: 'run' | 'profile', runId: string) {
  const runConfig = useStore(store, (s) => s.runConfig);
  const [fromRun, setFromRun] = useState<{ id: string; config: RunConfig | null } | null>(null);
  useEffect(() => {
    if (source !== 'run' || !runId) return;
    let current = true;
    void runConfig(runId).then((config) => current && setFromRun({ id: runId, config }));
    return () => {
      current = false;
    };
  }, [source, runId, runConfig]);
  return fromRun?.id === runId ? fromRun.config : null;
}

export function PlanForm({ store }: { store: PlansStore }) {
  const id = useId();
  const start = useStore(store, (s) => s.start);
  const starting = useStore(store, (s) => s.starting);
  const startError = useStore(store, (s) => s.startError);
  const planRunning = useStore(store, (s) => s.plans.some((p) => p.status === 'running'));
  const runs = useStore(useBenchmarksStore(), (s) => s.runs);
  const profiles = useProfiles((s) => s.profiles);
  const connections = useConnections((s) => s.items);
  const finished = runs.filter((r) => r.status === 'completed');
  const runActive = runs.some((r) => ACTIVE_STATUSES.includes(r.status));

  const [source, setSource] = useState<'run' | 'profile'>('run');
  const [runId, setRunId] = useState('');
  const [profileId, setProfileId] = useState('');
  const [connectionId, setConnectionId] = useState('');
  const [fields, setFields] = useState<PlanFields>(DEFAULT_FIELDS);
  const [formError, setFormError] = useState<string | null>(null);
  const [confirmName, setConfirmName] = useState('');
  const set = (patch: Partial<PlanFields>) => setFields((f) => ({ ...f, ...patch }));

  // The newest finished run is offered first; once shown it stays the choice while new runs arrive.
  const newest = finished[0]?.id;
  if (!runId && newest) setRunId(newest);
  const chosenRun = runId || newest || '';
  const runBase = useBase(store, source, chosenRun);
  const profile = profiles.find((p) => p.id === (profileId || profiles[0]?.id));
  const profileConnection = connectionId || connections[0]?.id;
  const base: RunConfig | null =
    source === 'run'
      ? runBase
      : profile && profileConnection
        ? { ...profile.config, connection_id: profileConnection }
        : null;
  const connection = connections.find((c) => c.id === base?.connection_id);
  const production = connection?.environment === 'production';
  const confirmed = !production || confirmName === connection?.name;
  const busy = planRunning || runActive;
  const workload = WORKLOADS.find((w) => w.type === base?.type);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!base || !confirmed || busy) return;
    const built = buildPlanInput({ ...base, allow_production: production && confirmed }, fields);
    if ('error' in built) return setFormError(built.error);
    setFormError(null);
    void start(built.input);
  };

  return (
    <form className="bench-form" onSubmit={submit} aria-label="Run plan" data-testid="plan-form">
      <fieldset className="span-2 plan-choice">
        <legend className="field-label">Base</legend>
        <label>
          <input
            type="radio"
            name={`${id}-source`}
            checked={source === 'run'}
            onChange={() => setSource('run')}
          />{' '}
          A finished run
        </label>
        <label>
          <input
            type="radio"
            name={`${id}-source`}
            checked={source === 'profile'}
            onChange={() => setSource('profile')}
          />{' '}
          A saved profile
        </label>
      </fieldset>
      {source === 'run' ? (
        <SelectField
          id={`${id}-run`}
          label="Finished run"
          className="span-2"
          hint={finished.length === 0 ? 'No completed run yet: start one above.' : undefined}
          value={chosenRun}
          onChange={setRunId}
        >
          {finished.map((r) => (
            <option key={r.id} value={r.id}>
              {workloadLabel(r.type)}, {countOf(r.threads, 'client')}, {duration(r.duration)},{' '}
              {statusLabel(r.status)}, {shortTime(r.start_time)}
            </option>
          ))}
        </SelectField>
      ) : (
        <>
          <SelectField
            id={`${id}-profile`}
            label="Profile"
            hint={
              profiles.length === 0 ? 'No profile yet: save one from the New run form.' : undefined
            }
            value={profile?.id ?? ''}
            onChange={setProfileId}
          >
            {profiles.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </SelectField>
          <SelectField
            id={`${id}-conn`}
            label="Connection"
            value={profileConnection ?? ''}
            onChange={(value) => {
              setConnectionId(value);
              setConfirmName('');
            }}
          >
            {connections.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name} ({c.environment})
              </option>
            ))}
          </SelectField>
        </>
      )}
      {base && (
        <p className="span-2 field-hint" data-testid="plan-base">
          {workloadLabel(base.type)} · {countOf(base.threads, 'client')} · {duration(base.duration)}
          {base.rate !== undefined ? ` · ${count(base.rate)}/s` : ''}
          {connection ? ` · on ${connection.name}` : ''}
        </p>
      )}
      <SelectField
        id={`${id}-kind`}
        label="Plan"
        className="span-2"
        hint={KIND_HINTS[fields.kind]}
        value={fields.kind}
        onChange={(kind) => set({ kind: kind as PlanFields['kind'] })}
      >
        <option value="repeat">Repeat</option>
        <option value="sweep">Sweep a setting</option>
        <option value="capacity">Find the capacity</option>
      </SelectField>
      <NumberField
        id={`${id}-duration`}
        label="Duration of each run (s)"
        optional
        hint="Empty: the base's."
        min={1}
        placeholder={base ? String(base.duration) : ''}
        value={fields.duration}
        onChange={(duration) => set({ duration })}
      />
      {fields.kind === 'repeat' && (
        <NumberField
          id={`${id}-repeat`}
          label="Repetitions"
          min={2}
          value={fields.repeat}
          onChange={(repeat) => set({ repeat })}
        />
      )}
      {fields.kind === 'sweep' && (
        <>
          <NumberField
            id={`${id}-per`}
            label="Runs per value"
            min={1}
            value={fields.perValue}
            onChange={(perValue) => set({ perValue })}
          />
          <SelectField
            id={`${id}-param`}
            label="Setting"
            value={fields.sweepParameter}
            onChange={(sweepParameter) => set({ sweepParameter })}
          >
            <option value="threads">Clients</option>
            <option value="rate">Rate (transactions/s)</option>
            <option value="pipeline">Pipeline depth</option>
            {workload?.params.map((p) => (
              <option key={p.key} value={p.key}>
                {p.label} ({p.key})
              </option>
            ))}
          </SelectField>
          <Field id={`${id}-values`} label="Values" hint="Comma-separated, e.g. 1, 2, 4, 8.">
            {(a) => (
              <input
                {...a}
                className="input"
                value={fields.sweepValues}
                onChange={(e) => set({ sweepValues: e.target.value })}
              />
            )}
          </Field>
        </>
      )}
      {fields.kind === 'capacity' && (
        <>
          <SelectField
            id={`${id}-metric`}
            label="Objective percentile"
            value={fields.metric}
            onChange={(metric) => set({ metric: metric as PlanFields['metric'] })}
          >
            <option value="p50">p50</option>
            <option value="p95">p95</option>
            <option value="p99">p99</option>
          </SelectField>
          <NumberField
            id={`${id}-maxms`}
            label="At most (ms)"
            min={0}
            step="any"
            value={fields.maxMs}
            onChange={(maxMs) => set({ maxMs })}
          />
          <NumberField
            id={`${id}-start`}
            label="Start rate (/s)"
            min={1}
            value={fields.startRate}
            onChange={(startRate) => set({ startRate })}
          />
          <NumberField
            id={`${id}-max`}
            label="Max rate (/s)"
            min={1}
            value={fields.maxRate}
            onChange={(maxRate) => set({ maxRate })}
          />
          <NumberField
            id={`${id}-refine`}
            label="Refine to within (%)"
            hint="After a step breaks, halve the gap to the last good rate until it is this close. Empty: steps only."
            min={0.5}
            value={fields.refine}
            onChange={(refine) => set({ refine })}
          />
          <SelectField
            id={`${id}-mode`}
            label="Each step"
            value={fields.stepMode}
            onChange={(stepMode) => set({ stepMode: stepMode as PlanFields['stepMode'] })}
          >
            <option value="factor">multiplies the rate by</option>
            <option value="increment">adds to the rate</option>
          </SelectField>
          <NumberField
            id={`${id}-step`}
            label={fields.stepMode === 'factor' ? 'Factor' : 'Increment (/s)'}
            min={0}
            step="any"
            value={fields.step}
            onChange={(step) => set({ step })}
          />
        </>
      )}
      {production && connection && (
        <ProductionConfirmField
          id={`${id}-confirm`}
          connectionName={connection.name}
          hint="This is a production connection: every run of the plan creates, fills and writes tables there."
          value={confirmName}
          onChange={setConfirmName}
        />
      )}
      {(formError ?? startError) && (
        <p className="span-2 notice notice-error" role="alert">
          {formError ?? startError}
        </p>
      )}
      <div className="span-2 bench-form-actions">
        <button
          type="submit"
          className="btn btn-primary"
          disabled={!base || !confirmed || starting || busy}
          aria-describedby={busy ? `${id}-busy` : undefined}
        >
          {starting ? 'Starting…' : 'Start plan'}
        </button>
        {busy && (
          <span id={`${id}-busy`} className="field-hint">
            A run or plan is in progress: wait for it or stop it.
          </span>
        )}
      </div>
    </form>
  );
}
