// Runs in the coordinator. What the benchmark engine needs to know about distributed runs: whether
// a request's `agents` make sense, and the pool that runs its clients on agents.
import type { AgentsSpec } from '../../../shared/contract/agents';
import type { RunStart } from '../../../shared/contract/benchmarks';
import type { PoolHandlers, RunPool } from '../benchmark/pool';
import type { Logger } from '../logging/logger';
import { AgentPool } from './agent-pool';
import type { LauncherFor } from './launchers/launcher';
import type { TopologyRepository } from './topology';

/** A sentence for the user when the request's agents cannot run, or null. */
export function agentsProblem(input: RunStart): string | null {
  const a = input.agents;
  if (!a) return null;
  if (a.count > input.threads)
    return `agents.count (${a.count}) exceeds threads (${input.threads}): every agent needs at least one client`;
  if (a.launcher === 'kubernetes' && !a.kubernetes)
    return 'the kubernetes launcher needs agents.kubernetes (at least the image)';
  if (a.launcher === 'ssh' && !a.ssh)
    return 'the ssh launcher needs agents.ssh.hosts (saved connections whose SSH settings reach the load hosts)';
  if (
    a.launcher === 'ssh' &&
    a.ssh?.reverse_tunnel === false &&
    !a.coordinator_url &&
    isLoopback(a.listen_host)
  )
    return 'hosts cannot dial a loopback address: keep agents.ssh.reverse_tunnel, or give agents.listen_host and agents.coordinator_url';
  if (a.launcher === 'kubernetes' && !a.coordinator_url && isLoopback(a.listen_host))
    return 'pods cannot dial a loopback address: give agents.listen_host (e.g. 0.0.0.0) and agents.coordinator_url';
  return null;
}

const isLoopback = (host: string) => host === 'localhost' || /^127\./.test(host) || host === '::1';

export interface DistributedDeps {
  launchers: LauncherFor;
  topology: TopologyRepository;
  logger: Logger;
}

/** The execution's pool for a distributed run: agents instead of worker threads. */
export function agentPoolFactory(
  runId: string,
  spec: AgentsSpec,
  deps: DistributedDeps,
): { count: number; pool(handlers: PoolHandlers): RunPool } {
  return {
    count: spec.count,
    pool: (handlers) => new AgentPool({ runId, spec, ...deps }, handlers),
  };
}
