// Runs in the renderer. How a distributed run's launcher reads in a sentence ("3 agents over SSH").
import type { AgentsSpec } from '../../../../shared/contract/agents';

export const LAUNCHER_WORDS: Record<AgentsSpec['launcher'], string> = {
  local: 'on this machine',
  kubernetes: 'on Kubernetes',
  ssh: 'over SSH',
};
