// Runs in the renderer. Blueprints: each with its latest version and the tenants using it; the
// open one shows its version history (each version's migration, and who is at it) and the schema
// of a chosen version; one no tenant uses can be deleted after the confirmation.
import { useId, useState } from 'react';
import { useStore } from 'zustand';
import { ConfirmDeleteDialog } from '../../components/ConfirmDeleteDialog';
import { countOf } from '../../components/figure-format';
import type { OpenBlueprint, TenantsStore } from '../../stores/tenants-store';
import { ENGINE_WORDS } from './engine-words';
import { SchemaTree } from './SchemaTree';
import { TabLayout } from './TabLayout';
import { shortWhen } from './tenant-view';

function BlueprintList({ store }: { store: TenantsStore }) {
  const blueprints = useStore(store, (s) => s.blueprints);
  const openName = useStore(store, (s) => s.openBlueprint?.name);
  const open = useStore(store, (s) => s.openBlueprintByName);
  if (blueprints.length === 0)
    return (
      <p className="tn-empty">
        No blueprints yet: deploy a workspace&rsquo;s pending changes to create version 1.0.
      </p>
    );
  return (
    <ul className="pick-list tn-list" aria-labelledby="tn-bp-list-title">
      {blueprints.map((b) => {
        return (
          <li key={b.id} aria-current={b.name === openName ? 'true' : undefined}>
            <button type="button" className="pick-list-open" onClick={() => void open(b.name)}>
              <span className="pick-list-title">
                <span className="mono">{b.name}</span>
                <span className="tn-badge">{b.version}</span>
              </span>
              <span className="pick-list-meta">
                {b.database_type} · deployed to{' '}
                {b.deployed_to && b.deployed_to.length > 0
                  ? b.deployed_to.join(', ')
                  : 'no tenants yet'}
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}

function BlueprintView({ store, open }: { store: TenantsStore; open: OpenBlueprint }) {
  const openBlueprint = useStore(store, (s) => s.openBlueprintByName);
  const deleteBlueprint = useStore(store, (s) => s.deleteBlueprint);
  const [confirming, setConfirming] = useState(false);
  const id = useId();
  const users = open.summary.deployed_to ?? [];
  // The summary is of the version on show; the history's last entry is the newest.
  const latest = open.versions.at(-1)?.version ?? open.summary.version;
  const words = ENGINE_WORDS[open.summary.database_type];
  return (
    <div className="tn-stack" data-testid="blueprint-view">
      <section className="tn-card" aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`}>
          {open.name} <span className="tn-badge">latest {latest}</span>
        </h2>
        <p className="tn-meta">
          {open.summary.database_type} · from workspace{' '}
          <span className="mono">{open.summary.workspace_id}</span> · deployed to{' '}
          {open.summary.deployed_to?.join(', ') ?? 'no tenants yet'}
        </p>
        <div className="tn-actions">
          <button
            type="button"
            className="btn btn-danger btn-sm"
            disabled={users.length > 0}
            aria-describedby={users.length > 0 ? `${id}-why` : undefined}
            onClick={() => setConfirming(true)}
          >
            Delete blueprint
          </button>
          {users.length > 0 && (
            <span id={`${id}-why`} className="field-hint">
              Used by {countOf(users.length, 'tenant')}; delete {users.length === 1 ? 'it' : 'them'}{' '}
              for good to delete this blueprint.
            </span>
          )}
        </div>
      </section>
      {confirming && (
        <ConfirmDeleteDialog
          title={`Delete blueprint ${open.name}?`}
          summary={`Deletes ${countOf(open.versions.length, 'version')} of ${open.name} and its deployment history.`}
          note={`Workspace ${open.summary.workspace_id}, if it still exists, keeps its changes as pending; its next deploy is version 1.0.`}
          confirmLabel="Delete blueprint"
          onConfirm={async () => {
            await deleteBlueprint(open.name);
          }}
          onClose={() => setConfirming(false)}
        />
      )}
      <section className="tn-card" aria-labelledby={`${id}-versions`}>
        <h2 id={`${id}-versions`}>Version history</h2>
        <ol className="tn-changes" aria-label="Versions">
          {[...open.versions].reverse().map((v) => (
            <li key={v.version} className="tn-change">
              <div>
                <div className="tn-actions">
                  <strong>{v.version}</strong>
                  <span className="pick-list-meta">
                    {shortWhen(v.created_at)} · {v.statements.length}{' '}
                    {v.statements.length === 1 ? 'statement' : 'statements'} · tenants at it:{' '}
                    {v.tenants.length > 0 ? v.tenants.join(', ') : 'none'}
                  </span>
                </div>
                <details>
                  <summary className="pick-list-meta">Migration</summary>
                  <pre className="tn-sql">{v.statements.join(words.joiner)}</pre>
                </details>
              </div>
              {!words.noSchema && (
                <button
                  type="button"
                  className="btn btn-sm"
                  aria-pressed={open.version === v.version}
                  aria-label={`Show the schema of ${v.version}`}
                  onClick={() => void openBlueprint(open.name, v.version)}
                >
                  Schema
                </button>
              )}
            </li>
          ))}
        </ol>
      </section>
      <section className="tn-card" aria-labelledby={`${id}-schema`}>
        <h2 id={`${id}-schema`}>Schema at {open.version}</h2>
        {words.noSchema ? (
          <p className="tn-meta">{words.noSchema}</p>
        ) : (
          <SchemaTree schema={open.schema} label={`Schema of ${open.name} ${open.version}`} />
        )}
      </section>
    </div>
  );
}

export function BlueprintsTab({ store }: { store: TenantsStore }) {
  const open = useStore(store, (s) => s.openBlueprint);
  const error = useStore(store, (s) => s.blueprintError);
  return (
    <TabLayout
      side={
        <section className="tn-card" aria-labelledby="tn-bp-list-title">
          <h2 id="tn-bp-list-title">Blueprints</h2>
          <BlueprintList store={store} />
        </section>
      }
      error={error}
      view={open && <BlueprintView store={store} open={open} />}
      empty="Open a blueprint to see its versions and schema."
    />
  );
}
