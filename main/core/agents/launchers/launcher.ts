// Runs in the coordinator. The one interface every way of starting load agents implements: local
// processes, a Kubernetes Indexed Job, hosts over SSH. A launcher starts and stops agents; it never coordinates.
import type { AgentsSpec } from '../../../../shared/contract/agents';

export interface LaunchRequest {
  runId: string;
  count: number;
  /** The URL agents dial. */
  url: string;
  /** Where this machine reaches the coordinator's listener (a tunnel back to it ends there). */
  local: { host: string; port: number };
  /** The run's agent token; handed over without showing up in a process list or a manifest. */
  token: string;
  spec: AgentsSpec;
  /** An agent ended (or could not start): its shard, or null when the launcher cannot tell. */
  exited(shard: number | null, message: string): void;
}

export interface LaunchedAgents {
  /** Stops every agent still running and removes what the launch created. Idempotent. */
  stop(): Promise<void>;
  /** The last output of agents that failed, for the run's message; null when there is none. */
  failureLogs(): Promise<string | null>;
}

export interface AgentLauncher {
  launch(request: LaunchRequest): Promise<LaunchedAgents>;
}

export type LauncherFor = (launcher: AgentsSpec['launcher']) => AgentLauncher;
