// Runs in the renderer. The New run form: connection, workload, clients, duration, optional rate,
// the workload's parameters with their defaults shown, a saved-profile picker, and a typed
// confirmation for production.
import { type FormEvent, useEffect, useId, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import {
  ACTIVE_STATUSES,
  DEFAULT_BENCH_SCHEMA,
  type WorkloadType,
} from '../../../../shared/contract/benchmarks';
import { parameterProblem, prepareEstimate } from '../../../../shared/model/benchmark-data';
import type { Profile } from '../../../../shared/contract/profiles';
import { useConnections, useProfiles } from '../../app/stores-context';
import { ConfirmDeleteDialog } from '../../components/ConfirmDeleteDialog';
import { Field, NumberField, SelectField } from '../../components/Field';
import type { SqlConnection } from '../../../../shared/model/connection';
import { ENGINE_INFO } from '../../../../shared/model/engines';
import { ConnectionSelectField } from '../connections/ConnectionSelectField';
import { BENCH_PLACE } from '../connections/labels';
import type { BenchmarksStore } from '../../stores/benchmarks-store';
import type { ProfileSettings } from '../../stores/profiles-store';
import { BenchTablesFields, schemaProblem } from './BenchTablesFields';
import { needsConfirm, PrepareEstimate } from './PrepareEstimate';
import { ProductionConfirmField } from './ProductionConfirmField';
import { SaveProfileDialog } from './SaveProfileDialog';
import { WORKLOADS } from './workload-defaults';

const DEFAULT_SCRIPT =
  '\\set aid random(1, 100000 * :scale)\nSELECT abalance FROM pgbench_accounts WHERE aid = :aid;\n';

export function NewRunForm({ store }: { store: BenchmarksStore }) {
  const allConnections = useConnections((s) => s.items);
  // Runs need an engine with benchmarks; the others are not offered.
  const connections = useMemo(
    () => allConnections.filter((c): c is SqlConnection => ENGINE_INFO[c.type].benchmarks),
    [allConnections],
  );
  const start = useStore(store, (s) => s.start);
  const starting = useStore(store, (s) => s.starting);
  const startError = useStore(store, (s) => s.startError);
  // The engine runs one benchmark at a time; say so before it refuses.
  const busy = useStore(store, (s) => s.runs.some((r) => ACTIVE_STATUSES.includes(r.status)));
  const id = useId();
  const [connectionId, setConnectionId] = useState('');
  const [type, setType] = useState<WorkloadType>('oltp_read_write');
  const [threads, setThreads] = useState('4');
  const [duration, setDuration] = useState('30');
  const [rate, setRate] = useState('');
  const [params, setParams] = useState<Record<string, string>>({});
  const [script, setScript] = useState(DEFAULT_SCRIPT);
  const [confirmName, setConfirmName] = useState('');
  const [schema, setSchema] = useState(DEFAULT_BENCH_SCHEMA);
  const [cleanup, setCleanup] = useState(false);
  const [largeOk, setLargeOk] = useState(false);
  const profiles = useProfiles((s) => s.profiles);
  const loadProfiles = useProfiles((s) => s.load);
  const removeProfile = useProfiles((s) => s.remove);
  const [deletingProfile, setDeletingProfile] = useState<Profile | null>(null);
  const [profileId, setProfileId] = useState('');
  // A profile's settings the form has no field for (protocol, stages, …) ride along unchanged.
  const [extras, setExtras] = useState<Partial<ProfileSettings>>({});
  const [savingProfile, setSavingProfile] = useState(false);
  useEffect(() => void loadProfiles(), [loadProfiles]);

  const connection = connections.find((c) => c.id === (connectionId || connections[0]?.id));
  const workload = WORKLOADS.find((w) => w.type === type)!;
  const production = connection?.environment === 'production';
  const confirmed = !production || confirmName === connection?.name;
  // Bounds checked as typed, in the field's own words; the server checks them again.
  const paramErrors = Object.fromEntries(
    workload.params.flatMap((p) => {
      const raw = params[p.key]?.trim();
      const problem = raw ? parameterProblem(p.key, raw, p.label) : null;
      return problem ? [[p.key, `${problem}.`]] : [];
    }),
  );
  const valid =
    Object.keys(paramErrors).length === 0 &&
    schemaProblem(schema, connection ? BENCH_PLACE[connection.type] : 'schema') === null;

  const selectedProfile = profiles.find((p) => p.id === profileId);

  const applyProfile = (profile: Profile | undefined) => {
    setProfileId(profile?.id ?? '');
    if (!profile) return setExtras({});
    const {
      type: t,
      threads: n,
      duration: d,
      rate: r,
      parameters: ps,
      scripts,
      schema: sc,
      cleanup: cl,
      ...rest
    } = profile.config;
    setSchema(sc);
    setCleanup(cl);
    setType(t);
    setThreads(String(n));
    setDuration(String(d));
    setRate(r === undefined ? '' : String(r));
    setParams(Object.fromEntries(Object.entries(ps).map(([k, v]) => [k, String(v)])));
    if (scripts?.[0]) setScript(scripts[0].sql);
    setExtras(rest);
  };

  const settings = (): ProfileSettings => {
    const parameters: Record<string, number> = {};
    for (const p of workload.params) {
      const raw = params[p.key]?.trim();
      if (raw) parameters[p.key] = Number(raw);
    }
    return {
      ...extras,
      type,
      threads: Number(threads),
      duration: Number(duration),
      parameters,
      schema,
      cleanup,
      ...(rate.trim() ? { rate: Number(rate) } : {}),
      ...(type === 'custom' ? { scripts: [{ name: 'script', sql: script, weight: 1 }] } : {}),
    };
  };

  const estimate = (() => {
    if (!valid) return null;
    try {
      return prepareEstimate(type, settings().parameters ?? {});
    } catch {
      return null;
    }
  })();
  const large = needsConfirm(estimate);
  const ready = connection && confirmed && valid && (!large || largeOk) && !busy;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!connection || !ready) return;
    void start({
      ...settings(),
      connection_id: connection.id,
      allow_production: production && confirmed,
      ...(large ? { confirm_large_prepare: true } : {}),
    });
  };

  return (
    <>
      <form
        className="bench-form"
        onSubmit={submit}
        aria-label="New run"
        data-testid="new-run-form"
      >
        <Field
          id={`${id}-profile`}
          label="Profile"
          className="span-2"
          optional
          hint={
            profiles.length === 0 ? 'Save these settings as a profile to reuse them.' : undefined
          }
        >
          {(a) => (
            <select
              {...a}
              className="select"
              value={profileId}
              onChange={(e) => applyProfile(profiles.find((p) => p.id === e.target.value))}
            >
              <option value="">None: the settings below</option>
              {profiles.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        {selectedProfile && (
          <div className="span-2">
            <button
              type="button"
              className="btn btn-sm btn-ghost btn-danger-text"
              onClick={() => setDeletingProfile(selectedProfile)}
            >
              Delete profile “{selectedProfile.name}”
            </button>
          </div>
        )}
        <ConnectionSelectField
          id={`${id}-conn`}
          connections={connections}
          value={connection?.id ?? ''}
          onChange={(value) => {
            setConnectionId(value);
            setConfirmName('');
          }}
        />
        <SelectField
          id={`${id}-type`}
          label="Workload"
          className="span-2"
          value={type}
          onChange={(value) => setType(value as WorkloadType)}
        >
          {WORKLOADS.map((w) => (
            <option key={w.type} value={w.type}>
              {w.label}
            </option>
          ))}
        </SelectField>
        <NumberField
          id={`${id}-threads`}
          label="Clients"
          min={1}
          value={threads}
          onChange={setThreads}
        />
        <NumberField
          id={`${id}-duration`}
          label="Duration (s)"
          min={1}
          value={duration}
          onChange={setDuration}
        />
        <NumberField
          id={`${id}-rate`}
          label="Rate (transactions/s)"
          optional
          hint="Empty: closed loop, as fast as the clients go."
          min={1}
          value={rate}
          onChange={setRate}
        />
        {workload.params.map((p) => (
          <NumberField
            key={p.key}
            id={`${id}-${p.key}`}
            label={p.label}
            hint={`Default ${p.defaultValue}`}
            placeholder={String(p.defaultValue)}
            error={paramErrors[p.key]}
            value={params[p.key] ?? ''}
            onChange={(value) => {
              setParams({ ...params, [p.key]: value });
              setLargeOk(false);
            }}
          />
        ))}
        <BenchTablesFields
          id={id}
          store={store}
          connection={connection}
          schema={schema}
          onSchema={setSchema}
          cleanup={cleanup}
          onCleanup={setCleanup}
        />
        <PrepareEstimate id={id} estimate={estimate} confirmed={largeOk} onConfirm={setLargeOk} />
        {type === 'custom' && (
          <Field
            id={`${id}-script`}
            label="Script"
            className="span-2"
            hint="pgbench syntax: \set, \sleep, :variables."
          >
            {(a) => (
              <textarea
                {...a}
                className="textarea mono"
                rows={6}
                value={script}
                onChange={(e) => setScript(e.target.value)}
              />
            )}
          </Field>
        )}
        {production && connection && (
          <ProductionConfirmField
            id={`${id}-confirm`}
            connectionName={connection.name}
            hint="This is a production connection: a benchmark creates, fills and writes tables there."
            value={confirmName}
            onChange={setConfirmName}
          />
        )}
        {startError && (
          <p className="span-2 notice notice-error" role="alert">
            {startError}
          </p>
        )}
        <div className="span-2 bench-form-actions">
          <button
            type="submit"
            className="btn btn-primary"
            disabled={!ready || starting}
            aria-describedby={busy ? `${id}-busy` : undefined}
          >
            {starting ? 'Starting…' : 'Start run'}
          </button>
          <button type="button" className="btn" onClick={() => setSavingProfile(true)}>
            Save as profile…
          </button>
          {busy && (
            <span id={`${id}-busy`} className="field-hint">
              A run is in progress: stop it or wait for it to finish.
            </span>
          )}
        </div>
      </form>
      {deletingProfile && (
        <ConfirmDeleteDialog
          title={`Delete the profile “${deletingProfile.name}”?`}
          description="Only the saved settings go; runs made with them stay."
          confirmLabel="Delete profile"
          onConfirm={async () => {
            await removeProfile(deletingProfile.id);
            applyProfile(undefined);
          }}
          onClose={() => setDeletingProfile(null)}
        />
      )}
      {savingProfile && (
        <SaveProfileDialog
          settings={settings()}
          initialName={selectedProfile?.name ?? ''}
          onClose={() => setSavingProfile(false)}
        />
      )}
    </>
  );
}
