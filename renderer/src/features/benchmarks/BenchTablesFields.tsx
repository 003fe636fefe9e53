// Runs in the renderer. Where the New run form puts benchmark tables: the schema (PostgreSQL) or
// database (MySQL), Cleanup after the run, and "Drop benchmark tables" for that place.
import { useState } from 'react';
import type { DbType } from '../../../../shared/model/connection';
import { benchPlace } from '../connections/labels';
import { Field } from '../../components/Field';
import type { BenchmarksStore } from '../../stores/benchmarks-store';
import { DropTablesDialog } from './DropTablesDialog';
import { schemaProblem } from './run-form';

export function BenchTablesFields({
  schemaId,
  store,
  connection,
  schema,
  schemaError,
  onSchema,
  onSchemaBlur,
  cleanup,
  onCleanup,
}: {
  schemaId: string;
  store: BenchmarksStore;
  connection: { id: string; name: string; type: DbType } | undefined;
  schema: string;
  /** The form's word on the name: shown once the field was left or the form submitted. */
  schemaError: string | undefined;
  onSchema: (schema: string) => void;
  onSchemaBlur: () => void;
  cleanup: boolean;
  onCleanup: (cleanup: boolean) => void;
}) {
  const [dropping, setDropping] = useState(false);
  const [dropped, setDropped] = useState<string | null>(null);
  const place = connection ? benchPlace(connection.type) : 'schema';
  const problem = schemaProblem(schema, place);
  return (
    <>
      <Field
        id={schemaId}
        label={`Benchmark ${place}`}
        className="span-2"
        error={schemaError}
        hint={`Benchmark tables go in this ${place}; pick your own to keep your data apart from other users'.`}
      >
        {(a) => (
          <div className="bench-schema-row">
            <input
              {...a}
              className="input mono"
              value={schema}
              spellCheck={false}
              onChange={(e) => {
                onSchema(e.target.value);
                setDropped(null);
              }}
              onBlur={onSchemaBlur}
            />
            <button
              type="button"
              className="btn btn-sm"
              disabled={!connection || problem !== null}
              onClick={() => setDropping(true)}
            >
              Drop benchmark tables…
            </button>
          </div>
        )}
      </Field>
      <label className="check span-2">
        <input type="checkbox" checked={cleanup} onChange={(e) => onCleanup(e.target.checked)} />
        Clean up after the run
        <span className="field-hint">Drop the benchmark tables once the run ends.</span>
      </label>
      {dropped && (
        <p className="span-2 notice" role="status" data-testid="tables-dropped">
          {dropped}
        </p>
      )}
      {dropping && connection && (
        <DropTablesDialog
          store={store}
          connection={connection}
          schema={schema}
          place={place}
          onDone={setDropped}
          onClose={() => setDropping(false)}
        />
      )}
    </>
  );
}
