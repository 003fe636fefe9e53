// Runs in the main process, server and CLI. The report's section on distributed runs: per run that
// had load agents, each agent's host, health and share of the measured load. Empty when no
// compared run was distributed.
import type { ComparedRun } from '../../../../shared/contract/results';
import { escapeHtml as e } from './escape';

const num = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 1 });

const STATE_TEXT: Record<NonNullable<ComparedRun['agents']>['agents'][number]['state'], string> = {
  launching: 'starting',
  connected: 'connected',
  ready: 'ready',
  running: 'running',
  done: 'done',
  lost: 'lost',
};

export function agentsSection(runs: readonly ComparedRun[]): string {
  const tables = runs.flatMap((r, i) => {
    const t = r.agents;
    if (!t) return [];
    const rows = t.agents
      .map(
        (a) =>
          `<tr><td>${a.shard}</td><td>${e(a.host ?? '—')}</td><td>${e(STATE_TEXT[a.state])}${
            a.lost_from_interval === null ? '' : ` from interval ${a.lost_from_interval}`
          }</td><td>${a.clients}</td><td>${num(a.qps)}</td><td>${num(a.queries)}</td><td>${num(a.errors)}</td></tr>`,
      )
      .join('');
    return [
      `<h3>Run ${i + 1}: ${e(r.label)} — ${t.count} agents (${e(t.launcher)}), on agent loss: ${e(t.on_agent_loss)}</h3>
<table class="agents"><thead><tr><th scope="col">Agent</th><th scope="col">Host</th><th scope="col">State</th><th scope="col">Clients</th><th scope="col">QPS</th><th scope="col">Queries</th><th scope="col">Errors</th></tr></thead><tbody>${rows}</tbody></table>`,
    ];
  });
  if (tables.length === 0) return '';
  return `<h2>Load agents</h2>
<p class="meta">Distributed runs: each agent's share of the measured intervals (QPS is its mean over the intervals it sent). The run's own figures above merge every agent's histograms exactly.</p>
${tables.join('\n')}`;
}
