// Runs in the renderer. New workspace: its name, the saved connection that hosts `<name>_dev`,
// and the schema it starts from (a built-in template, or nothing).
import { type FormEvent, useId, useState } from 'react';
import { useStore } from 'zustand';
import { ENGINE_DATABASE, SAFE_NAME } from '../../../../shared/contract/tenants';
import { useConnections } from '../../app/stores-context';
import { Field, SelectField } from '../../components/Field';
import { ConnectionSelectField } from '../connections/ConnectionSelectField';
import type { TenantsStore, WorkspaceTemplate } from '../../stores/tenants-store';
import { BusyLine } from './BusyLine';
import { ENGINE_WORDS } from './engine-words';
import { useAction } from './useAction';

const TEMPLATE_OPTIONS: { value: WorkspaceTemplate; label: string }[] = [
  { value: 'fintech', label: 'Fintech template' },
  { value: 'ecommerce', label: 'E-commerce template' },
  { value: 'empty', label: 'Empty database' },
];

export function CreateWorkspaceForm({ store }: { store: TenantsStore }) {
  const connections = useConnections((s) => s.items);
  const createWorkspace = useStore(store, (s) => s.createWorkspace);
  const id = useId();
  const [name, setName] = useState('');
  const [connectionId, setConnectionId] = useState('');
  const [template, setTemplate] = useState<WorkspaceTemplate>('fintech');
  const [touched, setTouched] = useState(false);
  const [create, state] = useAction(createWorkspace);

  const connection = connections.find((c) => c.id === (connectionId || connections[0]?.id));
  const words = ENGINE_WORDS[ENGINE_DATABASE[connection?.type ?? 'postgresql']];
  // A key space (Redis) has no tables for a template to create: it starts empty.
  const start: WorkspaceTemplate = words.templates ? template : 'empty';
  const nameError =
    touched && !SAFE_NAME.test(name)
      ? 'Lower-case letters, digits and single - or _ between them, starting with a letter, at most 30 characters.'
      : undefined;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (!connection || !SAFE_NAME.test(name)) return;
    if (await create({ name, connection_id: connection.id, template: start })) {
      setName('');
      setTouched(false);
    }
  };

  return (
    <form className="tn-form" aria-label="New workspace" onSubmit={(e) => void submit(e)}>
      <Field
        id={`${id}-name`}
        label="Name"
        className="span-2"
        error={nameError}
        hint={name && !nameError ? `Creates ${words.space(name)}.` : undefined}
      >
        {(a) => (
          <input
            {...a}
            className="input"
            autoComplete="off"
            spellCheck={false}
            value={name}
            onChange={(e) => setName(e.target.value)}
            onBlur={() => setTouched(name !== '')}
          />
        )}
      </Field>
      <ConnectionSelectField
        id={`${id}-conn`}
        connections={connections}
        value={connection?.id ?? ''}
        onChange={setConnectionId}
      />
      {words.templates && (
        <SelectField
          id={`${id}-template`}
          label="Start from"
          className="span-2"
          value={template}
          onChange={(value) => setTemplate(value as WorkspaceTemplate)}
        >
          {TEMPLATE_OPTIONS.map((t) => (
            <option key={t.value} value={t.value}>
              {t.label}
            </option>
          ))}
        </SelectField>
      )}
      {state.busy && (
        <div className="span-2">
          <BusyLine
            text={
              start === 'empty'
                ? `Creating ${name}_dev…`
                : `Creating ${name}_dev and importing the ${template} template…`
            }
          />
        </div>
      )}
      {state.error && (
        <p className="span-2 notice notice-error" role="alert">
          {state.error}
        </p>
      )}
      <div className="span-2 tn-actions">
        <button
          type="submit"
          className="btn btn-primary"
          disabled={!connection || state.busy}
          aria-busy={state.busy}
        >
          {state.busy && <span className="spinner" aria-hidden="true" />}
          {state.busy ? 'Creating…' : 'Create workspace'}
        </button>
      </div>
    </form>
  );
}
