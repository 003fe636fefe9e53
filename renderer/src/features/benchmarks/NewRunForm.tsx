// Runs in the renderer. The New run form: connection, workload, clients, duration, optional rate,
// warm-up and report interval, the workload's parameters with their defaults shown, a custom
// workload's weighted scripts, a saved-profile picker, and a typed confirmation for production.
// Each field says what is wrong with it next to it; Start moves to the first such field. A
// connection's last run fills the form when the connection is picked.
import { type FormEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { ACTIVE_STATUSES, type WorkloadType } from '../../../../shared/contract/benchmarks';
import { prepareEstimate } from '../../../../shared/model/benchmark-data';
import type { Profile } from '../../../../shared/contract/profiles';
import { useBenchDefaults, useConnections, useProfiles } from '../../app/stores-context';
import { ConfirmDeleteDialog } from '../../components/ConfirmDeleteDialog';
import { Field, NumberField, SelectField } from '../../components/Field';
import type { SqlConnection } from '../../../../shared/model/connection';
import { ENGINE_INFO } from '../../../../shared/model/engines';
import { ConnectionSelectField } from '../connections/ConnectionSelectField';
import { benchPlace } from '../connections/labels';
import type { BenchmarksStore } from '../../stores/benchmarks-store';
import type { ProfileSettings } from '../../stores/profiles-store';
import { BenchTablesFields } from './BenchTablesFields';
import { needsConfirm, PrepareEstimate } from './PrepareEstimate';
import { ProductionConfirmField } from './ProductionConfirmField';
import {
  fieldOrder,
  fromConfig,
  type RunField,
  type RunFormValues,
  runFormDefaults,
  runFormErrors,
  toSettings,
} from './run-form';
import { SaveProfileDialog } from './SaveProfileDialog';
import { ScriptsFields } from './ScriptsFields';
import { WORKLOADS } from './workload-defaults';
import { count } from '../../components/figure-format';

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
  const lastSettings = useStore(store, (s) => s.lastSettings);
  // The engine runs one benchmark at a time; say so before it refuses.
  const busy = useStore(store, (s) => s.runs.some((r) => ACTIVE_STATUSES.includes(r.status)));
  const id = useId();
  const idOf = (field: RunField) => `${id}-${field}`;
  const formRef = useRef<HTMLFormElement>(null);
  const [connectionId, setConnectionId] = useState('');
  const benchDefaults = useBenchDefaults();
  // `edited`: the user changed something since the connection was picked, so its last run's
  // settings, when they arrive, do not overwrite it; `remembered`: they did fill the form.
  const [form, setForm] = useState<{
    values: RunFormValues;
    edited: boolean;
    remembered: boolean;
  }>(() => ({ values: runFormDefaults(benchDefaults), edited: false, remembered: false }));
  const { values } = form;
  // Settings load after the form opens (and may change): an untouched form follows them
  // (adjusted while rendering, as React advises for state derived from a changed input).
  const [defaultsShown, setDefaultsShown] = useState(benchDefaults);
  if (defaultsShown !== benchDefaults) {
    setDefaultsShown(benchDefaults);
    if (!form.edited && !form.remembered)
      setForm({ ...form, values: runFormDefaults(benchDefaults) });
  }
  const [touched, setTouched] = useState<ReadonlySet<RunField>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [confirmName, setConfirmName] = useState('');
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
  const workload = WORKLOADS.find((w) => w.type === values.type)!;
  const production = connection?.environment === 'production';
  const confirmed = !production || confirmName === connection?.name;
  const errors = runFormErrors(values, connection ? benchPlace(connection.type) : 'schema');
  const valid = Object.keys(errors).length === 0;
  const errorOf = (field: RunField) =>
    submitted || touched.has(field) ? errors[field] : undefined;
  const touch = (field: RunField) => setTouched((t) => (t.has(field) ? t : new Set(t).add(field)));

  const change = (patch: Partial<RunFormValues>) =>
    setForm((f) => ({ ...f, values: { ...f.values, ...patch }, edited: true }));

  // Picking a connection brings back its last run's settings, unless the user has typed since.
  const connectionKey = connection?.id;
  useEffect(() => {
    if (!connectionKey) return;
    let current = true;
    void lastSettings(connectionKey)
      .then((config) => {
        if (current && config)
          setForm((f) =>
            f.edited ? f : { values: fromConfig(config).values, edited: false, remembered: true },
          );
      })
      // The memory is a convenience: when it cannot be read, the form keeps what it shows.
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [connectionKey, lastSettings]);

  const selectedProfile = profiles.find((p) => p.id === profileId);

  const applyProfile = (profile: Profile | undefined) => {
    setProfileId(profile?.id ?? '');
    if (!profile) return setExtras({});
    const filled = fromConfig(profile.config);
    setForm({ values: filled.values, edited: true, remembered: false });
    setExtras(filled.extras);
  };

  const settings = (): ProfileSettings => toSettings(values, extras);

  const estimate = (() => {
    if (!valid) return null;
    try {
      return prepareEstimate(values.type, settings().parameters ?? {});
    } catch {
      return null;
    }
  })();
  const large = needsConfirm(estimate);
  const ready = connection && confirmed && (!large || largeOk) && !busy;

  /** Shows every field's problem and moves to the first; false when there is none. */
  const showProblems = (): boolean => {
    setSubmitted(true);
    if (valid) return false;
    const first = fieldOrder(values).find((f) => errors[f]);
    // After the render that shows the errors: to the first one, in the middle of the view.
    requestAnimationFrame(() => {
      const el =
        first && formRef.current?.querySelector<HTMLElement>(`#${CSS.escape(idOf(first))}`);
      el?.focus({ preventScroll: true });
      el?.scrollIntoView({ block: 'center' });
    });
    return true;
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (showProblems() || !connection || !ready) return;
    void start({
      ...settings(),
      connection_id: connection.id,
      allow_production: production && confirmed,
      ...(large ? { confirm_large_prepare: true } : {}),
    });
  };

  const number = (field: 'threads' | 'duration' | 'rate' | 'warmup' | 'reportInterval') => ({
    id: idOf(field),
    value: values[field],
    error: errorOf(field),
    onChange: (value: string) => change({ [field]: value }),
    onBlur: () => touch(field),
  });

  return (
    <>
      <form
        ref={formRef}
        className="bench-form"
        onSubmit={submit}
        noValidate
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
            setLargeOk(false);
            // A chosen profile stays; otherwise the new connection's last run may fill the form.
            setForm((f) => ({ ...f, edited: profileId !== '', remembered: false }));
          }}
        />
        {form.remembered && connection && (
          <p className="span-2 field-hint" role="status" data-testid="remembered-settings">
            Filled in from the last run on {connection.name}.
          </p>
        )}
        <SelectField
          id={`${id}-type`}
          label="Workload"
          className="span-2"
          value={values.type}
          onChange={(value) => change({ type: value as WorkloadType })}
        >
          {WORKLOADS.map((w) => (
            <option key={w.type} value={w.type}>
              {w.label}
            </option>
          ))}
        </SelectField>
        <NumberField label="Clients" min={1} {...number('threads')} />
        <NumberField label="Duration (s)" min={1} {...number('duration')} />
        <NumberField
          label="Rate (transactions/s)"
          className="span-2"
          optional
          hint="Empty: closed loop, as fast as the clients go."
          min={1}
          {...number('rate')}
        />
        <NumberField
          label="Warm-up (s)"
          optional
          hint="Not measured. Empty: 10 % of the duration."
          min={0}
          {...number('warmup')}
        />
        <NumberField
          label="Report interval (s)"
          hint="One point on the charts per interval."
          min={0.1}
          step="any"
          {...number('reportInterval')}
        />
        {workload.params.map((p) => (
          <NumberField
            key={p.key}
            id={idOf(`param-${p.key}`)}
            label={p.label}
            hint={`Default ${count(p.defaultValue)}`}
            placeholder={String(p.defaultValue)}
            error={errorOf(`param-${p.key}`)}
            value={values.params[p.key] ?? ''}
            onBlur={() => touch(`param-${p.key}`)}
            onChange={(value) => {
              change({ params: { ...values.params, [p.key]: value } });
              setLargeOk(false);
            }}
          />
        ))}
        <BenchTablesFields
          schemaId={idOf('schema')}
          store={store}
          connection={connection}
          schema={values.schema}
          schemaError={errorOf('schema')}
          onSchema={(schema) => change({ schema })}
          onSchemaBlur={() => touch('schema')}
          cleanup={values.cleanup}
          onCleanup={(cleanup) => change({ cleanup })}
        />
        <PrepareEstimate id={id} estimate={estimate} confirmed={largeOk} onConfirm={setLargeOk} />
        {values.type === 'custom' && (
          <ScriptsFields
            idOf={idOf}
            scripts={values.scripts}
            onChange={(scripts) => change({ scripts })}
            errorOf={errorOf}
            touch={touch}
          />
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
          <button
            type="button"
            className="btn"
            onClick={() => {
              if (!showProblems()) setSavingProfile(true);
            }}
          >
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
