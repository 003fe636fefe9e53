// Runs in the renderer. Create or edit a connection: fields checked by the shared schemas as the
// user types, a Test of the unsaved parameters, Save. The saved password is never shown back.
import { type FormEvent, useId, useRef, useState } from 'react';
import { ENGINE_INFO } from '../../../../shared/model/engines';
import {
  type Connection,
  ENGINE_TYPES,
  ENVIRONMENTS,
  type Environment,
  type HostKey,
} from '../../../../shared/model/connection';
import { ApiError, errorMessage } from '../../api/api-error';
import { PlayIcon } from '../../app/icons';
import { useConnections } from '../../app/stores-context';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import type { TestOutcome } from '../../stores/connections-store';
import {
  addressOf,
  emptyForm,
  type FieldErrors,
  type FieldName,
  type FormValues,
  fromConnection,
  movesSavedPassword,
  sameParams,
  toCreateInput,
  toPatch,
  toTestParams,
  withType,
} from './connection-form';
import { ENVIRONMENT_LABELS, TYPE_LABELS } from './labels';
import type { FormPart } from './form-part';
import { HostKeyDialog } from './HostKeyDialog';
import { DuplicateNotice } from './DuplicateNotice';
import { PasswordField } from './PasswordField';
import { type SendPasswordAnswer, SendPasswordDialog } from './SendPasswordDialog';
import { MonitorSshFields } from './MonitorSshFields';
import { SshFields } from './SshFields';
import { TestResultLine } from './TestResultLine';
import { TlsFields } from './TlsFields';
import './ssh-tls.css';

export type FormMode = { kind: 'create' } | { kind: 'edit'; connection: Connection };

/** Top to bottom, so the first invalid field in this order gets the focus. */
const FIELD_ORDER: FieldName[] = [
  'name',
  'type',
  'environment',
  'host',
  'port',
  'database',
  'username',
  'password',
  'tags',
  'description',
  'isActive',
  'ssh',
  'monitorSsh',
  'tlsMode',
  'caFile',
  'certFile',
  'keyFile',
  'keyPassphrase',
];
const TLS_FIELDS: FieldName[] = ['tlsMode', 'caFile', 'certFile', 'keyFile', 'keyPassphrase'];
const PARAM_FIELDS: FieldName[] = [
  'type',
  'host',
  'port',
  'database',
  'username',
  'password',
  'ssh',
  ...TLS_FIELDS,
];

export function ConnectionFormDialog({ mode, onClose }: { mode: FormMode; onClose: () => void }) {
  const original = mode.kind === 'edit' ? mode.connection : null;
  const create = useConnections((s) => s.create);
  const update = useConnections((s) => s.update);
  const test = useConnections((s) => s.test);
  const testSaved = useConnections((s) => s.testSaved);
  const testEdited = useConnections((s) => s.testEdited);
  const acceptHostKey = useConnections((s) => s.acceptHostKey);

  const [values, setValues] = useState<FormValues>(() =>
    original ? fromConnection(original) : emptyForm(),
  );
  const [touched, setTouched] = useState<ReadonlySet<FieldName>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [outcome, setOutcome] = useState<TestOutcome | null>(null);
  const [tlsOpen, setTlsOpen] = useState(false);
  const [sshOpen, setSshOpen] = useState(false);
  const [hostKeyAsked, setHostKeyAsked] = useState<HostKey | null>(null);
  const [sendAsked, setSendAsked] = useState<{
    purpose: 'save' | 'test';
    answer: (a: SendPasswordAnswer) => void;
  } | null>(null);
  /** 'send' when no question is needed; otherwise what the user answers. */
  const askToSend = (purpose: 'save' | 'test'): Promise<SendPasswordAnswer> =>
    !original || !movesSavedPassword(original, values)
      ? Promise.resolve('send')
      : new Promise((resolve) =>
          setSendAsked({
            purpose,
            answer: (a) => {
              setSendAsked(null);
              resolve(a);
            },
          }),
        );
  const formRef = useRef<HTMLFormElement>(null);
  const uid = useId();
  const idOf = (f: FieldName) => `${uid}-${f}`;

  const checked = original ? toPatch(original, values) : toCreateInput(values);
  const errors: FieldErrors = checked.ok ? {} : checked.errors;
  const errorOf = (f: FieldName) =>
    serverErrors[f] ?? (submitted || touched.has(f) ? errors[f] : undefined);
  const tlsHasError = TLS_FIELDS.some((f) => errorOf(f));
  const sshHasError = Boolean(errorOf('ssh'));

  const change = (patch: Partial<FormValues>) => {
    setValues((v) => ({ ...v, ...patch }));
    setServerErrors({});
    setFormError(null);
    if (Object.keys(patch).some((k) => PARAM_FIELDS.includes(k as FieldName))) setOutcome(null);
  };
  const touch = (f: FieldName) => setTouched((t) => (t.has(f) ? t : new Set(t).add(f)));
  const focusField = (f: FieldName | undefined) => {
    if (f) formRef.current?.querySelector<HTMLElement>(`#${CSS.escape(idOf(f))}`)?.focus();
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (!checked.ok) {
      const first = FIELD_ORDER.find((f) => checked.errors[f]);
      if (first && TLS_FIELDS.includes(first)) setTlsOpen(true);
      if (first === 'ssh') setSshOpen(true);
      // After the render that shows the errors (and opens the TLS section), move to the first.
      requestAnimationFrame(() => focusField(first));
      return;
    }
    const send = await askToSend('save');
    if (send === 'cancel') return;
    setSaving(true);
    try {
      if (original) {
        const patch = toPatch(original, values);
        // Nothing changed: nothing to send. Without 'send', the core forgets the saved password.
        if (patch.ok && Object.keys(patch.value).length > 0)
          await update(original.id, {
            ...patch.value,
            ...(send === 'send' && movesSavedPassword(original, values)
              ? { keep_password: true }
              : {}),
          });
      } else {
        const input = toCreateInput(values);
        if (input.ok) await create(input.value);
      }
      onClose();
    } catch (err) {
      setSaving(false);
      if (err instanceof ApiError && err.code === 'SECRET_STORE_UNAVAILABLE') {
        setServerErrors({ password: err.message });
        focusField('password');
      } else {
        setFormError(errorMessage(err));
      }
    }
  };

  const showOutcome = (next: TestOutcome) => {
    setOutcome(next);
    // An unknown SSH host key is a question for the user, not just an error line.
    const r = next.state === 'done' ? next.result : null;
    if (r?.code === 'SSH_HOST_KEY_UNKNOWN' && r.host_key) setHostKeyAsked(r.host_key);
  };

  const runTest = async () => {
    // A saved connection whose parameters are unchanged is tested with its stored secrets.
    if (original && !values.password && !values.clearPassword && sameParams(original, values)) {
      setOutcome({ state: 'running' });
      showOutcome(await testSaved(original.id));
      return;
    }
    const params = toTestParams(values);
    if (!params.ok) {
      setTouched((t) => new Set([...t, ...PARAM_FIELDS]));
      const first = FIELD_ORDER.find((f) => params.errors[f]);
      if (first && TLS_FIELDS.includes(first)) setTlsOpen(true);
      if (first === 'ssh') setSshOpen(true);
      requestAnimationFrame(() => focusField(first));
      return;
    }
    // Edited settings of a saved connection are tested with its stored password, unless the
    // user typed a new one or asked to clear it, or (for a new address) did not confirm it.
    const send = await askToSend('test');
    if (send === 'cancel') return;
    setOutcome({ state: 'running' });
    const useStored =
      original?.has_password && !values.password && !values.clearPassword && send === 'send';
    try {
      const result = useStored
        ? await testEdited(original.id, params.value, movesSavedPassword(original, values))
        : await test(params.value);
      showOutcome({ state: 'done', result });
    } catch (err) {
      setOutcome({ state: 'failed', message: errorMessage(err) });
    }
  };

  const part: FormPart = { values, change, touch, errorOf, idOf };
  const text = (f: 'name' | 'host' | 'port' | 'database' | 'username' | 'tags') => ({
    value: values[f],
    onChange: (e: { target: { value: string } }) => change({ [f]: e.target.value }),
    onBlur: () => touch(f),
  });

  return (
    <Dialog
      title={original ? `Edit “${original.name}”` : 'Add connection'}
      size="lg"
      onClose={onClose}
    >
      <form ref={formRef} onSubmit={(e) => void submit(e)} noValidate>
        <div className="dialog-body form-grid">
          <Field id={idOf('name')} label="Name" error={errorOf('name')} className="span-2">
            {(a) => (
              <input {...a} {...text('name')} className="input" autoComplete="off" data-autofocus />
            )}
          </Field>

          <fieldset className="field segmented-field">
            <legend className="field-label">Type</legend>
            <div className="segmented" id={idOf('type')}>
              {ENGINE_TYPES.map((t) => (
                <label key={t} className={values.type === t ? 'is-selected' : undefined}>
                  <input
                    type="radio"
                    name={`${uid}-type`}
                    value={t}
                    checked={values.type === t}
                    onChange={() => change(withType(values, t))}
                  />
                  {TYPE_LABELS[t]}
                </label>
              ))}
            </div>
          </fieldset>

          <Field id={idOf('environment')} label="Environment" error={errorOf('environment')}>
            {(a) => (
              <select
                {...a}
                className="select"
                value={values.environment}
                onChange={(e) => change({ environment: e.target.value as Environment })}
              >
                {ENVIRONMENTS.map((env) => (
                  <option key={env} value={env}>
                    {ENVIRONMENT_LABELS[env]}
                  </option>
                ))}
              </select>
            )}
          </Field>

          <div className="span-2 host-port">
            <Field id={idOf('host')} label="Host" error={errorOf('host')}>
              {(a) => (
                <input
                  {...a}
                  {...text('host')}
                  className="input"
                  autoComplete="off"
                  spellCheck={false}
                />
              )}
            </Field>
            <Field id={idOf('port')} label="Port" error={errorOf('port')}>
              {(a) => (
                <input
                  {...a}
                  {...text('port')}
                  className="input"
                  inputMode="numeric"
                  autoComplete="off"
                />
              )}
            </Field>
          </div>

          <Field
            id={idOf('database')}
            label={ENGINE_INFO[values.type].database.label}
            error={errorOf('database')}
          >
            {(a) => (
              <input
                {...a}
                {...text('database')}
                className="input"
                autoComplete="off"
                spellCheck={false}
                placeholder={ENGINE_INFO[values.type].database.placeholder}
              />
            )}
          </Field>
          <Field id={idOf('username')} label="Username" error={errorOf('username')}>
            {(a) => (
              <input
                {...a}
                {...text('username')}
                className="input"
                autoComplete="off"
                spellCheck={false}
                placeholder={ENGINE_INFO[values.type].defaultUser || undefined}
              />
            )}
          </Field>

          <DuplicateNotice
            target={{
              type: values.type,
              host: values.host,
              port: Number(values.port),
              database: values.database,
              username: values.username,
            }}
            selfId={original?.id ?? null}
          />
          <PasswordField part={part} saved={original} />

          <Field
            id={idOf('tags')}
            label="Tags"
            optional
            error={errorOf('tags')}
            hint="Separate tags with commas."
            className="span-2"
          >
            {(a) => <input {...a} {...text('tags')} className="input" autoComplete="off" />}
          </Field>

          <Field
            id={idOf('description')}
            label="Description"
            optional
            error={errorOf('description')}
            className="span-2"
          >
            {(a) => (
              <textarea
                {...a}
                className="textarea"
                rows={2}
                value={values.description}
                onChange={(e) => change({ description: e.target.value })}
                onBlur={() => touch('description')}
              />
            )}
          </Field>

          <label className="check span-2">
            <input
              type="checkbox"
              checked={values.isActive}
              onChange={(e) => change({ isActive: e.target.checked })}
            />
            Active
            <span className="field-hint">
              Inactive connections stay saved and are marked as not in use.
            </span>
          </label>

          <SshFields part={part} open={sshOpen || sshHasError} onToggle={setSshOpen} />
          <MonitorSshFields part={part} />

          <TlsFields
            part={part}
            open={tlsOpen || tlsHasError}
            onToggle={setTlsOpen}
            savedPassphrase={original?.has_tls_key_passphrase === true}
          />

          {formError && (
            <div className="span-2 notice notice-error" role="alert">
              {formError}
            </div>
          )}
        </div>

        <div className="dialog-foot">
          {/* In the sticky footer, so the outcome shows next to the button however far the form scrolls. */}
          <div className="dialog-foot-note">
            <TestResultLine outcome={outcome} />
          </div>
          <button
            type="button"
            className="btn"
            onClick={() => void runTest()}
            disabled={outcome?.state === 'running'}
          >
            <PlayIcon /> Test
          </button>
          <span className="spacer" />
          <button type="button" className="btn btn-ghost" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={saving}>
            {saving && <span className="spinner" aria-hidden="true" />}
            {original ? 'Save changes' : 'Save connection'}
          </button>
        </div>
      </form>
      {sendAsked && original && (
        <SendPasswordDialog
          from={addressOf(original)}
          to={addressOf(values)}
          purpose={sendAsked.purpose}
          onAnswer={sendAsked.answer}
        />
      )}
      {hostKeyAsked && (
        <HostKeyDialog
          hostKey={hostKeyAsked}
          onClose={() => setHostKeyAsked(null)}
          onAccept={async (key) => {
            await acceptHostKey(key);
            setHostKeyAsked(null);
            await runTest();
          }}
        />
      )}
    </Dialog>
  );
}
