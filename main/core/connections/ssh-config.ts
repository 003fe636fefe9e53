// Runs in the main process, server and CLI. Turns a connection's SSH settings into the concrete
// hops to dial, the way OpenSSH reads ~/.ssh/config: HostName, Port, User, IdentityFile and
// ProxyJump of a host alias, with what the user typed in the form taking precedence.
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import SSHConfig from 'ssh-config';
import { AppError } from '../../../shared/errors';
import type { SshAuthMethod, SshHopInput, SshInput } from '../../../shared/model/connection';

/** One hop, ready to dial. */
export interface SshHopPlan {
  /** As the user named it (an alias, maybe), for messages. */
  alias: string;
  host: string;
  port: number;
  user: string;
  auth: SshAuthMethod;
  keyFile?: string;
  secret?: string;
}

export interface SshEnvironment {
  /** ~/.ssh/config; a missing file is an empty config. */
  configFile: string;
  /** The OS user name: OpenSSH's default remote user. */
  localUser: string;
  home: string;
}

export function defaultSshEnvironment(env: NodeJS.ProcessEnv = process.env): SshEnvironment {
  const home = homedir();
  return {
    configFile: join(home, '.ssh', 'config'),
    localUser: env.USER ?? env.LOGNAME ?? 'root',
    home,
  };
}

const MAX_HOPS = 9;

async function loadConfig(file: string): Promise<SSHConfig> {
  try {
    return SSHConfig.parse(await readFile(file, 'utf8'));
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT') return SSHConfig.parse('');
    throw new AppError(
      'BAD_INPUT',
      `The SSH config file ${file} cannot be read (${(err as { code?: string }).code ?? 'unreadable'}). Check its permissions.`,
    );
  }
}

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** The ~, %d, %u, %h, %r expansions OpenSSH applies to IdentityFile. */
function expandPath(path: string, env: SshEnvironment, host: string, user: string): string {
  return path
    .replace(/^~(?=\/|$)/, env.home)
    .replace(/%d/g, env.home)
    .replace(/%u/g, env.localUser)
    .replace(/%h/g, host)
    .replace(/%r/g, user)
    .replace(/%%/g, '%');
}

/** `[user@]host[:port]`, one element of a ProxyJump list. */
function parseJump(spec: string): SshHopInput {
  const m = /^(?:([^@]+)@)?(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(spec.trim());
  if (!m?.[2])
    throw new AppError('BAD_INPUT', `ProxyJump entry '${spec}' is not [user@]host[:port].`);
  return {
    host: m[2].replace(/^\[|\]$/g, ''),
    ...(m[3] ? { port: Number(m[3]) } : {}),
    ...(m[1] ? { user: m[1] } : {}),
    // Hops that come from the config authenticate as ssh would: its IdentityFile, else the agent.
    auth: 'agent',
  };
}

function planHop(
  hop: SshHopInput,
  config: SSHConfig,
  env: SshEnvironment,
  fromConfig: boolean,
): { plan: SshHopPlan; proxyJump?: string } {
  const c = config.compute(hop.host, { ignoreCase: true, matchExec: false });
  const host = first(c.hostname) ?? hop.host;
  const port = hop.port ?? (first(c.port) ? Number(first(c.port)) : 22);
  const user = hop.user ?? first(c.user) ?? env.localUser;
  const identity = hop.key_file ?? first(c.identityfile);
  const auth: SshAuthMethod = fromConfig && identity ? 'key' : hop.auth;
  const proxyJump = first(c.proxyjump);
  return {
    plan: {
      alias: hop.host,
      host,
      port,
      user,
      auth,
      ...(identity && auth === 'key' ? { keyFile: expandPath(identity, env, host, user) } : {}),
      ...(hop.secret ? { secret: hop.secret } : {}),
    },
    ...(proxyJump && proxyJump !== 'none' ? { proxyJump } : {}),
  };
}

/** The jump hosts a config-derived ProxyJump names, each resolved (recursively) in turn. */
function planProxyJump(
  proxyJump: string,
  config: SSHConfig,
  env: SshEnvironment,
  depth: number,
): SshHopPlan[] {
  if (depth > MAX_HOPS)
    throw new AppError('BAD_INPUT', 'ProxyJump in the SSH config loops or nests too deeply.');
  const hops: SshHopPlan[] = [];
  for (const spec of proxyJump.split(',')) {
    const { plan, proxyJump: inner } = planHop(parseJump(spec), config, env, true);
    // Only the first jump's own ProxyJump applies, as in OpenSSH.
    if (hops.length === 0 && inner) hops.push(...planProxyJump(inner, config, env, depth + 1));
    hops.push(plan);
  }
  return hops;
}

/** Every hop in dialling order: the jump hosts first, the host that forwards to the database last. */
export async function planSshHops(
  ssh: SshInput,
  env: SshEnvironment = defaultSshEnvironment(),
): Promise<SshHopPlan[]> {
  const config = await loadConfig(env.configFile);
  const target = planHop(ssh, config, env, false);
  const jumps =
    ssh.jumps.length > 0
      ? ssh.jumps.map((j) => planHop(j, config, env, false).plan)
      : target.proxyJump
        ? planProxyJump(target.proxyJump, config, env, 1)
        : [];
  const hops = [...jumps, target.plan];
  if (hops.length > MAX_HOPS) throw new AppError('BAD_INPUT', `At most ${MAX_HOPS} SSH hops.`);
  return hops;
}
