// Runs in the renderer. The agents of a distributed run beside its totals: each shard's host,
// state, clock offset, clients and throughput, refreshed every two seconds while the run is live.
import { useEffect } from 'react';
import type { RunAgent } from '../../../../shared/contract/agents';
import { useAgents } from '../../app/stores-context';
import { count } from '../../components/figure-format';
import { LAUNCHER_WORDS } from './agent-words';

const REFRESH_MS = 2000;

const STATE_TEXT: Record<RunAgent['state'], string> = {
  launching: 'Starting',
  connected: 'Connected',
  ready: 'Ready',
  running: 'Running',
  done: 'Done',
  lost: 'Lost',
};

export function AgentsPanel({ runId, live }: { runId: string; live: boolean }) {
  const load = useAgents((s) => s.load);
  const topology = useAgents((s) => (s.runId === runId ? s.topology : null));
  const error = useAgents((s) => (s.runId === runId ? s.error : null));
  useEffect(() => {
    void load(runId);
    if (!live) return;
    const timer = setInterval(() => void load(runId), REFRESH_MS);
    return () => clearInterval(timer);
  }, [load, runId, live]);
  if (error) return <p className="notice notice-error">{error}</p>;
  if (!topology) return null;
  const totalQps = topology.agents.reduce((s, a) => s + (a.intervals.at(-1)?.qps ?? 0), 0);
  return (
    <section className="bench-agents" aria-label="Agents" data-testid="run-agents">
      <h3>
        {topology.count} agents {LAUNCHER_WORDS[topology.launcher]} · latest interval{' '}
        {count(totalQps)} queries/s
      </h3>
      <table>
        <thead>
          <tr>
            <th scope="col">Shard</th>
            <th scope="col">Host</th>
            <th scope="col">State</th>
            <th scope="col">Clients</th>
            <th scope="col">Clock offset</th>
            <th scope="col">Queries/s</th>
            <th scope="col">Queries</th>
            <th scope="col">Errors</th>
          </tr>
        </thead>
        <tbody>
          {topology.agents.map((a) => (
            <tr key={a.shard} data-state={a.state}>
              <td>{a.shard}</td>
              <td>{a.host ?? '—'}</td>
              <td title={a.message ?? undefined}>
                {STATE_TEXT[a.state]}
                {a.lost_from_interval !== null && ` from interval ${a.lost_from_interval}`}
              </td>
              <td>{a.clients}</td>
              <td>
                {a.clock_offset_ms === null
                  ? '—'
                  : `${a.clock_offset_ms.toFixed(1)} ± ${(a.clock_error_ms ?? 0).toFixed(1)} ms`}
              </td>
              <td>{count(a.intervals.at(-1)?.qps ?? 0)}</td>
              <td>{count(a.queries)}</td>
              <td>{count(a.errors)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
