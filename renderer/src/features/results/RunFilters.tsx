// Runs in the renderer. The run list's filters: connection, workload, tag, status, a day range
// and free-text search (applied a moment after typing stops).
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { RUN_STATUSES } from '../../../../shared/contract/benchmarks';
import { useConnections } from '../../app/stores-context';
import type { ResultsStore } from '../../stores/results-store';
import { statusLabel, WORKLOADS } from '../benchmarks/workload-defaults';
import type { FilterFields } from './filters';

const SEARCH_DELAY_MS = 250;

export function RunFilters({ store }: { store: ResultsStore }) {
  const fields = useStore(store, (s) => s.fields);
  const filterError = useStore(store, (s) => s.filterError);
  const knownTags = useStore(store, (s) => s.knownTags);
  const setFields = useStore(store, (s) => s.setFields);
  const resetFields = useStore(store, (s) => s.resetFields);
  const connections = useConnections((s) => s.items);
  const [search, setSearch] = useState(fields.search);

  useEffect(() => {
    if (search === fields.search) return;
    const timer = setTimeout(() => void setFields({ search }), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [search, fields.search, setFields]);

  const select = (key: keyof FilterFields, label: string, options: [string, string][]) => (
    <div className="field">
      <label className="field-label" htmlFor={`results-filter-${key}`}>
        {label}
      </label>
      <select
        id={`results-filter-${key}`}
        className="select"
        value={fields[key]}
        onChange={(e) => void setFields({ [key]: e.target.value })}
      >
        <option value="">Any</option>
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
  const day = (key: 'from' | 'to', label: string) => (
    <div className="field">
      <label className="field-label" htmlFor={`results-filter-${key}`}>
        {label}
      </label>
      <input
        id={`results-filter-${key}`}
        type="date"
        className="input"
        value={fields[key]}
        aria-invalid={Boolean(filterError)}
        aria-describedby={filterError ? 'results-filter-error' : undefined}
        onChange={(e) => void setFields({ [key]: e.target.value })}
      />
    </div>
  );
  const active = Object.values(fields).some((v) => v !== '');

  return (
    <form
      className="results-filters"
      aria-label="Filter runs"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        void setFields({ search });
      }}
    >
      <div className="field results-search">
        <label className="field-label" htmlFor="results-filter-search">
          Search
        </label>
        <input
          id="results-filter-search"
          type="search"
          className="input"
          placeholder="Workload, connection, tag, note…"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
      </div>
      {select(
        'connection_id',
        'Connection',
        connections.map((c) => [c.id, c.name]),
      )}
      {select(
        'type',
        'Workload',
        WORKLOADS.map((w) => [w.type, w.label]),
      )}
      {select(
        'tag',
        'Tag',
        knownTags.map((t) => [t, t]),
      )}
      {select(
        'status',
        'Status',
        RUN_STATUSES.map((s) => [s, statusLabel(s)]),
      )}
      {day('from', 'From')}
      {day('to', 'To')}
      <div className="results-filters-reset">
        <button
          type="button"
          className="btn btn-ghost"
          disabled={!active}
          onClick={() => {
            setSearch('');
            void resetFields();
          }}
        >
          Clear filters
        </button>
      </div>
      {filterError && (
        <p id="results-filter-error" className="field-error results-filters-error" role="alert">
          {filterError}
        </p>
      )}
    </form>
  );
}
