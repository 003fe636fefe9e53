// Runs in the renderer. The saved connections: a search box, grouped by environment or tag (or
// not at all), each group headed with its name and count.
import { useId, useMemo, useState } from 'react';
import type { Connection } from '../../../../shared/model/connection';
import { countOf } from '../../components/figure-format';
import { ConnectionCard } from './ConnectionCard';
import { GROUPINGS, GROUPING_LABELS, type Grouping, groupConnections } from './connection-groups';

export interface ConnectionListProps {
  items: Connection[];
  onEdit: (c: Connection) => void;
  onDelete: (c: Connection) => void;
}

export function ConnectionList({ items, onEdit, onDelete }: ConnectionListProps) {
  const uid = useId();
  const [query, setQuery] = useState('');
  const [by, setBy] = useState<Grouping>('environment');
  const groups = useMemo(() => groupConnections(items, query, by), [items, query, by]);
  const cards = (list: Connection[]) =>
    list.map((c) => (
      <ConnectionCard key={c.id} connection={c} onEdit={onEdit} onDelete={onDelete} />
    ));

  return (
    <>
      <div className="conn-tools" role="search">
        <input
          type="search"
          className="input conn-search"
          aria-label="Search connections"
          placeholder="Search by name, host, database, user or tag"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <label className="conn-group-by" htmlFor={`${uid}-by`}>
          Group by
          <select
            id={`${uid}-by`}
            className="select"
            value={by}
            onChange={(e) => setBy(e.target.value as Grouping)}
          >
            {GROUPINGS.map((g) => (
              <option key={g} value={g}>
                {GROUPING_LABELS[g]}
              </option>
            ))}
          </select>
        </label>
      </div>
      {groups.length === 0 && (
        <p className="conn-none" role="status">
          No connection matches “{query.trim()}”.
        </p>
      )}
      {groups.length === 1 && groups[0]?.title === null ? (
        <ul className="conn-list" aria-label="Saved connections">
          {cards(groups[0].items)}
        </ul>
      ) : (
        groups.length > 0 && (
          <ul className="conn-groups" aria-label="Saved connections">
            {groups.map((g, i) => (
              <li key={g.key} className="conn-group">
                <h2 className="conn-group-title" id={`${uid}-g${i}`}>
                  {g.title}{' '}
                  <span className="conn-group-count">{countOf(g.items.length, 'connection')}</span>
                </h2>
                <ul className="conn-list" aria-labelledby={`${uid}-g${i}`}>
                  {cards(g.items)}
                </ul>
              </li>
            ))}
          </ul>
        )
      )}
    </>
  );
}
