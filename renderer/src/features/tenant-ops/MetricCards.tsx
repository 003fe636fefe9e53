// Runs in the renderer. The spec's query metrics for the open tenant, and for a dedicated
// (level 2) tenant each database's size and connections from the server's catalogs.
import { useStore } from 'zustand';
import type { TenantOpsStore } from '../../stores/tenant-ops-store';
import { bytes, latency } from './tenant-ops-view';
import { count } from '../../components/figure-format';

function Card({ label, value }: { label: string; value: string }) {
  return (
    <div className="to-metric" role="group" aria-label={label}>
      <span className="to-metric-label">{label}</span>
      <span className="to-metric-value">{value}</span>
    </div>
  );
}

export function MetricCards({ store }: { store: TenantOpsStore }) {
  const metrics = useStore(store, (s) => s.metrics);
  if (!metrics)
    return (
      <p className="loading" role="status">
        <span className="spinner" aria-hidden="true" /> Loading metrics…
      </p>
    );
  const q = metrics.query_metrics;
  const db = metrics.database_metrics;
  return (
    <section aria-labelledby="to-metrics-title">
      <h3 id="to-metrics-title">Metrics</h3>
      <div className="to-metrics">
        <Card label="Queries this hour" value={count(q.queries_this_hour)} />
        <Card label="Queries today" value={count(q.queries_today)} />
        <Card label="Queries this week" value={count(q.queries_this_week)} />
        <Card label="Average latency" value={latency(q.avg_latency_ms)} />
        <Card label="Max latency" value={latency(q.max_latency_ms)} />
        <Card label="Success rate" value={`${q.success_rate.toFixed(1)} %`} />
        <Card label="Failed queries" value={count(q.failed_queries)} />
        <Card label="Slow queries" value={count(q.slow_queries)} />
        {'databases' in db &&
          db.databases.flatMap((d) => [
            <Card
              key={`${d.database}-size`}
              label={`Size of ${d.database}`}
              value={bytes(d.size_bytes)}
            />,
            <Card
              key={`${d.database}-conn`}
              label={`Connections to ${d.database}`}
              value={String(d.connections)}
            />,
          ])}
      </div>
      {'note' in db && <p className="tn-meta">{db.note}</p>}
    </section>
  );
}
