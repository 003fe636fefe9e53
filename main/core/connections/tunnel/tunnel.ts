// Runs in the main process, server and CLI. One SSH tunnel: a loopback listener whose every
// accepted socket is forwarded over ONE SSH session (forwardOut), so a benchmark with 64 clients
// opens one SSH connection, not 64. The session is re-dialled on demand after a drop; the
// tunnel closes itself once nothing has used it for `idleMs`.
import { connect, createServer, type Server, type Socket } from 'node:net';
import { pipeline } from 'node:stream';
import type { AcceptConnection, Client, ClientChannel, TcpConnectionDetails } from 'ssh2';
import { AppError } from '../../../../shared/errors';
import type { EngineParams } from '../../../../shared/model/connection';
import type { SshHopPlan } from '../ssh-config';
import {
  type ChainOptions,
  collectRun,
  connectChain,
  execOver,
  forwardOut,
  type RemoteRun,
} from './ssh-chain';
import { sshShellChannel, type ShellChannel } from './shell-channel';

export interface TunnelOptions extends ChainOptions {
  hops: SshHopPlan[];
  /** Where the last hop forwards to: the database as the SSH server sees it. */
  target: { host: string; port: number };
  idleMs: number;
  onClosed: (tunnel: Tunnel) => void;
  onProblem: (message: string) => void;
}

export class Tunnel {
  private chain: Client[] | null = null;
  private dialling: Promise<Client[]> | null = null;
  private users = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private closing: Promise<void> | null = null;
  private readonly sockets = new Set<Socket>();
  /** SSH sessions dialled over the tunnel's life: 1 unless the connection dropped. */
  sessionsOpened = 0;
  /** Commands run over the session (remote host sampling runs one per sample). */
  execs = 0;
  /** Why the last SSH server could not reach the target, until a forward succeeds again. */
  private forwardFailure: string | undefined;

  private constructor(
    private readonly server: Server,
    readonly localPort: number,
    private readonly opts: TunnelOptions,
  ) {}

  /** Listens on 127.0.0.1 and dials the SSH session at once, so SSH problems surface here. */
  static async open(opts: TunnelOptions): Promise<Tunnel> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const tunnel = new Tunnel(server, port, opts);
    server.on('connection', (socket) => tunnel.forward(socket));
    try {
      await tunnel.session();
    } catch (err) {
      await tunnel.close();
      throw err;
    }
    tunnel.armIdle();
    return tunnel;
  }

  get host(): string {
    return '127.0.0.1';
  }

  /** Keeps the tunnel open until release(), e.g. across a connection test. */
  acquire(): () => void {
    this.use();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.unuse();
    };
  }

  /** Round trip of one SSH global request to the last hop, in milliseconds. */
  async rtt(): Promise<number> {
    const client = (await this.session()).at(-1);
    if (!client) throw new AppError('INTERNAL', 'The SSH tunnel has no session.');
    const started = process.hrtime.bigint();
    // Cancelling a forwarding that does not exist is answered at once (with a refusal) and
    // changes nothing on the server: a clean ping.
    await new Promise<void>((resolve) => client.unforwardIn('127.0.0.1', 1, () => resolve()));
    return Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100;
  }

  /**
   * Runs `command` on the last SSH server over the shared session (a channel, not a new login)
   * and returns what it printed on stdout. Keeps the tunnel from idling out meanwhile.
   */
  async exec(command: string, timeoutMs = 10_000): Promise<string> {
    this.use();
    try {
      const client = (await this.session()).at(-1);
      if (!client) throw new AppError('INTERNAL', 'The SSH tunnel has no session.');
      this.execs += 1;
      return await execOver(client, command, timeoutMs);
    } finally {
      this.unuse();
    }
  }

  /**
   * Starts `command` on the last SSH server as a long-lived channel on the shared session (the
   * server host sampler's loop): the tunnel stays open while the channel is.
   */
  async spawn(command: string): Promise<ShellChannel> {
    return sshShellChannel(await this.channel(command));
  }

  /**
   * Runs `command` with `input` on its stdin and resolves with its exit code, stdout and stderr:
   * for callers that judge a command by its status (copying files, checking a version).
   */
  async run(command: string, input: Buffer | string = '', timeoutMs = 60_000): Promise<RemoteRun> {
    return collectRun(await this.channel(command), input, timeoutMs);
  }

  /**
   * Starts `command` as a long-lived channel the caller drives itself (stdin, stdout, stderr and
   * its exit status); the tunnel stays open while the channel is.
   */
  start(command: string): Promise<ClientChannel> {
    return this.channel(command);
  }

  /**
   * Makes a port on the last SSH server's loopback lead back to `localPort` on this machine (a
   * remote forward, `ssh -R`), until the returned close(); the tunnel stays open meanwhile.
   */
  async forwardRemote(
    localPort: number,
    localHost = '127.0.0.1',
  ): Promise<{ port: number; close(): void }> {
    this.use();
    try {
      const client = (await this.session()).at(-1);
      if (!client) throw new AppError('INTERNAL', 'The SSH tunnel has no session.');
      const port = await new Promise<number>((resolve, reject) =>
        client.forwardIn('127.0.0.1', 0, (err, p) =>
          err
            ? reject(
                new AppError(
                  'REFUSED',
                  `The SSH server refused a remote port forward (${err.message}). It needs AllowTcpForwarding yes (or remote).`,
                ),
              )
            : resolve(p),
        ),
      );
      const onConnection = (
        info: TcpConnectionDetails,
        accept: AcceptConnection<ClientChannel>,
      ) => {
        if (info.destPort !== port) return;
        const socket = connect(localPort, localHost);
        socket.setNoDelay(true);
        const channel = accept();
        pipeline(channel, socket, channel, () => socket.destroy());
      };
      client.on('tcp connection', onConnection);
      let closed = false;
      return {
        port,
        close: () => {
          if (closed) return;
          closed = true;
          client.off('tcp connection', onConnection);
          client.unforwardIn('127.0.0.1', port, () => undefined);
          this.unuse();
        },
      };
    } catch (err) {
      this.unuse();
      throw err;
    }
  }

  private async channel(command: string): Promise<ClientChannel> {
    this.use();
    try {
      const client = (await this.session()).at(-1);
      if (!client) throw new AppError('INTERNAL', 'The SSH tunnel has no session.');
      const stream = await new Promise<ClientChannel>((resolve, reject) =>
        client.exec(command, (err, s) =>
          err
            ? reject(
                new AppError(
                  'DB_UNREACHABLE',
                  `The SSH server refused to run a command: ${err.message}`,
                ),
              )
            : resolve(s),
        ),
      );
      this.execs += 1;
      stream.once('close', () => this.unuse());
      return stream;
    } catch (err) {
      this.unuse();
      throw err;
    }
  }

  /** The reason the last forward failed, if the last one did; read once. */
  takeForwardFailure(): string | undefined {
    const why = this.forwardFailure;
    this.forwardFailure = undefined;
    return why;
  }

  /** Stops listening, cuts the forwarded connections and ends the SSH session; idempotent. */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    this.closed = true;
    clearTimeout(this.idleTimer);
    for (const socket of this.sockets) socket.destroy();
    this.dropSession();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.opts.onClosed(this);
  }

  /** The SSH session, dialled if there is none (first use, or after a drop). */
  private session(): Promise<Client[]> {
    if (this.chain) return Promise.resolve(this.chain);
    this.dialling ??= connectChain(this.opts.hops, this.opts)
      .then((chain) => {
        this.sessionsOpened += 1;
        if (this.closed) {
          for (const c of chain) c.end();
          throw new AppError('DB_UNREACHABLE', 'The SSH tunnel was closed.');
        }
        this.chain = chain;
        for (const c of chain) {
          // Errors after `ready` (keep-alive timeout, reset) end up in `close`, handled there.
          c.on('error', (err: Error) => this.opts.onProblem(`SSH session error: ${err.message}`));
          c.once('close', () => {
            if (this.chain !== chain) return;
            this.opts.onProblem('SSH session closed; the next connection dials it again');
            this.dropSession();
          });
        }
        return chain;
      })
      .finally(() => {
        this.dialling = null;
      });
    return this.dialling;
  }

  private dropSession(): void {
    const chain = this.chain;
    this.chain = null;
    for (const c of [...(chain ?? [])].reverse()) c.end();
  }

  private forward(socket: Socket): void {
    socket.setNoDelay(true);
    this.sockets.add(socket);
    this.use();
    socket.once('close', () => {
      this.sockets.delete(socket);
      this.unuse();
    });
    socket.on('error', () => socket.destroy());
    this.session()
      .then((chain) => forwardOut(chain.at(-1)!, this.opts.target.host, this.opts.target.port))
      .then(
        (channel) => {
          this.forwardFailure = undefined;
          pipeline(socket, channel, socket, () => socket.destroy());
        },
        (err: unknown) => {
          const { host, port } = this.opts.target;
          const hop = this.opts.hops.at(-1);
          // ssh2 says e.g. "(SSH) Channel open failure: Connection refused": the server's reason.
          const reason = (err as Error).message.replace(/^\(SSH\)\s*/, '');
          this.forwardFailure = `The SSH server ${hop ? `${hop.host}:${hop.port}` : ''} could not open a connection to ${host}:${port} (${reason}). Check the database host and port as seen from the SSH server.`;
          this.opts.onProblem(`forwarding to ${host}:${port} failed: ${reason}`);
          socket.destroy();
        },
      );
  }

  private use(): void {
    this.users += 1;
    clearTimeout(this.idleTimer);
  }

  private unuse(): void {
    this.users -= 1;
    if (this.users === 0) this.armIdle();
  }

  private armIdle(): void {
    if (this.closed || this.users > 0) return;
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => void this.close(), this.opts.idleMs);
    this.idleTimer.unref();
  }
}

/** The parameters a driver uses to reach the database through `tunnel`. */
export function paramsThrough<P extends EngineParams>(tunnel: Tunnel, params: P): P {
  return {
    ...params,
    host: tunnel.host,
    port: tunnel.localPort,
    ssh: null,
    // The certificate names the database host, not 127.0.0.1.
    tls: { mode: 'prefer', ...params.tls, server_name: params.tls?.server_name ?? params.host },
  };
}
