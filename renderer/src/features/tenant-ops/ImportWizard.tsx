// Runs in the renderer. Import from a shared database, step by step: connect the source (a saved
// connection, or one typed in whose password is used once), analyse it (tables with and without
// the routing column, tenants found, rows per tenant), choose the options, follow each tenant's
// copy, and read the verification (source against target rows per table). The analysis's
// mismatches with the blueprint stay listed with the option that resolves each; Start (and Resume,
// which may change the options) is disabled while any is open, by the same rule the core applies.
import { type FormEvent, useState } from 'react';
import { useStore } from 'zustand';
import { uiText } from '../../api/error-words';
import type {
  ImportAnalysis,
  ImportProblem,
  ImportStatus,
} from '../../../../shared/contract/tenant-ops';
import { DB_TYPES, type DbType } from '../../../../shared/model/connection';
import { ENGINE_INFO } from '../../../../shared/model/engines';
import { type ImportChoice, openProblems } from '../../../../shared/model/import-plan';
import { fixText } from '../../../../shared/model/import-plan-words';
import { useConnections, useTenantOpsStore, useTenantsStore } from '../../app/stores-context';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import type { ImportSource } from '../../stores/tenant-ops-store';
import type { WorkspaceSummary } from '../../../../shared/contract/tenants';
import { TYPE_LABELS } from '../connections/labels';
import { ENGINE_WORDS, type ImportRouting } from '../tenants/engine-words';
import { useAction } from '../tenants/useAction';
import { verificationRows } from './tenant-ops-view';
import './tenant-ops.css';
import { count, countOf } from '../../components/figure-format';

const STEPS = ['Source', 'Analysis', 'Options', 'Progress', 'Verification'] as const;
type Step = (typeof STEPS)[number];

function Steps({ current }: { current: Step }) {
  return (
    <ol className="to-steps" aria-label="Import steps">
      {STEPS.map((s, i) => (
        <li key={s} aria-current={s === current ? 'step' : undefined}>
          {i + 1}. {s}
        </li>
      ))}
    </ol>
  );
}

interface SourceDraft {
  workspace: string;
  mode: 'saved' | 'inline';
  connectionId: string;
  database: string;
  type: DbType;
  host: string;
  port: string;
  user: string;
  password: string;
  routingField: string;
  sharedTables: 'copy' | 'skip';
}

function toSource(d: SourceDraft, routing: ImportRouting): ImportSource {
  const common = {
    id: d.workspace,
    [routing.field]: d.routingField.trim() || routing.initial,
    shared_tables: d.sharedTables,
  };
  if (d.mode === 'saved')
    return {
      ...common,
      connection_id: d.connectionId,
      ...(d.database.trim() ? { database: d.database.trim() } : {}),
    };
  return {
    ...common,
    connection: {
      type: d.type,
      host: d.host.trim(),
      ...(d.port.trim() ? { port: Number(d.port) } : {}),
      database: d.database.trim(),
      user: d.user.trim(),
      ...(d.password ? { password: d.password } : {}),
    },
  };
}

/** How the workspace's engine routes an import and names what it copies. */
const routingIn = (workspaces: readonly WorkspaceSummary[], id: string): ImportRouting =>
  ENGINE_WORDS[workspaces.find((w) => w.id === id)?.database ?? 'PostgreSQL'].routing;

function useRouting(workspace: string): ImportRouting {
  const workspaces = useStore(useTenantsStore(), (s) => s.workspaces);
  return routingIn(workspaces, workspace);
}

/** `Rows` from `rows`. */
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function SourceForm({ onAnalysed }: { onAnalysed: (source: ImportSource) => void }) {
  const workspaces = useStore(useTenantsStore(), (s) => s.workspaces);
  const connections = useConnections((s) => s.items);
  const analyzeImport = useStore(useTenantOpsStore(), (s) => s.analyzeImport);
  const first = workspaces.find((w) => w.version) ?? workspaces[0];
  const routingOf = (id: string) => routingIn(workspaces, id);
  const [d, setD] = useState<SourceDraft>({
    workspace: first?.id ?? '',
    mode: 'saved',
    connectionId: connections[0]?.id ?? '',
    database: '',
    type: 'postgresql',
    host: '127.0.0.1',
    port: '',
    user: '',
    password: '',
    routingField: routingOf(first?.id ?? '').initial,
    sharedTables: 'copy',
  });
  const routing = routingOf(d.workspace);
  const set = (patch: Partial<SourceDraft>) => setD((x) => ({ ...x, ...patch }));
  const [analyse, state] = useAction(async (source: ImportSource) => {
    await analyzeImport(source);
    onAnalysed(source);
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void analyse(toSource(d, routing));
  };
  const inline = routing.inline && d.mode === 'inline';
  return (
    <form className="tn-form" aria-label="Import source" onSubmit={onSubmit}>
      <Field id="to-imp-ws" label="Into workspace">
        {(a) => (
          <select
            {...a}
            className="select"
            value={d.workspace}
            onChange={(e) =>
              set({ workspace: e.target.value, routingField: routingOf(e.target.value).initial })
            }
          >
            {workspaces.map((w) => (
              <option key={w.id} value={w.id}>
                {w.name} {w.version ? `(${w.version})` : '(not deployed)'}
              </option>
            ))}
          </select>
        )}
      </Field>
      {routing.inline && (
        <fieldset className="field">
          <legend className="field-label">Source</legend>
          <label className="check">
            <input type="radio" checked={!inline} onChange={() => set({ mode: 'saved' })} /> A saved
            connection
          </label>
          <label className="check">
            <input type="radio" checked={inline} onChange={() => set({ mode: 'inline' })} />{' '}
            Connection details
          </label>
        </fieldset>
      )}
      {inline ? (
        <>
          <Field id="to-imp-type" label="Engine">
            {(a) => (
              <select
                {...a}
                className="select"
                value={d.type}
                onChange={(e) => set({ type: e.target.value as DbType })}
              >
                {DB_TYPES.map((t) => (
                  <option key={t} value={t}>
                    {TYPE_LABELS[t]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="to-imp-host" label="Host">
            {(a) => (
              <input
                {...a}
                className="input"
                value={d.host}
                onChange={(e) => set({ host: e.target.value })}
              />
            )}
          </Field>
          <Field id="to-imp-port" label="Port" optional>
            {(a) => (
              <input
                {...a}
                className="input"
                inputMode="numeric"
                value={d.port}
                onChange={(e) => set({ port: e.target.value })}
              />
            )}
          </Field>
          <Field id="to-imp-user" label="User">
            {(a) => (
              <input
                {...a}
                className="input"
                autoComplete="off"
                value={d.user}
                onChange={(e) => set({ user: e.target.value })}
              />
            )}
          </Field>
          <Field id="to-imp-password" label="Password" optional hint="Used for this import only.">
            {(a) => (
              <input
                {...a}
                className="input"
                type="password"
                autoComplete="off"
                value={d.password}
                onChange={(e) => set({ password: e.target.value })}
              />
            )}
          </Field>
        </>
      ) : (
        <Field id="to-imp-conn" label="Connection">
          {(a) => (
            <select
              {...a}
              className="select"
              value={d.connectionId}
              onChange={(e) => set({ connectionId: e.target.value })}
            >
              {connections.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name} ({ENGINE_INFO[c.type].label}, {c.environment})
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <Field
        id="to-imp-db"
        label="Database"
        optional={!inline}
        hint={inline ? undefined : "Default: the connection's own."}
      >
        {(a) => (
          <input
            {...a}
            className="input"
            value={d.database}
            onChange={(e) => set({ database: e.target.value })}
          />
        )}
      </Field>
      <Field id="to-imp-routing" label={routing.label} hint={routing.hint}>
        {(a) => (
          <input
            {...a}
            className="input mono"
            value={d.routingField}
            onChange={(e) => set({ routingField: e.target.value })}
          />
        )}
      </Field>
      <Field id="to-imp-shared" label={routing.without}>
        {(a) => (
          <select
            {...a}
            className="select"
            value={d.sharedTables}
            onChange={(e) => set({ sharedTables: e.target.value as 'copy' | 'skip' })}
          >
            <option value="copy">Copy whole into every tenant</option>
            <option value="skip">Leave out</option>
          </select>
        )}
      </Field>
      {state.error && (
        <p className="notice notice-error" role="alert">
          {state.error}
        </p>
      )}
      <div className="tn-actions">
        <button type="submit" className="btn btn-primary" disabled={state.busy || !d.workspace}>
          {state.busy && <span className="spinner" aria-hidden="true" />}
          Analyse
        </button>
      </div>
    </form>
  );
}

/** Each mismatch and, in the controls' words, what resolves it. */
function ProblemList({ problems, label }: { problems: readonly ImportProblem[]; label: string }) {
  return (
    <ul className="to-problems" aria-label={label}>
      {problems.map((p) => (
        <li key={`${p.kind}/${p.table ?? ''}/${p.column ?? ''}/${p.message}`}>
          {uiText(p.message)}{' '}
          <span className="to-fix">
            {p.fixes.length > 0
              ? `To resolve: ${p.fixes.map((f) => uiText(fixText(f))).join(' or ')}.`
              : 'No option of the import resolves this; fix the tenant first.'}
          </span>
        </li>
      ))}
    </ul>
  );
}

function AnalysisView({ analysis }: { analysis: ImportAnalysis }) {
  const n = analysis.problems.length;
  const words = useRouting(analysis.workspace);
  const Unit = capital(words.unit);
  return (
    <div className="to-body">
      <p role="status">{uiText(analysis.message)}</p>
      {n > 0 && (
        <div className="notice notice-warning to-plan" role="note">
          {n === 1 ? 'One mismatch' : `${count(n)} mismatches`} with{' '}
          {analysis.blueprint_version
            ? `the blueprint’s version ${analysis.blueprint_version}`
            : 'the blueprint'}{' '}
          or the tenants; choose what resolves {n === 1 ? 'it' : 'each'} in the next step.
          <ProblemList problems={analysis.problems} label="Mismatches" />
        </div>
      )}
      <div className="tn-table-wrap">
        <table className="tn-table" aria-label="Source tables">
          <thead>
            <tr>
              <th scope="col">{words.group}</th>
              <th scope="col">{words.routed}</th>
              <th scope="col">{Unit}</th>
              <th scope="col">Import</th>
            </tr>
          </thead>
          <tbody>
            {analysis.tables.map((t) => (
              <tr key={t.name}>
                <th scope="row" className="mono">
                  {t.name}
                </th>
                <td>{t.has_routing_column ? 'yes' : 'no'}</td>
                <td>{count(t.rows)}</td>
                <td>
                  {t.action === 'split'
                    ? 'split by tenant'
                    : t.action === 'copy'
                      ? 'copied to every tenant'
                      : 'left out'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="tn-table-wrap">
        <table className="tn-table" aria-label="Tenants found">
          <thead>
            <tr>
              <th scope="col">Tenant</th>
              <th scope="col">{Unit}</th>
              <th scope="col">Exists</th>
            </tr>
          </thead>
          <tbody>
            {analysis.tenants.map((t) => (
              <tr key={t.tenant_id}>
                <th scope="row" className="mono">
                  {t.tenant_id}
                </th>
                <td>{count(t.rows)}</td>
                <td>{t.exists ? 'yes' : 'no: created only with “Create missing tenants”'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {analysis.invalid_tenants.length > 0 && (
        <div className="notice notice-warning" role="note">
          Not imported:{' '}
          {analysis.invalid_tenants
            .map(
              (t) =>
                `${t.value ?? 'NULL'} (${countOf(t.rows, words.unitOne, words.unit)}: ${uiText(t.reason)})`,
            )
            .join('; ')}
        </div>
      )}
    </div>
  );
}

function ProgressView({ status }: { status: ImportStatus }) {
  const words = useRouting(status.workspace);
  return (
    <div className="to-body">
      <div className="tn-progress" role="status">
        Import {status.status}: {Math.round(status.progress)}%{' '}
        {status.message ? `· ${uiText(status.message)}` : ''}
        <progress aria-label="Import progress" max={100} value={status.progress} />
      </div>
      <div className="tn-table-wrap">
        <table className="tn-table" aria-label="Import per tenant">
          <thead>
            <tr>
              <th scope="col">Tenant</th>
              <th scope="col">Status</th>
              <th scope="col">{words.groups}</th>
              <th scope="col">{capital(words.unit)} copied</th>
              <th scope="col">Error</th>
            </tr>
          </thead>
          <tbody>
            {status.tenants.map((t) => (
              <tr key={t.tenant_id} data-tenant={t.tenant_id}>
                <th scope="row" className="mono">
                  {t.tenant_id}
                </th>
                <td>{t.status}</td>
                <td>
                  <progress
                    aria-label={`Tables of ${t.tenant_id}`}
                    max={Math.max(t.tables_total, 1)}
                    value={t.tables_done}
                  />{' '}
                  {t.tables_done}/{t.tables_total}
                </td>
                <td>{count(t.rows_copied)}</td>
                <td className="field-error">{t.error ? uiText(t.error) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function VerificationView({ status }: { status: ImportStatus }) {
  const rows = verificationRows(status);
  const bad = rows.filter((r) => !r.ok).length;
  const words = useRouting(status.workspace);
  const [one, many] = [words.group.toLowerCase(), words.groups.toLowerCase()];
  return (
    <div className="to-body">
      <p className={status.verified ? 'notice' : 'notice notice-error'} role="status">
        {status.verified
          ? `Verified: every ${one} of every tenant holds exactly the source’s ${words.unit}.`
          : `Not verified: ${bad} ${bad === 1 ? `${one} differs or was` : `${many} differ or were`} not copied.`}
      </p>
      <div className="tn-table-wrap">
        <table className="tn-table" aria-label="Verification">
          <thead>
            <tr>
              <th scope="col">Tenant</th>
              <th scope="col">{words.group}</th>
              <th scope="col">Source {words.unit}</th>
              <th scope="col">Target {words.unit}</th>
              <th scope="col">Match</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.tenant}/${r.table}`}>
                <th scope="row" className="mono">
                  {r.tenant}
                </th>
                <td className="mono">{r.table}</td>
                <td>{r.source ?? '—'}</td>
                <td>{r.target ?? '—'}</td>
                <td className={r.ok ? 'to-ok' : 'to-bad'}>{r.ok ? '✓ match' : '✗ differs'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** The import's options, and what the analysis predicts would still fail with them. */
function OptionsFields({
  analysis,
  choice,
  onChange,
  resuming,
}: {
  analysis: ImportAnalysis;
  choice: ImportChoice;
  onChange: (patch: Partial<ImportChoice>) => void;
  resuming: boolean;
}) {
  const open = openProblems(analysis, choice);
  const words = useRouting(analysis.workspace);
  const toggle = (table: string, on: boolean) =>
    onChange({
      leave_out: on ? [...choice.leave_out, table] : choice.leave_out.filter((t) => t !== table),
    });
  return (
    <>
      <fieldset className="field">
        <legend className="field-label">Options</legend>
        {words.schema && (
          <label className="check">
            <input
              type="checkbox"
              checked={choice.drop_routing_column}
              onChange={(e) => onChange({ drop_routing_column: e.target.checked })}
            />{' '}
            Leave the routing column out of the tenants’ tables
          </label>
        )}
        <label className="check">
          <input
            type="checkbox"
            checked={choice.create_tenants}
            onChange={(e) => onChange({ create_tenants: e.target.checked })}
          />{' '}
          Create missing tenants from the workspace’s blueprint
        </label>
        {!resuming && words.schema && (
          <label className="check">
            <input
              type="checkbox"
              checked={choice.import_schema}
              onChange={(e) => onChange({ import_schema: e.target.checked })}
            />{' '}
            Import the schema first (the source’s tables become the blueprint’s next version)
          </label>
        )}
      </fieldset>
      <fieldset className="field">
        <legend className="field-label">Leave out {words.groups.toLowerCase()}</legend>
        {analysis.tables.map((t) => (
          <label key={t.name} className="check">
            <input
              type="checkbox"
              aria-label={`Leave out ${t.name}`}
              checked={choice.leave_out.includes(t.name)}
              onChange={(e) => toggle(t.name, e.target.checked)}
            />{' '}
            <span className="mono">{t.name}</span>
          </label>
        ))}
      </fieldset>
      {open.length > 0 ? (
        <div className="notice notice-error to-plan" role="note" aria-label="Would fail">
          {resuming ? 'Resume' : 'Start'} is disabled: with these options the import would fail.
          <ProblemList problems={open} label="Still to resolve" />
        </div>
      ) : (
        <p className="notice" role="note">
          Nothing the analysis found stands in the way.
        </p>
      )}
    </>
  );
}

export function ImportWizard({ onClose }: { onClose: () => void }) {
  const store = useTenantOpsStore();
  const analysis = useStore(store, (s) => s.analysis);
  const status = useStore(store, (s) => s.importStatus);
  const startImport = useStore(store, (s) => s.startImport);
  const resetImport = useStore(store, (s) => s.resetImport);
  const [source, setSource] = useState<ImportSource | null>(null);
  const [optionsOpen, setOptionsOpen] = useState(false);
  const [choice, setChoice] = useState<ImportChoice>({
    shared_tables: 'copy',
    leave_out: [],
    drop_routing_column: false,
    create_tenants: false,
    import_schema: false,
  });
  const change = (patch: Partial<ImportChoice>) => setChoice((c) => ({ ...c, ...patch }));
  const [start, startState] = useAction(startImport);

  const step: Step = status
    ? status.status === 'running'
      ? 'Progress'
      : 'Verification'
    : optionsOpen
      ? 'Options'
      : analysis && source
        ? 'Analysis'
        : 'Source';
  const importInput = (from: ImportSource) => ({
    ...from,
    leave_out: [...choice.leave_out],
    options: {
      drop_routing_column: choice.drop_routing_column,
      create_tenants: choice.create_tenants,
    },
    batch_size: 1000,
  });
  const sourceChoice: ImportChoice = { ...choice, shared_tables: source?.shared_tables ?? 'copy' };
  const blocked = analysis ? openProblems(analysis, sourceChoice).length > 0 : true;
  const resumeChoice: ImportChoice = { ...sourceChoice, import_schema: false };
  const resumeBlocked = analysis ? openProblems(analysis, resumeChoice).length > 0 : false;
  const close = () => {
    resetImport();
    onClose();
  };

  return (
    <Dialog title="Import from a shared database" size="lg" onClose={close}>
      <div className="dialog-body">
        <Steps current={step} />
        {step === 'Source' && <SourceForm onAnalysed={setSource} />}
        {step === 'Analysis' && analysis && <AnalysisView analysis={analysis} />}
        {step === 'Options' && analysis && (
          <>
            <OptionsFields
              analysis={analysis}
              choice={sourceChoice}
              onChange={change}
              resuming={false}
            />
            {startState.error && (
              <p className="notice notice-error" role="alert">
                {startState.error}
              </p>
            )}
          </>
        )}
        {step === 'Progress' && status && <ProgressView status={status} />}
        {step === 'Verification' && status && (
          <>
            <ProgressView status={status} />
            <VerificationView status={status} />
            {!status.verified && analysis && (
              // A resume may change the options: what failed may be left out now, say.
              <OptionsFields analysis={analysis} choice={resumeChoice} onChange={change} resuming />
            )}
            {startState.error && (
              <p className="notice notice-error" role="alert">
                {startState.error}
              </p>
            )}
          </>
        )}
      </div>
      <div className="dialog-foot">
        {step === 'Analysis' && (
          <>
            <button
              type="button"
              className="btn"
              onClick={() => {
                resetImport();
                setSource(null);
              }}
            >
              Back
            </button>
            <button type="button" className="btn btn-primary" onClick={() => setOptionsOpen(true)}>
              Next: options
            </button>
          </>
        )}
        {step === 'Options' && source && (
          <>
            <button type="button" className="btn" onClick={() => setOptionsOpen(false)}>
              Back
            </button>
            <button
              type="button"
              className="btn btn-primary"
              disabled={startState.busy || blocked}
              onClick={() => void start(importInput(source), choice.import_schema)}
            >
              {startState.busy && <span className="spinner" aria-hidden="true" />}
              Start import
            </button>
          </>
        )}
        {step === 'Verification' && source && status && !status.verified && (
          // Tables already verified are skipped; the rest are copied again.
          <button
            type="button"
            className="btn btn-primary"
            disabled={startState.busy || resumeBlocked}
            onClick={() => void start({ ...importInput(source), resume: status.import_id }, false)}
          >
            {startState.busy && <span className="spinner" aria-hidden="true" />}
            Resume import
          </button>
        )}
        <button type="button" className="btn" onClick={close}>
          {step === 'Verification' ? 'Done' : 'Cancel'}
        </button>
      </div>
    </Dialog>
  );
}
