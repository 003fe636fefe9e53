// Runs in the coordinator. The `ssh` launcher: agents on the user's own hosts, reached through the
// SSH settings of saved connections. Per host it checks Node (24 or later), copies the agent bundle
// once into a cache keyed by its hash, opens a remote port forward back to the coordinator, and
// starts the agents; the token goes through stdin, never a command line. stop() ends them all.
import { randomBytes } from 'node:crypto';
import type { ClientChannel } from 'ssh2';
import { AppError } from '../../../../shared/errors';
import type { SshAgentsSpec } from '../../../../shared/contract/agents';
import type { Tunnel } from '../../connections/tunnel/tunnel';
import type { Logger } from '../../logging/logger';
import {
  AGENT_ENTRY,
  type AgentBundle,
  type AgentBundleResolver,
  NATIVE_ADDON,
} from './agent-bundle';
import type { AgentLauncher, LaunchedAgents, LaunchRequest } from './launcher';
import { tail } from './local';

export const MIN_NODE_MAJOR = 24;
const KILL_GRACE_MS = 3000;

/** A load host: what the SSH session to it can do, and how to name it in messages. */
export interface AgentHost {
  label: string;
  shell: Pick<Tunnel, 'run' | 'start' | 'forwardRemote'>;
}

/** The host behind a saved connection's SSH settings; throws when it has none. */
export type AgentHostResolver = (connectionId: string) => Promise<AgentHost>;

/** A single-quoted word for a POSIX shell. */
export const shellWord = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** A remote path for sh: `~/x` becomes "$HOME"/'x' (quoted, yet expanded on the host). */
export const remotePath = (p: string): string =>
  p === '~' ? '"$HOME"' : p.startsWith('~/') ? `"$HOME"/${shellWord(p.slice(2))}` : shellWord(p);

/** `sh -c 'script'`: the user's login shell may be anything, the script is POSIX sh. */
const sh = (script: string): string => `sh -c ${shellWord(script)}`;

/** The Node major version a `node --version` line names, or null. */
export function nodeMajor(output: string): number | null {
  const m = /^v(\d+)\./.exec(output.trim());
  return m ? Number(m[1]) : null;
}

async function checkNode(host: AgentHost, node: string): Promise<void> {
  const r = await host.shell.run(
    sh(
      `command -v ${shellWord(node)} >/dev/null 2>&1 || exit 127; exec ${shellWord(node)} --version`,
    ),
  );
  const fix = `Install Node.js ${MIN_NODE_MAJOR} or later there, or set agents.ssh.node to its path on that host.`;
  if (r.code === 127)
    throw new AppError(
      'BAD_INPUT',
      `Node.js is not installed on ${host.label} ('${node}' is not on the PATH of an SSH command there). The load agent needs Node.js ${MIN_NODE_MAJOR} or later. ${fix}`,
    );
  const major = nodeMajor(r.stdout);
  if (major === null || r.code !== 0)
    throw new AppError(
      'BAD_INPUT',
      `'${node} --version' did not name a Node.js version on ${host.label}${r.stderr.trim() ? ` (${r.stderr.trim().split('\n')[0]})` : ''}. ${fix}`,
    );
  if (major < MIN_NODE_MAJOR)
    throw new AppError(
      'BAD_INPUT',
      `${host.label} has Node.js ${r.stdout.trim()}; the load agent needs Node.js ${MIN_NODE_MAJOR} or later. ${fix}`,
    );
}

/** Puts the bundle in `<cache>/agent-<hash>/` unless it is there already; true when it copied. */
async function ensureBundle(host: AgentHost, cache: string, bundle: AgentBundle): Promise<boolean> {
  const dir = `${remotePath(cache)}/agent-${bundle.hash}`;
  if ((await host.shell.run(sh(`test -d ${dir}`))).code === 0) return false;
  // Written aside and renamed at once: a dir that exists is complete, even with two copiers.
  const tmp = `${remotePath(cache)}/.agent-${bundle.hash}-${randomBytes(4).toString('hex')}`;
  for (const f of bundle.files) {
    const r = await host.shell.run(
      sh(`mkdir -p ${tmp} && cat > ${tmp}/${shellWord(f.name)}`),
      f.data,
      120_000,
    );
    if (r.code !== 0)
      throw new AppError(
        'REFUSED',
        `The agent could not be copied to ${host.label}: ${r.stderr.trim() || `exit code ${r.code}`}.`,
      );
  }
  await host.shell.run(sh(`if [ -d ${dir} ]; then rm -rf ${tmp}; else mv ${tmp} ${dir}; fi`));
  return true;
}

interface Placed {
  host: AgentHost;
  /** The coordinator URL as this host's agents dial it. */
  url: string;
  closeForward: () => void;
}

interface Started {
  shard: number;
  host: AgentHost;
  pidFile: string;
  channel: ClientChannel;
  closed: Promise<void>;
  isOpen(): boolean;
}

export class SshLauncher implements AgentLauncher {
  constructor(
    private readonly hostFor: AgentHostResolver,
    private readonly bundle: AgentBundleResolver,
    private readonly logger: Logger,
  ) {}

  async launch(r: LaunchRequest): Promise<LaunchedAgents> {
    const spec = r.spec.ssh;
    if (!spec) throw new AppError('BAD_INPUT', 'the ssh launcher needs agents.ssh.hosts');
    const bundle = await this.bundle();
    const ids = [...new Set(spec.hosts)];
    const hosts = new Map<string, AgentHost>();
    await Promise.all(
      ids.map(async (id) => {
        const host = await this.hostFor(id);
        await checkNode(host, spec.node);
        const copied = await ensureBundle(host, spec.cache_dir, bundle);
        this.logger.info(
          `agent bundle ${bundle.hash} ${copied ? 'copied to' : 'already cached on'} ${host.label}`,
        );
        hosts.set(id, host);
      }),
    );
    const placed = new Map<string, Placed>();
    const started: Started[] = [];
    const failures: string[] = [];
    let stopping = false;
    const stop = async () => {
      stopping = true;
      await Promise.all(started.map((s) => this.end(s)));
      for (const p of placed.values()) p.closeForward();
    };
    try {
      for (const id of ids) placed.set(id, await this.place(hosts.get(id)!, r, spec));
      for (let shard = 0; shard < r.count; shard++) {
        const p = placed.get(spec.hosts[shard % spec.hosts.length]!)!;
        const s = await this.startAgent(shard, p, r, spec, bundle);
        started.push(s);
        let stderr = '';
        let exit = 'its SSH channel closed';
        s.channel.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = tail(stderr, d)));
        s.channel.once('exit', (code: number | null, signal?: string) => {
          exit = signal ? `was killed (${signal})` : `exited with code ${code}`;
          if (code === 0) exit = '';
        });
        void s.closed.then(() => {
          if (stopping || exit === '') return;
          const last = stderr.trim().split('\n').slice(-3).join(' | ');
          const message = `agent ${shard} on ${p.host.label} ${exit}${last ? `: ${last}` : ''}`;
          failures.push(message);
          r.exited(shard, message);
        });
      }
    } catch (err) {
      await stop();
      throw err;
    }
    return {
      stop,
      failureLogs: () => Promise.resolve(failures.length > 0 ? failures.join('\n') : null),
    };
  }

  /** The URL this host's agents dial: back through its SSH session, or the coordinator's own. */
  private async place(host: AgentHost, r: LaunchRequest, spec: SshAgentsSpec): Promise<Placed> {
    if (!spec.reverse_tunnel) return { host, url: r.url, closeForward: () => undefined };
    const forward = await host.shell.forwardRemote(r.local.port, r.local.host);
    const url = new URL(r.url);
    return {
      host,
      url: `ws://127.0.0.1:${forward.port}${url.pathname}`,
      closeForward: () => forward.close(),
    };
  }

  private async startAgent(
    shard: number,
    p: Placed,
    r: LaunchRequest,
    spec: SshAgentsSpec,
    bundle: AgentBundle,
  ): Promise<Started> {
    const cache = remotePath(spec.cache_dir);
    const dir = `${cache}/agent-${bundle.hash}`;
    const pidFile = `${cache}/run-${shellWord(r.runId)}-${shard}.pid`;
    const native = bundle.files.some((f) => f.name === NATIVE_ADDON)
      ? `BENCHPHANT_NATIVE_ADDON=${dir}/${NATIVE_ADDON}; export BENCHPHANT_NATIVE_ADDON; `
      : '';
    const args = ['--coordinator', p.url, '--run', r.runId, '--shard', `${shard}/${r.count}`];
    // The token is the first line of stdin, read by the shell into the agent's environment.
    const script =
      `IFS= read -r BENCHPHANT_AGENT_TOKEN || exit 2; export BENCHPHANT_AGENT_TOKEN; ${native}` +
      `echo $$ > ${pidFile}; exec ${shellWord(spec.node)} ${dir}/${AGENT_ENTRY} agent ` +
      args.map(shellWord).join(' ');
    const channel = await p.host.shell.start(sh(script));
    channel.on('error', () => undefined);
    let open = true;
    const closed = new Promise<void>((resolve) =>
      channel.once('close', () => {
        open = false;
        resolve();
      }),
    );
    channel.resume();
    channel.write(`${r.token}\n`);
    return { shard, host: p.host, pidFile, channel, closed, isOpen: () => open };
  }

  /** Ends one agent: TERM through its pid file, KILL after a grace period, then the pid file. */
  private async end(s: Started): Promise<void> {
    const signal = (sig: string) =>
      s.host.shell
        .run(sh(`[ -f ${s.pidFile} ] && kill -${sig} "$(cat ${s.pidFile})" 2>/dev/null; true`))
        .catch((err: unknown) => this.logger.warn(`stopping agent ${s.shard}: ${String(err)}`));
    if (s.isOpen()) {
      await signal('TERM');
      const gone = await Promise.race([
        s.closed.then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), KILL_GRACE_MS)),
      ]);
      if (!gone) await signal('KILL');
      s.channel.close();
    }
    await s.host.shell.run(sh(`rm -f ${s.pidFile}`)).catch(() => undefined);
  }
}
