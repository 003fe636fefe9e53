// Runs in the renderer. The Monitor screen: live host metrics, history over a chosen range, and
// a comparison of two periods. Reads the metrics store only.
import { useEffect, useState } from 'react';
import { ScreenHeader } from '../../app/ScreenHeader';
import { TabBar } from '../../components/TabBar';
import { useMetrics } from '../../app/stores-context';
import { CompareView } from './CompareView';
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

export function MonitorScreen() {
  const [tab, setTab] = useState<Tab>('live');
  const load = useMetrics((s) => s.load);
  const error = useMetrics((s) => s.error);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <>
      <ScreenHeader
        title="Monitor"
        subtitle="What this machine is doing now, and how that compares with before."
      />
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
