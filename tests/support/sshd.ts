// Test helper. A real OpenSSH server (Debian's /usr/sbin/sshd) on a spare loopback port, with its
// own host key, authorized_keys and config in a temporary directory; plus client keys, an
// ssh-agent, and a throwaway Linux user for password logins. Everything is removed by stop().
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freeLoopbackPort } from '../../main/core/sandbox/service';
import { makeTempDir, type TempDir } from './temp-dir';

const run = promisify(execFile);
export const SSHD = '/usr/sbin/sshd';

export interface KeyPair {
  privateFile: string;
  publicLine: string;
}

/** A new ed25519 key pair (optionally passphrase-protected) in `dir`. */
export async function makeKeyPair(dir: string, name: string, passphrase = ''): Promise<KeyPair> {
  const privateFile = join(dir, name);
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-C', name, '-f', privateFile]);
  return { privateFile, publicLine: readFileSync(`${privateFile}.pub`, 'utf8').trim() };
}

export interface Sshd {
  port: number;
  dir: string;
  /** The host key's public line (`ssh-ed25519 AAAA… comment`). */
  hostKeyLine: string;
  /** Established TCP connections to this sshd right now (one per SSH session). */
  sessions(): number;
  /** Kills the processes serving the open sessions: the client sees the connection drop. */
  dropSessions(): Promise<void>;
  /** Replaces the host key with a new one and restarts: a "changed host key". */
  regenerateHostKey(): Promise<void>;
  stop(): Promise<void>;
}

async function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const { connect } = await import('node:net');
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`sshd exited: ${log()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`sshd did not listen on ${port}: ${log()}`);
}

/** Established connections whose local port is `port`, read from /proc/net/tcp{,6}. */
function establishedTo(port: number): number {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  let n = 0;
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      // f[1] local address:port, f[3] state (01 = ESTABLISHED)
      if (f[1]?.endsWith(`:${hexPort}`) && f[3] === '01') n += 1;
    }
  }
  return n;
}

export async function startSshd(opts: { authorizedKeys: string[] }): Promise<Sshd> {
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const tmp: TempDir = makeTempDir('benchphant-sshd-');
  const dir = tmp.path;
  const port = await freeLoopbackPort();
  const hostKey = join(dir, 'host_ed25519');
  writeFileSync(join(dir, 'authorized_keys'), `${opts.authorizedKeys.join('\n')}\n`, {
    mode: 0o600,
  });
  const config = join(dir, 'sshd_config');
  writeFileSync(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKey}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      'UsePAM no',
      'StrictModes no',
      'PermitRootLogin yes',
      'PubkeyAuthentication yes',
      'PasswordAuthentication yes',
      'KbdInteractiveAuthentication no',
      'AllowTcpForwarding yes',
      'PermitTTY no',
      'X11Forwarding no',
      'LogLevel VERBOSE',
      '',
    ].join('\n'),
  );

  let child: ChildProcess | undefined;
  let log = '';
  const start = async () => {
    log = '';
    child = spawn(SSHD, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr?.on('data', (d: Buffer) => {
      log = (log + d.toString()).slice(-4000);
    });
    await waitForPort(port, child, () => log);
  };
  const killTree = async () => {
    const c = child;
    if (!c?.pid || c.exitCode !== null) return;
    // Session processes are children of the listener; end them, then the listener.
    await run('pkill', ['-TERM', '-P', String(c.pid)]).catch(() => undefined);
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGTERM');
    await exited;
  };
  const newHostKey = async () => {
    await run('rm', ['-f', hostKey, `${hostKey}.pub`]);
    await run('ssh-keygen', [
      '-q',
      '-t',
      'ed25519',
      '-N',
      '',
      '-C',
      'benchphant-test-host',
      '-f',
      hostKey,
    ]);
  };

  await newHostKey();
  await start();
  const sshd: Sshd = {
    port,
    dir,
    hostKeyLine: readFileSync(`${hostKey}.pub`, 'utf8').trim(),
    sessions: () => establishedTo(port),
    async dropSessions() {
      if (child?.pid) await run('pkill', ['-KILL', '-P', String(child.pid)]).catch(() => undefined);
    },
    async regenerateHostKey() {
      await killTree();
      await newHostKey();
      sshd.hostKeyLine = readFileSync(`${hostKey}.pub`, 'utf8').trim();
      await start();
    },
    async stop() {
      await killTree();
      tmp.remove();
    },
  };
  return sshd;
}

/** `[127.0.0.1]:port ssh-ed25519 AAAA…`: a known_hosts line for the server. */
export const knownHostsLine = (sshd: Sshd) =>
  `[127.0.0.1]:${sshd.port} ${sshd.hostKeyLine.split(' ').slice(0, 2).join(' ')}`;

export interface SshAgent {
  socket: string;
  stop(): Promise<void>;
}

/** A private ssh-agent holding `keys` (unencrypted key files). */
export async function startAgent(dir: string, keys: string[]): Promise<SshAgent> {
  const socket = join(dir, 'agent.sock');
  const { stdout } = await run('ssh-agent', ['-a', socket, '-s']);
  const pid = /SSH_AGENT_PID=(\d+)/.exec(stdout)?.[1];
  if (!pid) throw new Error(`ssh-agent did not start: ${stdout}`);
  for (const key of keys)
    await run('ssh-add', ['-q', key], { env: { ...process.env, SSH_AUTH_SOCK: socket } });
  return {
    socket,
    stop: async () => {
      process.kill(Number(pid), 'SIGTERM');
    },
  };
}

export interface LinuxUser {
  name: string;
  password: string;
  remove(): Promise<void>;
}

/** A throwaway Linux user with a password, for SSH password logins (needs root). */
export async function makeLinuxUser(name: string, password: string): Promise<LinuxUser> {
  await run('userdel', ['-f', name]).catch(() => undefined);
  await run('useradd', ['-M', '-d', '/nonexistent', '-s', '/usr/sbin/nologin', name]);
  const chpasswd = spawn('chpasswd', [], { stdio: ['pipe', 'ignore', 'pipe'] });
  chpasswd.stdin.end(`${name}:${password}\n`);
  const code = await new Promise<number | null>((r) => chpasswd.once('exit', r));
  if (code !== 0) throw new Error(`chpasswd failed for ${name}`);
  return { name, password, remove: () => run('userdel', ['-f', name]).then(() => undefined) };
}
