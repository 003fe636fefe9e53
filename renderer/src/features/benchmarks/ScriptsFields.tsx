// Runs in the renderer. The scripts of a custom workload: each with a name, a weight (how often a
// client picks it against the others, as pgbench's -f file@weight) and its pgbench-style text.
import { MAX_CUSTOM_SCRIPTS } from '../../../../shared/contract/benchmarks';
import { Field } from '../../components/Field';
import { newScript, type RunField, type ScriptValues } from './run-form';

export function ScriptsFields({
  idOf,
  scripts,
  onChange,
  errorOf,
  touch,
}: {
  idOf: (field: RunField) => string;
  scripts: readonly ScriptValues[];
  onChange: (scripts: ScriptValues[]) => void;
  errorOf: (field: RunField) => string | undefined;
  touch: (field: RunField) => void;
}) {
  const totalWeight = scripts.reduce((sum, s) => sum + (Number(s.weight) || 0), 0);
  const change = (index: number, patch: Partial<ScriptValues>) =>
    onChange(scripts.map((s, i) => (i === index ? { ...s, ...patch } : s)));
  return (
    <div className="span-2 bench-scripts" data-testid="scripts">
      {scripts.map((s, i) => {
        const weight = Number(s.weight);
        const share =
          scripts.length > 1 && totalWeight > 0 && weight > 0
            ? `${Math.round((weight / totalWeight) * 100)} % of the transactions.`
            : 'How often a client picks this script against the others.';
        return (
          <fieldset key={i} className="bench-script" aria-label={`Script ${i + 1}`}>
            <legend className="field-label">Script {i + 1}</legend>
            <Field id={idOf(`script-${i}-name`)} label="Name" error={errorOf(`script-${i}-name`)}>
              {(a) => (
                <input
                  {...a}
                  className="input"
                  autoComplete="off"
                  value={s.name}
                  onChange={(e) => change(i, { name: e.target.value })}
                  onBlur={() => touch(`script-${i}-name`)}
                />
              )}
            </Field>
            <Field
              id={idOf(`script-${i}-weight`)}
              label="Weight"
              error={errorOf(`script-${i}-weight`)}
              hint={share}
            >
              {(a) => (
                <input
                  {...a}
                  className="input"
                  type="number"
                  min={1}
                  value={s.weight}
                  onChange={(e) => change(i, { weight: e.target.value })}
                  onBlur={() => touch(`script-${i}-weight`)}
                />
              )}
            </Field>
            <Field
              id={idOf(`script-${i}-sql`)}
              label="Statements"
              className="span-2"
              error={errorOf(`script-${i}-sql`)}
              hint="pgbench syntax: \set, \sleep, :variables."
            >
              {(a) => (
                <textarea
                  {...a}
                  className="textarea mono"
                  rows={5}
                  spellCheck={false}
                  value={s.sql}
                  onChange={(e) => change(i, { sql: e.target.value })}
                  onBlur={() => touch(`script-${i}-sql`)}
                />
              )}
            </Field>
            {scripts.length > 1 && (
              <div className="span-2">
                <button
                  type="button"
                  className="btn btn-sm btn-ghost btn-danger-text"
                  onClick={() => onChange(scripts.filter((_, j) => j !== i))}
                >
                  Remove script {i + 1}
                </button>
              </div>
            )}
          </fieldset>
        );
      })}
      {scripts.length < MAX_CUSTOM_SCRIPTS && (
        <button
          type="button"
          className="btn btn-sm"
          onClick={() => onChange([...scripts, newScript(scripts)])}
        >
          Add script
        </button>
      )}
    </div>
  );
}
