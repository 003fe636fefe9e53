// Runs in the renderer. A read-only grid of query results: a header per column, one row per
// record, NULL told apart from the empty string, wide values kept on one line and scrollable.
import { cellText } from './cell-text';
import './results-grid.css';

export function ResultsGrid({
  label,
  columns,
  rows,
}: {
  /** The accessible name of the table, e.g. "Query results". */
  label: string;
  columns: readonly string[];
  rows: readonly Record<string, unknown>[];
}) {
  return (
    <div className="results-grid" tabIndex={0} role="region" aria-label={`${label}, scrollable`}>
      <table aria-label={label} aria-rowcount={rows.length + 1}>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            // Result rows have no identity of their own; their position is it.
            <tr key={i}>
              {columns.map((c) => {
                const value = row[c];
                const isNull = value === null || value === undefined;
                return (
                  <td key={c} className={isNull ? 'results-null' : undefined}>
                    {cellText(value)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
