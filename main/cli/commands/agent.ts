// Runs in the CLI process. `benchphant agent`: one load agent of a distributed run, started by a
// launcher (local processes, a Kubernetes Indexed Job). It opens no data directory and keeps no
// state; the token comes from --token or the environment, never from a file it would write.
import { type Command, InvalidArgumentError } from 'commander';
import { Agent, AgentFailure } from '../../core/agents/agent';
import { parseShard } from '../../core/agents/wire';
import { defaultWorkerScript } from '../../core/benchmark/worker-script';
import { createLogger } from '../../core/logging/logger';
import { CliFailure, EXIT_USAGE } from '../exit';
import { type CliIo, writeLine } from '../io';

interface AgentCliOptions {
  coordinator: string;
  run: string;
  shard?: string;
  shards?: string;
  token?: string;
}

function coordinatorUrl(value: string): string {
  if (!/^wss?:\/\/[^\s]+$/.test(value))
    throw new InvalidArgumentError('It must be a ws:// or wss:// URL.');
  return value;
}

/** `--shard i/N`, or `--shards N` with the index from Kubernetes' JOB_COMPLETION_INDEX. */
function shardOf(o: AgentCliOptions, env: NodeJS.ProcessEnv): { index: number; count: number } {
  const text = o.shard ?? (o.shards ? `${env.JOB_COMPLETION_INDEX ?? ''}/${o.shards}` : '');
  const shard = parseShard(text);
  if (!shard)
    throw new CliFailure(
      'give --shard i/N (0 ≤ i < N), or --shards N with JOB_COMPLETION_INDEX set',
      EXIT_USAGE,
    );
  return shard;
}

export function agentCommand(program: Command, io: CliIo): void {
  program
    .command('agent')
    .description('Run one load agent of a distributed benchmark run (started by a launcher).')
    .requiredOption(
      '--coordinator <url>',
      'the coordinator to dial (ws:// or wss://)',
      coordinatorUrl,
    )
    .requiredOption('--run <id>', 'the run this agent belongs to')
    .option('--shard <i/N>', 'this agent is shard i of N')
    .option('--shards <N>', 'the number of shards; the index comes from JOB_COMPLETION_INDEX')
    .option('--token <token>', 'the run agent token (default: BENCHPHANT_AGENT_TOKEN)')
    .action(async (o: AgentCliOptions) => {
      const token = o.token ?? io.env.BENCHPHANT_AGENT_TOKEN;
      if (!token) throw new CliFailure('give --token or set BENCHPHANT_AGENT_TOKEN', EXIT_USAGE);
      const shard = shardOf(o, io.env);
      const logger = createLogger({ level: 'info', echo: (line) => writeLine(io.stderr, line) });
      const agent = new Agent({
        coordinator: o.coordinator,
        runId: o.run,
        shard,
        token,
        script: defaultWorkerScript(),
        logger,
      });
      const signal = io.untilSignal().then(async (s) => {
        await agent.abort();
        throw new CliFailure(`agent ${shard.index} stopped by ${s}`);
      });
      try {
        await Promise.race([agent.run(), signal]);
        logger.info(`agent ${shard.index}/${shard.count} finished`);
      } catch (err) {
        if (err instanceof AgentFailure) throw new CliFailure(err.message);
        throw err;
      }
    });
}
