// Runs in the main process, server and CLI. One tunnel per connection, shared by every client of
// it (tester, prepare, benchmark workers — they all dial the tunnel's loopback port). Settings
// that change (an edited connection) get a new tunnel; the old one closes.
import { createHash, randomUUID } from 'node:crypto';
import type { SshInput } from '../../../../shared/model/connection';
import type { Logger } from '../../logging/logger';
import type { KnownHosts } from '../known-hosts';
import { defaultSshEnvironment, planSshHops, type SshEnvironment } from '../ssh-config';
import { Tunnel } from './tunnel';

export interface TunnelManagerDeps {
  knownHosts: KnownHosts;
  logger: Logger;
  /** Read on each new tunnel, so HOME and SSH_AUTH_SOCK changes apply as they do for ssh. */
  environment?: () => SshEnvironment;
  agentSocket?: () => string | undefined;
  idleMs?: number;
  readyTimeoutMs?: number;
  keepaliveIntervalMs?: number;
}

interface Entry {
  digest: string;
  tunnel: Promise<Tunnel>;
}

export class TunnelManager {
  private readonly tunnels = new Map<string, Entry>();
  /** Every open tunnel, shared, replaced or one-off, so that closeAll() misses none. */
  private readonly open = new Set<Tunnel>();

  constructor(private readonly deps: TunnelManagerDeps) {}

  /**
   * The tunnel for `key` (a connection id) to `target`, opened if needed. A tunnel that failed
   * to open is forgotten, so the next call tries again.
   */
  async tunnel(key: string, ssh: SshInput, target: { host: string; port: number }) {
    // The digest covers the secrets too: a changed password must not reuse an old session.
    const digest = createHash('sha256')
      .update(JSON.stringify([ssh, target]))
      .digest('hex');
    const existing = this.tunnels.get(key);
    if (existing?.digest === digest) return existing.tunnel;
    // A tunnel of older settings is not closed under its users (a running benchmark): it closes
    // itself once idle, or with closeAll().
    const entry: Entry = { digest, tunnel: this.dial(key, ssh, target) };
    this.tunnels.set(key, entry);
    entry.tunnel.catch(() => {
      if (this.tunnels.get(key) === entry) this.tunnels.delete(key);
    });
    return entry.tunnel;
  }

  /** A tunnel of its own for parameters that are not saved; the caller closes it. */
  async oneOff(ssh: SshInput, target: { host: string; port: number }): Promise<Tunnel> {
    return this.dial(`test-${randomUUID()}`, ssh, target, false);
  }

  async closeAll(): Promise<void> {
    const pending = [...this.tunnels.values()].map((e) => e.tunnel.catch(() => undefined));
    this.tunnels.clear();
    await Promise.all(pending);
    await Promise.all([...this.open].map((t) => t.close()));
  }

  private async dial(
    key: string,
    ssh: SshInput,
    target: { host: string; port: number },
    shared = true,
  ): Promise<Tunnel> {
    const hops = await planSshHops(ssh, (this.deps.environment ?? defaultSshEnvironment)());
    const log = this.deps.logger;
    const tunnel = await Tunnel.open({
      hops,
      target,
      knownHosts: this.deps.knownHosts,
      agentSocket: (this.deps.agentSocket ?? (() => process.env.SSH_AUTH_SOCK))(),
      readyTimeoutMs: this.deps.readyTimeoutMs ?? 10_000,
      keepaliveIntervalMs: this.deps.keepaliveIntervalMs ?? 15_000,
      idleMs: this.deps.idleMs ?? 60_000,
      // An idle tunnel that closed itself leaves the map, unless a newer one replaced it.
      onClosed: (closed) => {
        this.open.delete(closed);
        const entry = this.tunnels.get(key);
        if (!shared || !entry) return;
        void entry.tunnel.then(
          (t) => t === closed && this.tunnels.get(key) === entry && this.tunnels.delete(key),
          () => undefined,
        );
      },
      onProblem: (message) => log.warn(`tunnel ${key}: ${message}`),
    });
    this.open.add(tunnel);
    log.info(
      `tunnel ${key} open: 127.0.0.1:${tunnel.localPort} → ${hops.map((h) => `${h.host}:${h.port}`).join(' → ')} → ${target.host}:${target.port}`,
    );
    return tunnel;
  }
}
