// Runs in the renderer. The New task form: type, connection, the schedule with presets and its
// next runs in words, the parameters of the type (profile and thresholds, tenants and how many
// backups to keep, statements reported), and an optional webhook. Errors sit next to their field.
import { type FormEvent, useEffect, useId, useState } from 'react';
import type { TaskType } from '../../../../shared/contract/scheduler';
import { errorMessage } from '../../api/api-error';
import { useConnections, useProfiles, useSchedulerStore } from '../../app/stores-context';
import { Dialog } from '../../components/Dialog';
import { localZone } from '../../components/figure-format';
import { Field, NumberField, SelectField } from '../../components/Field';
import { ConnectionSelectField } from '../connections/ConnectionSelectField';
import { useStore } from 'zustand';
import type { SchedulePreview } from '../../stores/scheduler-store';
import { formatWhen, TASK_TYPE_LABELS } from './schedule-format';

const PRESETS = [
  { label: 'Every night at 02:00', cron: '0 2 * * *' },
  { label: 'Weekdays at 07:00', cron: '0 7 * * 1-5' },
  { label: 'Every hour', cron: '0 * * * *' },
  { label: 'Every 15 minutes', cron: '*/15 * * * *' },
  { label: 'Sundays at 03:00', cron: '0 3 * * 0' },
];

type Errors = Partial<Record<'name' | 'cron' | 'profile' | 'tenants' | 'form', string>>;

export function TaskFormDialog({ onClose }: { onClose: () => void }) {
  const id = useId();
  const store = useSchedulerStore();
  const create = useStore(store, (s) => s.create);
  const preview = useStore(store, (s) => s.preview);
  const connections = useConnections((s) => s.items);
  const profiles = useProfiles((s) => s.profiles);
  const loadProfiles = useProfiles((s) => s.load);
  useEffect(() => void loadProfiles(), [loadProfiles]);

  const [name, setName] = useState('');
  const [type, setType] = useState<TaskType>('benchmark');
  const [connectionId, setConnectionId] = useState('');
  const [cron, setCron] = useState('0 2 * * *');
  const [timezone, setTimezone] = useState(localZone());
  const [profile, setProfile] = useState('');
  const [failOn, setFailOn] = useState('p99>+10%,qps<-5%');
  const [blueprint, setBlueprint] = useState('');
  const [tenants, setTenants] = useState('');
  const [keep, setKeep] = useState('7');
  const [slower, setSlower] = useState('50');
  const [webhook, setWebhook] = useState('');
  const [catchUp, setCatchUp] = useState('12');
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const [schedule, setSchedule] = useState<SchedulePreview | null>(null);

  // The schedule in words and its next runs, as typed; a bad expression shows why, by its field.
  useEffect(() => {
    let live = true;
    const t = setTimeout(() => {
      preview(cron, timezone).then(
        (p) => {
          if (!live) return;
          setSchedule(p);
          setErrors((e) => ({ ...e, cron: undefined }));
        },
        (err: unknown) => {
          if (!live) return;
          setSchedule(null);
          setErrors((e) => ({ ...e, cron: errorMessage(err) }));
        },
      );
    }, 250);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [cron, timezone, preview]);

  const connection = connectionId || connections[0]?.id || '';
  const list = (v: string) =>
    v
      .split(/[,\s]+/)
      .map((x) => x.trim())
      .filter(Boolean);

  const params = (): Record<string, unknown> => {
    switch (type) {
      case 'benchmark':
        return { profile, fail_on: failOn };
      case 'backup':
        return {
          ...(blueprint.trim() ? { blueprint: blueprint.trim() } : {}),
          ...(tenants.trim() ? { tenant_ids: list(tenants) } : {}),
          keep: Number(keep),
        };
      case 'log_analysis':
        return { slower_percent: Number(slower) };
      case 'connection_check':
        return {};
    }
  };

  const check = (): Errors => {
    const e: Errors = {};
    if (!name.trim()) e.name = 'Give the task a name.';
    if (type === 'benchmark' && !profile)
      e.profile = 'Choose the saved profile to run (save one from the New run form).';
    if (type === 'backup' && !blueprint.trim() && !tenants.trim())
      e.tenants = 'Name a blueprint or at least one tenant.';
    if (errors.cron) e.cron = errors.cron;
    return e;
  };

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    const found = check();
    setErrors(found);
    if (Object.values(found).some(Boolean)) {
      document.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    setBusy(true);
    try {
      await create({
        name: name.trim(),
        task_type: type,
        connection_id: connection,
        cron_schedule: cron,
        timezone,
        params: params(),
        webhook_url: webhook.trim() || null,
        catch_up_hours: Number(catchUp),
      });
      onClose();
    } catch (err) {
      setErrors({ form: errorMessage(err) });
      setBusy(false);
    }
  };

  return (
    <Dialog title="New scheduled task" onClose={onClose} size="lg">
      <form onSubmit={(e) => void submit(e)} noValidate aria-label="New scheduled task">
        <div className="dialog-body sched-form">
          <Field id={`${id}-name`} label="Name" error={errors.name} className="span-2">
            {(a) => (
              <input
                {...a}
                className="input"
                value={name}
                onChange={(e) => setName(e.target.value)}
                placeholder="Nightly benchmark on staging"
                data-autofocus
              />
            )}
          </Field>
          <SelectField
            id={`${id}-type`}
            label="What it does"
            value={type}
            onChange={(v) => setType(v as TaskType)}
          >
            {Object.entries(TASK_TYPE_LABELS).map(([t, label]) => (
              <option key={t} value={t}>
                {label}
              </option>
            ))}
          </SelectField>
          <ConnectionSelectField
            id={`${id}-connection`}
            connections={connections}
            value={connection}
            onChange={setConnectionId}
          />

          <fieldset className="sched-fieldset span-2">
            <legend>When</legend>
            <div className="sched-presets" role="group" aria-label="Common schedules">
              {PRESETS.map((p) => (
                <button
                  key={p.cron}
                  type="button"
                  className="btn btn-sm"
                  aria-pressed={cron === p.cron}
                  onClick={() => setCron(p.cron)}
                >
                  {p.label}
                </button>
              ))}
            </div>
            <Field
              id={`${id}-cron`}
              label="Cron schedule"
              error={errors.cron}
              hint={
                schedule
                  ? `${schedule.text[0]?.toUpperCase() ?? ''}${schedule.text.slice(1)}; next: ${schedule.next.map((n) => formatWhen(n, timezone)).join(', ')}`
                  : 'minute hour day-of-month month day-of-week, e.g. 0 2 * * *'
              }
            >
              {(a) => (
                <input
                  {...a}
                  className="input mono"
                  value={cron}
                  onChange={(e) => setCron(e.target.value)}
                />
              )}
            </Field>
            <Field
              id={`${id}-tz`}
              label="Time zone"
              hint="The schedule follows this zone, daylight saving included."
            >
              {(a) => (
                <input
                  {...a}
                  className="input"
                  value={timezone}
                  onChange={(e) => setTimezone(e.target.value)}
                  list={`${id}-zones`}
                />
              )}
            </Field>
            <NumberField
              id={`${id}-catchup`}
              label="Catch up a missed run within (hours)"
              min={0}
              max={168}
              value={catchUp}
              onChange={setCatchUp}
              className="span-2"
              hint="Missed while Benchphant was closed: run once at start if at most this late, else record it as skipped. 0: never."
            />
            <datalist id={`${id}-zones`}>
              {[
                ...new Set([
                  localZone(),
                  'UTC',
                  'Europe/London',
                  'Europe/Berlin',
                  'America/New_York',
                  'America/Los_Angeles',
                  'Asia/Tokyo',
                ]),
              ].map((z) => (
                <option key={z} value={z} />
              ))}
            </datalist>
          </fieldset>

          {type === 'benchmark' && (
            <>
              <SelectField
                id={`${id}-profile`}
                label="Saved profile"
                error={errors.profile}
                value={profile}
                onChange={setProfile}
                hint={
                  profiles.length === 0
                    ? 'No profile yet: save one from the New run form.'
                    : undefined
                }
              >
                <option value="">Choose a profile…</option>
                {profiles.map((p) => (
                  <option key={p.id} value={p.name}>
                    {p.name}
                  </option>
                ))}
              </SelectField>
              <Field
                id={`${id}-failon`}
                label="Regressed when"
                hint='Compared with the previous good run, e.g. "p99>+10%,qps<-5%" (p99 up more than 10 % or QPS down more than 5 %).'
              >
                {(a) => (
                  <input
                    {...a}
                    className="input mono"
                    value={failOn}
                    onChange={(e) => setFailOn(e.target.value)}
                  />
                )}
              </Field>
            </>
          )}
          {type === 'backup' && (
            <>
              <Field
                id={`${id}-bp`}
                label="Every tenant of blueprint"
                optional
                error={errors.tenants}
              >
                {(a) => (
                  <input
                    {...a}
                    className="input"
                    value={blueprint}
                    onChange={(e) => setBlueprint(e.target.value)}
                  />
                )}
              </Field>
              <Field
                id={`${id}-tenants`}
                label="Or these tenants"
                optional
                hint="Tenant ids, separated by commas."
              >
                {(a) => (
                  <input
                    {...a}
                    className="input"
                    value={tenants}
                    onChange={(e) => setTenants(e.target.value)}
                  />
                )}
              </Field>
              <NumberField
                id={`${id}-keep`}
                label="Backups kept per tenant"
                min={1}
                max={1000}
                value={keep}
                onChange={setKeep}
                hint="Older backups this task made are removed; others are left alone."
              />
            </>
          )}
          {type === 'log_analysis' && (
            <NumberField
              id={`${id}-slower`}
              label="Report statements slower by more than (%)"
              min={1}
              value={slower}
              onChange={setSlower}
              hint="Needs pg_stat_statements (PostgreSQL) or performance_schema (MySQL/MariaDB) on the server."
            />
          )}

          <Field
            id={`${id}-webhook`}
            label="Webhook on failure or regression"
            optional
            className="span-2"
            hint="A JSON summary is POSTed here, with a Slack-compatible text; the URL is kept as a secret."
          >
            {(a) => (
              <input
                {...a}
                className="input"
                type="url"
                value={webhook}
                onChange={(e) => setWebhook(e.target.value)}
                placeholder="https://hooks.example.com/…"
              />
            )}
          </Field>

          {errors.form && (
            <div className="notice notice-error span-2" role="alert">
              {errors.form}
            </div>
          )}
        </div>
        <div className="dialog-foot">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            className="btn btn-primary"
            disabled={busy || connections.length === 0}
          >
            {busy ? 'Creating…' : 'Create task'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
