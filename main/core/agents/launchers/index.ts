// Runs in the coordinator. Maps a run's `agents.launcher` to its launcher; the composition roots
// may pass their own map (tests pass a local launcher with a command of their choosing).
import type { Logger } from '../../logging/logger';
import { KubernetesLauncher } from './kubernetes';
import type { AgentLauncher, LauncherFor } from './launcher';
import { LocalLauncher } from './local';

export function defaultLaunchers(logger: Logger): LauncherFor {
  const made: Partial<Record<string, AgentLauncher>> = {};
  return (kind) => {
    switch (kind) {
      case 'local':
        return (made.local ??= new LocalLauncher());
      case 'kubernetes':
        return (made.kubernetes ??= new KubernetesLauncher(logger));
      default: {
        const never: never = kind;
        throw new Error(`unknown launcher ${String(never)}`);
      }
    }
  };
}
