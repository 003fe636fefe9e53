// Runs in the coordinator. The one place that knows how to start `benchphant agent` on this
// machine: the bundled CLI next to the bundle, or the .ts entry run through tsx from sources.
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface AgentCommand {
  command: string;
  args: string[];
}

export type AgentCommandResolver = () => AgentCommand;

export const defaultAgentCommand: AgentCommandResolver = () => {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const tsx = pathToFileURL(createRequire(here).resolve('tsx')).href;
    const entry = fileURLToPath(new URL('../../../cli/agent-entry.ts', here));
    return { command: process.execPath, args: ['--import', tsx, entry, 'agent'] };
  }
  return { command: process.execPath, args: [fileURLToPath(new URL('./cli.mjs', here)), 'agent'] };
};
