// Runs in the coordinator. The `local` launcher: N agent processes on this machine (what the tests
// use, and a way to spread load over more processes than one). It never outlives the run: stop()
// ends every process it started.
import { type ChildProcess, spawn } from 'node:child_process';
import type { AgentLauncher, LaunchedAgents, LaunchRequest } from './launcher';
import { type AgentCommandResolver, defaultAgentCommand } from './agent-command';

const TAIL_BYTES = 4096;
const KILL_GRACE_MS = 3000;

/** The last few kB of a process's stderr, for the run's message. */
export function tail(buf: string, more: string): string {
  const s = buf + more;
  return s.length > TAIL_BYTES ? s.slice(s.length - TAIL_BYTES) : s;
}

export class LocalLauncher implements AgentLauncher {
  constructor(private readonly command: AgentCommandResolver = defaultAgentCommand) {}

  launch(r: LaunchRequest): Promise<LaunchedAgents> {
    const { command, args } = this.command();
    const failures: string[] = [];
    const children: ChildProcess[] = [];
    for (let shard = 0; shard < r.count; shard++) {
      const child = spawn(
        command,
        [...args, '--coordinator', r.url, '--run', r.runId, '--shard', `${shard}/${r.count}`],
        {
          // The token goes through the environment: command lines are visible to every user.
          env: { ...process.env, BENCHPHANT_AGENT_TOKEN: r.token, ELECTRON_RUN_AS_NODE: '1' },
          stdio: ['ignore', 'ignore', 'pipe'],
        },
      );
      let stderr = '';
      child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr = tail(stderr, d)));
      child.on('error', (err) => r.exited(shard, `agent ${shard} could not start: ${err.message}`));
      child.on('exit', (code, signal) => {
        if (code === 0) return;
        const why = signal ? `was killed (${signal})` : `exited with code ${code}`;
        const last = stderr.trim().split('\n').slice(-3).join(' | ');
        const message = `agent ${shard} ${why}${last ? `: ${last}` : ''}`;
        failures.push(message);
        r.exited(shard, message);
      });
      children.push(child);
    }
    const exited = (c: ChildProcess) => c.exitCode !== null || c.signalCode !== null;
    return Promise.resolve({
      async stop() {
        await Promise.all(
          children.map(async (c) => {
            if (exited(c)) return;
            const gone = new Promise<void>((resolve) => c.once('exit', () => resolve()));
            c.kill('SIGTERM');
            const timer = setTimeout(() => c.kill('SIGKILL'), KILL_GRACE_MS);
            await gone;
            clearTimeout(timer);
          }),
        );
      },
      failureLogs: () => Promise.resolve(failures.length > 0 ? failures.join('\n') : null),
    });
  }
}
