// Runs in the renderer. The open tenant's query log: filtered by kind and age, newest first, a
// page at a time, and the threshold above which a statement counts as slow.
import { type FormEvent, useState } from 'react';
import { useStore } from 'zustand';
import { SINCE, tenantLogSettingsSchema } from '../../../../shared/contract/tenant-ops';
import type { LogType, Since, TenantOpsStore } from '../../stores/tenant-ops-store';
import { useAction } from '../tenants/useAction';
import { count, timeOfDay } from '../../components/figure-format';
import { latency } from './tenant-ops-view';

/** The slow threshold's upper bound, read from the contract. */
const MAX_SLOW_MS = tenantLogSettingsSchema.shape.slow_query_ms.maxValue ?? 3_600_000;

const TYPES: { id: LogType; label: string }[] = [
  { id: 'all', label: 'All statements' },
  { id: 'error', label: 'Errors' },
  { id: 'slow', label: 'Slow' },
];
const SINCE_LABELS: Record<Since, string> = {
  '1h': 'Last hour',
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
};

function SlowThreshold({ store }: { store: TenantOpsStore }) {
  const saved = useStore(store, (s) => s.slowQueryMs);
  const setSlowThreshold = useStore(store, (s) => s.setSlowThreshold);
  // null: not edited, so the saved value shows.
  const [edited, setEdited] = useState<string | null>(null);
  const text = edited ?? (saved === null ? '' : String(saved));
  const [save, state] = useAction(async (ms: number) => {
    const message = await setSlowThreshold(ms);
    setEdited(null);
    return message;
  });
  const value = Number(text);
  const invalid = !Number.isInteger(value) || value < 1 || value > MAX_SLOW_MS;
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!invalid) void save(value);
  };
  return (
    <form className="to-threshold" onSubmit={onSubmit}>
      <label className="field-label" htmlFor="to-slow-ms">
        Slow threshold (ms)
      </label>
      <input
        id="to-slow-ms"
        className="input"
        inputMode="numeric"
        value={text}
        aria-invalid={invalid}
        aria-describedby="to-slow-hint"
        onChange={(e) => setEdited(e.target.value)}
      />
      <button type="submit" className="btn btn-sm" disabled={invalid || state.busy}>
        Save
      </button>
      <span id="to-slow-hint" className="field-hint" role="status">
        {state.error ??
          state.message ??
          `A whole number of milliseconds, 1 to ${count(MAX_SLOW_MS)}; applies to every tenant.`}
      </span>
    </form>
  );
}

export function LogsSection({ store }: { store: TenantOpsStore }) {
  const logs = useStore(store, (s) => s.logs);
  const hasMore = useStore(store, (s) => s.logsHasMore);
  const loading = useStore(store, (s) => s.logsLoading);
  const filter = useStore(store, (s) => s.logFilter);
  const setLogFilter = useStore(store, (s) => s.setLogFilter);
  const loadMoreLogs = useStore(store, (s) => s.loadMoreLogs);

  return (
    <section aria-labelledby="to-logs-title">
      <h3 id="to-logs-title">Query log</h3>
      <div className="to-filters">
        <div className="field">
          <label className="field-label" htmlFor="to-log-type">
            Show
          </label>
          <select
            id="to-log-type"
            className="select"
            value={filter.type}
            onChange={(e) => void setLogFilter({ ...filter, type: e.target.value as LogType })}
          >
            {TYPES.map((t) => (
              <option key={t.id} value={t.id}>
                {t.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field-label" htmlFor="to-log-since">
            Since
          </label>
          <select
            id="to-log-since"
            className="select"
            value={filter.since}
            onChange={(e) => void setLogFilter({ ...filter, since: e.target.value as Since })}
          >
            {SINCE.map((s) => (
              <option key={s} value={s}>
                {SINCE_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <SlowThreshold store={store} />
      </div>
      {logs.length === 0 ? (
        <p className="tn-empty">{loading ? 'Loading…' : 'No statements logged in this period.'}</p>
      ) : (
        <div
          className="tn-table-wrap to-logs-wrap"
          tabIndex={0}
          role="region"
          aria-label="Query log, scrollable"
        >
          <table className="tn-table" aria-label="Query log">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Database</th>
                <th scope="col">Statement</th>
                <th scope="col">Duration</th>
                <th scope="col">Rows</th>
                <th scope="col">Error</th>
              </tr>
            </thead>
            <tbody>
              {logs.map((l) => (
                <tr key={l.id} data-log={l.id} className={l.error ? 'to-log-error' : undefined}>
                  <th scope="row" className="tn-nowrap">
                    <time dateTime={l.timestamp}>{timeOfDay(l.timestamp)}</time>
                  </th>
                  <td className="mono">{l.database}</td>
                  <td>
                    <code className="to-sql">{l.query}</code>
                  </td>
                  <td className="tn-nowrap">
                    {latency(l.duration_ms)}
                    {l.slow && <span className="tn-badge tn-badge-warn">slow</span>}
                  </td>
                  <td>{l.rows ?? '—'}</td>
                  <td className="field-error">{l.error ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {hasMore && (
        <button
          type="button"
          className="btn btn-sm"
          disabled={loading}
          onClick={() => void loadMoreLogs()}
        >
          {loading && <span className="spinner" aria-hidden="true" />}
          Load more
        </button>
      )}
    </section>
  );
}
