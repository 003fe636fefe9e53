// Runs in the renderer. The Monitor screen: this machine (live host metrics, history over a chosen
// range, and a comparison of two periods), or a saved connection's database and server host.
import { useEffect, useState } from 'react';
import { ScreenHeader } from '../../app/ScreenHeader';
import { TabBar } from '../../components/TabBar';
import { useConnections, useMetrics } from '../../app/stores-context';
import { CompareView } from './CompareView';
import { ConnectionDashboard } from './ConnectionDashboard';
import { HistoryView } from './HistoryView';
import { LiveView } from './LiveView';
import './monitor.css';
import { RetryNotice } from '../../components/RetryNotice';

const TABS = [
  { id: 'live', label: 'Live' },
  { id: 'history', label: 'History' },
  { id: 'compare', label: 'Compare' },
] as const;
type Tab = (typeof TABS)[number]['id'];

/** "" is this machine; otherwise a saved connection's id. */
function WatchPicker({ value, onChange }: { value: string; onChange: (id: string) => void }) {
  const connections = useConnections((s) => s.items);
  return (
    <label className="field monitor-field monitor-picker">
      <span className="field-label">Watch</span>
      <select
        className="select"
        aria-label="Watch"
        value={value}
        onChange={(e) => onChange(e.target.value)}
      >
        <option value="">This machine</option>
        {connections.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name} ({c.ssh || c.monitor_ssh ? 'database and its server over SSH' : 'database'})
          </option>
        ))}
      </select>
    </label>
  );
}

function HostDashboard() {
  const [tab, setTab] = useState<Tab>('live');
  const load = useMetrics((s) => s.load);
  const error = useMetrics((s) => s.error);
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <>
      {error && <RetryNotice error={error} onRetry={() => void load()} />}
      <TabBar
        tabs={TABS}
        current={tab}
        onChange={setTab}
        label="Monitor views"
        idPrefix="monitor"
      />
      <div id="monitor-panel" role="tabpanel" aria-labelledby={`monitor-tab-${tab}`}>
        {tab === 'live' && <LiveView />}
        {tab === 'history' && <HistoryView />}
        {tab === 'compare' && <CompareView />}
      </div>
    </>
  );
}

export function MonitorScreen() {
  const [watched, setWatched] = useState('');
  const name = useConnections((s) => s.items.find((c) => c.id === watched)?.name);
  return (
    <>
      <ScreenHeader
        title="Monitor"
        subtitle={
          watched
            ? `What the database of “${name ?? 'this connection'}” and its server are doing.`
            : 'What this machine is doing now, and how that compares with before.'
        }
      />
      <WatchPicker value={watched} onChange={setWatched} />
      {watched ? <ConnectionDashboard key={watched} connectionId={watched} /> : <HostDashboard />}
    </>
  );
}
