// Runs in the renderer. New tenant: its id, the blueprint its database follows, and the isolation
// level — 1 on the blueprint's own server, 2 on a dedicated server connection chosen here.
import { type FormEvent, useId, useState } from 'react';
import { useStore } from 'zustand';
import { ENGINE_DATABASE, SAFE_NAME } from '../../../../shared/contract/tenants';
import { useConnections } from '../../app/stores-context';
import { Dialog } from '../../components/Dialog';
import { Field, SelectField } from '../../components/Field';
import type { TenantsStore } from '../../stores/tenants-store';
import { BusyLine } from './BusyLine';
import { useAction } from './useAction';

const ID_RULE =
  'Lower-case letters, digits and single - or _ between them, starting with a letter, at most 30 characters.';

export function CreateTenantDialog({
  store,
  onClose,
}: {
  store: TenantsStore;
  onClose: () => void;
}) {
  const blueprints = useStore(store, (s) => s.blueprints);
  const createTenant = useStore(store, (s) => s.createTenant);
  const connections = useConnections((s) => s.items);
  const id = useId();
  const [tenantId, setTenantId] = useState('');
  const [blueprintName, setBlueprintName] = useState('');
  const [level, setLevel] = useState<1 | 2>(1);
  const [connectionId, setConnectionId] = useState('');
  const [touched, setTouched] = useState(false);
  const [create, state] = useAction(createTenant);

  const blueprint = blueprints.find((b) => b.name === (blueprintName || blueprints[0]?.name));
  // A dedicated server must speak the blueprint's engine.
  const candidates = connections.filter(
    (c) => ENGINE_DATABASE[c.type] === blueprint?.database_type,
  );
  const dedicated = candidates.find((c) => c.id === (connectionId || candidates[0]?.id));
  const idValid = SAFE_NAME.test(tenantId);
  const idError = touched && !idValid ? ID_RULE : undefined;
  const ready = blueprint && idValid && (level === 1 || dedicated);
  // Create stays disabled until the tenant can be made; this line says what it waits for.
  const waitingFor = !blueprint
    ? 'Create needs a blueprint: deploy a workspace first.'
    : tenantId === ''
      ? 'Create needs a tenant id.'
      : !idValid
        ? 'Create waits for a tenant id that follows the rule under the field.'
        : level === 2 && !dedicated
          ? `Create needs a dedicated ${blueprint.database_type} connection, or isolation level 1.`
          : null;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (!blueprint || !ready || state.busy) return;
    const database = {
      blueprint: blueprint.name,
      isolation_level: level,
      ...(level === 2 && dedicated ? { connection_id: dedicated.id } : {}),
    };
    if (await create({ tenant_id: tenantId, databases: [database] })) onClose();
  };

  return (
    <Dialog title="New tenant" onClose={onClose}>
      <form aria-label="New tenant" onSubmit={(e) => void submit(e)}>
        <div className="dialog-body tn-form">
          <Field
            id={`${id}-tenant`}
            label="Tenant id"
            className="span-2"
            error={idError}
            hint={
              blueprint && idValid
                ? `Its database: ${blueprint.name}__${tenantId}, with a role of its own.`
                : idError
                  ? undefined
                  : ID_RULE
            }
          >
            {(a) => (
              <input
                {...a}
                className="input"
                autoComplete="off"
                spellCheck={false}
                data-autofocus
                value={tenantId}
                onChange={(e) => {
                  setTenantId(e.target.value);
                  // Once the id follows the rule, a later slip is flagged as it is typed.
                  if (SAFE_NAME.test(e.target.value)) setTouched(true);
                }}
                onBlur={() => setTouched(tenantId !== '')}
              />
            )}
          </Field>
          <SelectField
            id={`${id}-bp`}
            label="Blueprint"
            className="span-2"
            hint={
              blueprints.length === 0
                ? 'No blueprints yet: deploy a workspace first.'
                : blueprint && `Provisioned at its latest version, ${blueprint.version}.`
            }
            value={blueprint?.name ?? ''}
            onChange={setBlueprintName}
          >
            {blueprints.map((b) => (
              <option key={b.id} value={b.name}>
                {b.name} {b.version} ({b.database_type})
              </option>
            ))}
          </SelectField>
          <fieldset className="tn-fieldset span-2">
            <legend>Isolation level</legend>
            <label className="check">
              <input
                type="radio"
                name={`${id}-level`}
                checked={level === 1}
                onChange={() => setLevel(1)}
              />
              1 · a database on the blueprint&rsquo;s shared server
            </label>
            <label className="check">
              <input
                type="radio"
                name={`${id}-level`}
                checked={level === 2}
                onChange={() => setLevel(2)}
              />
              2 · a database on a dedicated server
            </label>
          </fieldset>
          {level === 2 && (
            <SelectField
              id={`${id}-conn`}
              label="Dedicated connection"
              className="span-2"
              hint={
                candidates.length === 0
                  ? `No ${blueprint?.database_type ?? ''} connection saved: add one on the Connections screen.`
                  : 'The tenant gets its database and role on this server.'
              }
              value={dedicated?.id ?? ''}
              onChange={setConnectionId}
            >
              {candidates.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name} ({c.host}:{c.port})
                </option>
              ))}
            </SelectField>
          )}
          {state.error && (
            <p className="span-2 notice notice-error" role="alert">
              {state.error}
            </p>
          )}
          {state.busy && (
            <div className="span-2">
              <BusyLine text="Provisioning the database and its role…" />
            </div>
          )}
        </div>
        <div className="dialog-foot">
          {waitingFor && (
            <span
              id={`${id}-waiting`}
              className="field-hint dialog-foot-note"
              data-testid="create-waiting"
            >
              {waitingFor}
            </span>
          )}
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            className="btn btn-primary"
            disabled={!ready || state.busy}
            aria-describedby={waitingFor ? `${id}-waiting` : undefined}
          >
            {state.busy && <span className="spinner" aria-hidden="true" />}
            Create tenant
          </button>
        </div>
      </form>
    </Dialog>
  );
}
