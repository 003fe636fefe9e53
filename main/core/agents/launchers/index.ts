// Runs in the coordinator. Maps a run's `agents.launcher` to its launcher; the composition roots
// may pass their own map (tests pass a local launcher with a command of their choosing).
import type { Logger } from '../../logging/logger';
import { KubernetesLauncher } from './kubernetes';
import { defaultAgentBundle } from './agent-bundle';
import type { AgentLauncher, LauncherFor } from './launcher';
import { LocalLauncher } from './local';
import { type AgentHostResolver, SshLauncher } from './ssh';

const noSshHosts: AgentHostResolver = () =>
  Promise.reject(new Error('the ssh launcher is not available in this process'));

export function defaultLaunchers(
  logger: Logger,
  agentHost: AgentHostResolver = noSshHosts,
): LauncherFor {
  const made: Partial<Record<string, AgentLauncher>> = {};
  return (kind) => {
    switch (kind) {
      case 'local':
        return (made.local ??= new LocalLauncher());
      case 'kubernetes':
        return (made.kubernetes ??= new KubernetesLauncher(logger));
      case 'ssh':
        return (made.ssh ??= new SshLauncher(agentHost, defaultAgentBundle, logger));
      default: {
        const never: never = kind;
        throw new Error(`unknown launcher ${String(never)}`);
      }
    }
  };
}
