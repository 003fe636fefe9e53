// Runs in the renderer. One workspace: where it lives, drift, the schema tree, the pending changes,
// the query console, and Deploy, which turns the pending changes into the next blueprint version.
import { useState } from 'react';
import { useStore } from 'zustand';
import type { Drift } from '../../../../shared/contract/tenants';
import { ConfirmDeleteDialog } from '../../components/ConfirmDeleteDialog';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import type { OpenWorkspace, TenantsStore } from '../../stores/tenants-store';
import { PendingChanges } from './PendingChanges';
import { QueryConsole } from './QueryConsole';
import { SchemaTree } from './SchemaTree';
import { nextVersion } from './tenant-view';
import { BusyLine } from './BusyLine';
import { deployVersionWords } from './confirm-words';
import { ENGINE_WORDS } from './engine-words';
import { useAction } from './useAction';
import { WorkspaceSettingsForm } from './WorkspaceSettingsForm';

function DriftNotice({ drift }: { drift: Drift }) {
  if (!drift.detected) return null;
  const lists: [string, string[]][] = [
    ['Tables added outside Benchphant', drift.added_tables],
    ['Tables removed outside Benchphant', drift.removed_tables],
    ['Tables changed outside Benchphant', drift.changed_tables],
  ];
  return (
    <div className="tn-drift" role="alert" data-testid="drift">
      <strong>Drift</strong>
      <p className="tn-drift-message">
        {drift.message ?? 'The development database was changed outside Benchphant.'}
      </p>
      {lists
        .filter(([, names]) => names.length > 0)
        .map(([label, names]) => (
          <div key={label}>
            {label}:
            <ul>
              {names.map((n) => (
                <li key={n} className="mono">
                  {n}
                </li>
              ))}
            </ul>
          </div>
        ))}
    </div>
  );
}

export function WorkspaceView({ store, open }: { store: TenantsStore; open: OpenWorkspace }) {
  const deployWorkspace = useStore(store, (s) => s.deployWorkspace);
  const deleteWorkspace = useStore(store, (s) => s.deleteWorkspace);
  const [deploy, deployState] = useAction(async () => {
    const answer = await deployWorkspace();
    return answer.message || `Blueprint ${answer.blueprint} ${answer.version} created.`;
  });
  const [deleting, setDeleting] = useState(false);
  const [confirmingDeploy, setConfirmingDeploy] = useState(false);
  const { detail } = open;
  const words = ENGINE_WORDS[detail.database];
  const tenantsOfBlueprint = useStore(
    store,
    (s) =>
      s.tenants.filter((t) => t.databases.some((d) => d.blueprint === detail.blueprint)).length,
  );
  const pending = open.changes.filter((c) => c.status === 'pending').length;

  return (
    <div className="tn-stack" data-testid="workspace-view" data-workspace={detail.id}>
      <section className="tn-card" aria-labelledby="tn-ws-title">
        <div className="tn-card-head">
          <div>
            <h2 id="tn-ws-title">{detail.name}</h2>
            <p className="tn-meta">
              {detail.database} · <span className="mono">{detail.connection.database}</span> on{' '}
              {detail.connection.host}:{detail.connection.port} · blueprint{' '}
              <span className="mono">{detail.blueprint}</span>{' '}
              {detail.version ? `at ${detail.version}` : 'not deployed yet'}
            </p>
          </div>
          <div className="tn-actions">
            <button
              type="button"
              className="btn btn-primary"
              disabled={pending === 0 || deployState.busy}
              onClick={() => setConfirmingDeploy(true)}
            >
              {deployState.busy && <span className="spinner" aria-hidden="true" />}
              Deploy as {nextVersion(detail.version)}
            </button>
            <button
              type="button"
              className="btn btn-ghost btn-danger-text"
              onClick={() => setDeleting(true)}
            >
              Delete workspace
            </button>
          </div>
        </div>
        <p className="tn-meta" data-testid="undeployed">
          {pending === 0
            ? 'Nothing to deploy: every change is in a blueprint version.'
            : `${pending} pending ${pending === 1 ? 'change' : 'changes'} to deploy.`}
        </p>
        {deployState.busy && (
          <BusyLine text={`Building version ${nextVersion(detail.version)} and checking it…`} />
        )}
        {deployState.error && (
          <p className="notice notice-error" role="alert">
            {deployState.error}
          </p>
        )}
        {deployState.message && (
          <p className="notice" role="status" data-testid="deploy-message">
            {deployState.message}
          </p>
        )}
      </section>
      <DriftNotice drift={open.drift} />
      <section className="tn-card" aria-labelledby="tn-ws-console">
        <h2 id="tn-ws-console">{words.console}</h2>
        <QueryConsole store={store} words={words} />
      </section>
      <section className="tn-card" aria-labelledby="tn-ws-changes">
        <h2 id="tn-ws-changes">Pending changes</h2>
        <PendingChanges store={store} changes={open.changes} words={words} />
      </section>
      <section className="tn-card" aria-labelledby="tn-ws-settings">
        <h2 id="tn-ws-settings">Settings</h2>
        <WorkspaceSettingsForm
          key={detail.id}
          store={store}
          settings={open.settings}
          connectionName={`${detail.connection.host}:${detail.connection.port}`}
        />
      </section>
      <section className="tn-card" aria-labelledby="tn-ws-schema">
        <h2 id="tn-ws-schema">Schema</h2>
        {words.noSchema ? (
          <p className="tn-meta">{words.noSchema}</p>
        ) : (
          <SchemaTree schema={open.schema} label={`Schema of ${detail.name}`} />
        )}
      </section>
      {confirmingDeploy && (
        <ConfirmDialog
          {...deployVersionWords(
            detail.blueprint,
            nextVersion(detail.version),
            pending,
            tenantsOfBlueprint,
          )}
          confirmLabel={`Create version ${nextVersion(detail.version)}`}
          tone="primary"
          // The card shows the build's progress and outcome, so the dialog closes at once.
          onConfirm={async () => void deploy()}
          onClose={() => setConfirmingDeploy(false)}
        />
      )}
      {deleting && (
        <ConfirmDeleteDialog
          title={`Delete workspace '${detail.name}'?`}
          description={`The development database ${detail.connection.database} is dropped. The blueprint and its versions stay, and so do the tenants' databases.`}
          confirmLabel="Delete workspace"
          onConfirm={() => deleteWorkspace(detail.id)}
          onClose={() => setDeleting(false)}
        />
      )}
    </div>
  );
}
