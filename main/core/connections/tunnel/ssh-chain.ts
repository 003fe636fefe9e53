// Runs in the main process, server and CLI (never in benchmark workers). Dials a chain of SSH
// hops (ProxyJump semantics: each next hop is reached through a channel of the previous one),
// checking every host key against known_hosts. Errors name the hop, never a secret.
import { readFile } from 'node:fs/promises';
import type { Duplex } from 'node:stream';
import { Client, type ClientChannel, type ConnectConfig } from 'ssh2';
import { AppError } from '../../../../shared/errors';
import type { HostKey } from '../../../../shared/model/connection';
import { describeHostKey, type KnownHosts } from '../known-hosts';
import type { SshHopPlan } from '../ssh-config';

/** Why a host key stopped the connection; the tester turns it into an acceptance prompt. */
export class HostKeyError extends AppError {
  constructor(
    readonly verdict: 'unknown' | 'changed' | 'revoked',
    readonly hostKey: HostKey,
    message: string,
  ) {
    super('REFUSED', message);
  }
}

export interface ChainOptions {
  knownHosts: KnownHosts;
  /** SSH_AUTH_SOCK, for agent authentication. */
  agentSocket: string | undefined;
  readyTimeoutMs: number;
  keepaliveIntervalMs: number;
}

const label = (h: SshHopPlan) => `${h.user}@${h.host}:${h.port}`;

async function authConfig(hop: SshHopPlan, agentSocket: string | undefined) {
  if (hop.auth === 'password') {
    if (!hop.secret)
      throw new AppError(
        'AUTH_FAILED',
        `No SSH password is stored for ${label(hop)}. Enter it in the connection's SSH section.`,
      );
    return { password: hop.secret };
  }
  if (hop.auth === 'agent') {
    if (!agentSocket)
      throw new AppError(
        'AUTH_FAILED',
        `SSH agent authentication for ${label(hop)} needs a running ssh-agent, but SSH_AUTH_SOCK is not set. Start one (eval $(ssh-agent); ssh-add) or pick another method.`,
      );
    return { agent: agentSocket };
  }
  if (!hop.keyFile)
    throw new AppError(
      'BAD_INPUT',
      `SSH key authentication for ${label(hop)} needs a private key file, and ~/.ssh/config names none for '${hop.alias}'.`,
    );
  let privateKey: Buffer;
  try {
    privateKey = await readFile(hop.keyFile);
  } catch {
    throw new AppError(
      'BAD_INPUT',
      `The SSH private key ${hop.keyFile} cannot be read. Check the path and its permissions.`,
    );
  }
  return { privateKey, ...(hop.secret ? { passphrase: hop.secret } : {}) };
}

function classifySshError(err: unknown, hop: SshHopPlan, timeoutMs: number): AppError {
  if (err instanceof AppError) return err;
  const e = (err ?? {}) as { code?: string; level?: string; message?: string };
  const where = label(hop);
  if (e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN')
    return new AppError('HOST_NOT_FOUND', `SSH host '${hop.host}' could not be resolved.`);
  if (e.code === 'ECONNREFUSED')
    return new AppError(
      'CONNECTION_REFUSED',
      `The SSH server ${hop.host}:${hop.port} refused the connection. Is sshd running on that port?`,
    );
  if (e.level === 'client-timeout' || /timed out/i.test(e.message ?? ''))
    return new AppError(
      'TIMEOUT',
      `The SSH server ${hop.host}:${hop.port} did not complete the handshake within ${timeoutMs / 1000} s.`,
    );
  if (e.level === 'client-authentication')
    return new AppError(
      'AUTH_FAILED',
      `SSH authentication failed for ${where} (${hop.auth === 'key' ? 'the key was refused' : hop.auth === 'agent' ? 'no key in the agent was accepted' : 'wrong password'}). Check the user and credentials.`,
    );
  if (/passphrase|encrypted|integrity check failed/i.test(e.message ?? ''))
    return new AppError(
      'AUTH_FAILED',
      `The SSH private key ${hop.keyFile ?? ''} is encrypted and the passphrase is missing or wrong. Enter it in the connection's SSH section.`,
    );
  if (/Cannot parse privateKey|Unsupported key format/i.test(e.message ?? ''))
    return new AppError(
      'BAD_INPUT',
      `The SSH private key ${hop.keyFile ?? ''} is not a private key OpenSSH or ssh2 can read.`,
    );
  if (e.code === 'ECONNRESET')
    return new AppError('DB_UNREACHABLE', `The SSH server ${where} closed the connection.`);
  return new AppError('DB_UNREACHABLE', `The SSH connection to ${where} failed.`);
}

function hostKeyProblem(
  verdict: 'unknown' | 'changed' | 'revoked',
  key: HostKey,
  where: { file: string; line: number } | null,
): HostKeyError {
  const name = `${key.host}:${key.port}`;
  if (verdict === 'unknown')
    return new HostKeyError(
      verdict,
      key,
      `The SSH host ${name} is not known yet. Its ${key.key_type} key fingerprint is ${key.fingerprint}; accept it only if it is the server's real key.`,
    );
  const at = where ? ` (${where.file}, line ${where.line})` : '';
  if (verdict === 'revoked')
    return new HostKeyError(
      verdict,
      key,
      `The SSH host ${name} presented a revoked key${at}, ${key.fingerprint}. Connection refused.`,
    );
  return new HostKeyError(
    verdict,
    key,
    `WARNING: the SSH host key of ${name} has CHANGED. Someone could be intercepting the connection (a man-in-the-middle attack), or the server's key was replaced. It now presents ${key.fingerprint}, which does not match the one recorded${at}. Connection refused; if the change is legitimate, remove the old line and test again.`,
  );
}

/** Opens one hop over `sock` (a channel through the previous hop) or over TCP. */
async function connectHop(
  hop: SshHopPlan,
  sock: Duplex | undefined,
  opts: ChainOptions,
): Promise<Client> {
  const auth = await authConfig(hop, opts.agentSocket);
  let rejection: HostKeyError | undefined;
  const client = new Client();
  const config: ConnectConfig = {
    host: hop.host,
    port: hop.port,
    username: hop.user,
    ...auth,
    ...(sock ? { sock } : {}),
    readyTimeout: opts.readyTimeoutMs,
    keepaliveInterval: opts.keepaliveIntervalMs,
    keepaliveCountMax: 3,
    hostVerifier: (blob: Buffer, verify: (ok: boolean) => void) => {
      opts.knownHosts.check(hop.host, hop.port, blob).then(
        (v) => {
          if (v.status !== 'known') {
            const key = describeHostKey(hop.host, hop.port, blob);
            rejection = hostKeyProblem(v.status, key, v.status === 'unknown' ? null : v);
          }
          verify(v.status === 'known');
        },
        () => verify(false),
      );
    },
  };
  return new Promise<Client>((resolve, reject) => {
    const onError = (err: unknown) => {
      client.end();
      reject(rejection ?? classifySshError(err, hop, opts.readyTimeoutMs));
    };
    client.once('ready', () => {
      client.off('error', onError);
      // Database traffic is many small packets: without this, Nagle's algorithm holds them back.
      client.setNoDelay(true);
      resolve(client);
    });
    client.once('error', onError);
    try {
      // ssh2 throws here, not in 'error', for a key it cannot parse or decrypt.
      client.connect(config);
    } catch (err) {
      onError(err);
    }
  });
}

export function forwardOut(client: Client, host: string, port: number): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    client.forwardOut('127.0.0.1', 0, host, port, (err, stream) =>
      err ? reject(err) : resolve(stream),
    );
  });
}

/**
 * Runs `command` over an open session (a new channel, not a new login) and resolves with its
 * stdout; stderr is drained and dropped, the caller judges the output.
 */
export function execOver(client: Client, command: string, timeoutMs: number): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    client.exec(command, (err, stream) => {
      if (err) {
        reject(
          new AppError('DB_UNREACHABLE', `The SSH server refused to run a command: ${err.message}`),
        );
        return;
      }
      const chunks: Buffer[] = [];
      const timer = setTimeout(() => {
        stream.close();
        reject(
          new AppError('TIMEOUT', `The SSH server did not answer within ${timeoutMs / 1000} s.`),
        );
      }, timeoutMs);
      stream.on('data', (d: Buffer) => chunks.push(d));
      stream.stderr.resume();
      stream.once('close', () => {
        clearTimeout(timer);
        resolve(Buffer.concat(chunks).toString('latin1'));
      });
    });
  });
}

export interface RemoteRun {
  /** The exit status; null when the command was killed by a signal or the channel dropped. */
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Feeds `input` to a command's stdin and collects what it prints until it exits. */
export function collectRun(
  stream: ClientChannel,
  input: Buffer | string,
  timeoutMs: number,
): Promise<RemoteRun> {
  return new Promise<RemoteRun>((resolve, reject) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let code: number | null = null;
    const timer = setTimeout(() => {
      stream.close();
      reject(
        new AppError('TIMEOUT', `The SSH server did not answer within ${timeoutMs / 1000} s.`),
      );
    }, timeoutMs);
    stream.on('data', (d: Buffer) => out.push(d));
    stream.stderr.on('data', (d: Buffer) => err.push(d));
    stream.once('exit', (c: number | null) => (code = c));
    // A write to a channel that is closing: its close event settles this.
    stream.on('error', () => undefined);
    stream.once('close', () => {
      clearTimeout(timer);
      resolve({
        code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
    stream.end(input);
  });
}

/** Connects every hop in order; returns them all, the last one forwards to the database. */
export async function connectChain(hops: SshHopPlan[], opts: ChainOptions): Promise<Client[]> {
  const clients: Client[] = [];
  try {
    for (const hop of hops) {
      const previous = clients.at(-1);
      let sock: Duplex | undefined;
      if (previous) {
        try {
          sock = await forwardOut(previous, hop.host, hop.port);
        } catch {
          const prev = hops[clients.length - 1];
          throw new AppError(
            'DB_UNREACHABLE',
            `The jump host ${prev ? label(prev) : ''} could not reach ${hop.host}:${hop.port}. Check the next hop's address, and that the jump host allows TCP forwarding.`,
          );
        }
      }
      clients.push(await connectHop(hop, sock, opts));
    }
    return clients;
  } catch (err) {
    for (const c of clients.reverse()) c.end();
    throw err;
  }
}
