// Runs in the renderer. A schema as a tree: each table opens onto its columns, indexes and
// foreign keys (native <details>, so it works with the keyboard and a screen reader as is).
import type { SchemaSnapshot } from '../../../../shared/contract/tenants';
import { columnLabel, foreignKeyLabel, indexLabel } from './tenant-view';

export function SchemaTree({ schema, label }: { schema: SchemaSnapshot; label: string }) {
  if (schema.tables.length === 0) return <p className="tn-empty">No tables yet.</p>;
  return (
    <ul className="tn-tree" aria-label={label}>
      {schema.tables.map((t) => (
        <li key={t.name}>
          <details>
            <summary>
              <span className="mono">{t.name}</span>{' '}
              <span className="tn-col-type">
                {t.columns.length} {t.columns.length === 1 ? 'column' : 'columns'}
              </span>
            </summary>
            <div className="tn-tree-body">
              <section>
                <h4>Columns</h4>
                <ul>
                  {t.columns.map((c) => (
                    <li key={c.name}>
                      <span className="mono">{c.name}</span>{' '}
                      <span className="tn-col-type mono">{columnLabel(c)}</span>
                    </li>
                  ))}
                </ul>
              </section>
              {t.indexes.length > 0 && (
                <section>
                  <h4>Indexes</h4>
                  <ul>
                    {t.indexes.map((ix) => (
                      <li key={ix.name}>
                        <span className="mono">{ix.name}</span>{' '}
                        <span className="tn-col-type mono">{indexLabel(ix)}</span>
                      </li>
                    ))}
                  </ul>
                </section>
              )}
              {t.foreign_keys.length > 0 && (
                <section>
                  <h4>Foreign keys</h4>
                  <ul>
                    {t.foreign_keys.map((fk) => (
                      <li key={fk.name}>
                        <span className="mono">{fk.name}</span>{' '}
                        <span className="tn-col-type mono">{foreignKeyLabel(fk)}</span>
                      </li>
                    ))}
                  </ul>
                </section>
              )}
            </div>
          </details>
        </li>
      ))}
    </ul>
  );
}
