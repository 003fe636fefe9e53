// Runs in the main process, server and CLI. Connection management: metadata in SQLite, the
// password in the secret store, and every change all-or-nothing across the two.
import { randomUUID } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../../../shared/errors';
import {
  type Connection,
  type ConnectionCreate,
  type ConnectionParams,
  type EngineParams,
  requireSql,
  connectionCreateSchema,
  type ConnectionPatch,
  endpointChanged,
  type HostKey,
  type SshInput,
  type TestResult,
  sameTarget,
} from '../../../shared/model/connection';
import type { EventBus } from '../events';
import type { Logger } from '../logging/logger';
import { SECRET_STORE_NAMES, type SecretStore, secretRef } from '../secrets/secret-store';
import { NO_SECRET_STORE_MESSAGE } from '../secrets/select';
import { formatIssues } from '../validation';
import { defaultDataDir } from '../paths';
import { KnownHosts } from './known-hosts';
import type { ConnectionRepository } from './repository';
import {
  allAccounts,
  loadSshSecrets,
  SecretChanges,
  saveSshSecrets,
  defaultVaultPath,
  secretAccounts,
} from './ssh-secrets';
import { testConnection, type TunnelLease } from './tester';
import { paramsThrough, type Tunnel } from './tunnel/tunnel';
import { TunnelManager, type TunnelManagerDeps } from './tunnel/tunnel-manager';
import { parseConnectionUrl } from './url';
import { engineOf } from '../engines/registry';

export interface ConnectionServiceDeps {
  repo: ConnectionRepository;
  secrets: SecretStore | null;
  /** The Sandbox PostgreSQL's password where `secrets` is null (see secrets/sandbox-file.ts). */
  sandboxSecrets?: SecretStore;
  events: EventBus;
  logger: Logger;
  now?: () => Date;
  /** Benchphant's own known_hosts (default: in the data directory); ~/.ssh/known_hosts is read too. */
  knownHostsFile?: string;
  /** Overrides for tests: idle time, timeouts, where ~/.ssh lives, the agent socket. */
  tunnels?: Partial<Omit<TunnelManagerDeps, 'knownHosts' | 'logger'>>;
}

const accountFor = (c: { id: string; vault_path?: string | undefined }) =>
  secretAccounts.password(c.id, c.vault_path);

export class ConnectionService {
  private readonly now: () => Date;
  readonly knownHosts: KnownHosts;
  readonly tunnels: TunnelManager;

  constructor(private readonly deps: ConnectionServiceDeps) {
    this.now = deps.now ?? (() => new Date());
    this.knownHosts = new KnownHosts(
      deps.knownHostsFile ?? join(defaultDataDir(), 'known_hosts'),
      () => [join(homedir(), '.ssh', 'known_hosts')],
    );
    this.tunnels = new TunnelManager({
      ...deps.tunnels,
      knownHosts: this.knownHosts,
      logger: deps.logger,
    });
  }

  /** Closes every tunnel. */
  close(): Promise<void> {
    return this.tunnels.closeAll();
  }

  list(): Connection[] {
    return this.deps.repo.list();
  }

  get(id: string): Connection {
    const c = this.deps.repo.get(id);
    if (!c) throw new AppError('NOT_FOUND', `No connection with id ${id}.`);
    return c;
  }

  private requireSecrets(): SecretStore {
    if (!this.deps.secrets) throw new AppError('SECRET_STORE_UNAVAILABLE', NO_SECRET_STORE_MESSAGE);
    return this.deps.secrets;
  }

  /**
   * Where a connection's secrets live: the secret store, but the Sandbox's own file for the
   * Sandbox PostgreSQL where there is no secret store or its reference already names that file.
   */
  private storeOf(c: { is_sandbox: boolean; secret_ref: string | null }): SecretStore {
    const own = this.deps.sandboxSecrets;
    if (c.is_sandbox && own) {
      const named = c.secret_ref?.startsWith(`${own.kind}:`) ?? false;
      if (named || (c.secret_ref === null && !this.deps.secrets)) return own;
    }
    return this.requireSecrets();
  }

  /**
   * The connection's stored password, or null when it has none or the store has lost it; throws
   * when there is no secret store at all (nothing can be known then).
   */
  async storedPassword(id: string): Promise<string | null> {
    const c = this.get(id);
    if (!c.secret_ref) return null;
    return this.storeOf(c).get(accountFor(c));
  }

  async create(input: ConnectionCreate, opts: { isSandbox?: boolean } = {}): Promise<Connection> {
    const id = randomUUID();
    const problem = engineOf(input.type).paramsProblem(input);
    if (problem) throw new AppError('BAD_INPUT', problem);
    if (input.vault_path !== undefined && this.deps.repo.byVaultPath(input.vault_path))
      throw new AppError(
        'CONFLICT',
        `Another connection keeps its credentials under vault_path '${input.vault_path}'; choose another.`,
      );
    const place = { id, vault_path: input.vault_path };
    let ref: string | null = null;
    // Secrets first: if the keychain refuses, nothing has been written anywhere.
    const store = () => this.storeOf({ is_sandbox: opts.isSandbox ?? false, secret_ref: null });
    const changes = new SecretChanges(store);
    let connection: Connection;
    try {
      if (input.password) {
        await changes.set(accountFor(place), input.password);
        ref = secretRef(store(), accountFor(place));
      }
      if (input.tls_key_passphrase)
        await changes.set(secretAccounts.tlsKey(id), input.tls_key_passphrase);
      const ssh = await saveSshSecrets(changes, id, input.ssh ?? null, null);
      const monitorSsh = await saveSshSecrets(
        changes,
        monitorKey(id),
        input.monitor_ssh ?? null,
        null,
      );
      connection = {
        ...this.newConnection(id, input, ref, ssh, opts.isSandbox ?? false),
        monitor_ssh: monitorSsh,
      };
      this.deps.repo.insert(connection);
    } catch (err) {
      await changes.undo();
      throw err;
    }
    this.deps.logger.info(
      `connection ${id} created (${connection.type} ${connection.host}:${connection.port})`,
    );
    this.deps.events.emit('connections.changed', { id });
    return connection;
  }

  private newConnection(
    id: string,
    input: ConnectionCreate,
    ref: string | null,
    ssh: Connection['ssh'],
    isSandbox: boolean,
  ): Connection {
    const stamp = this.now().toISOString();
    return {
      id,
      name: input.name,
      type: input.type,
      host: input.host,
      port: input.port,
      database: input.database,
      username: input.username,
      environment: input.environment,
      description: input.description,
      tags: input.tags,
      is_active: input.is_active,
      tls: input.tls ?? { mode: 'prefer' },
      has_tls_key_passphrase: Boolean(input.tls_key_passphrase),
      ssh,
      has_password: ref !== null,
      secret_ref: ref,
      vault_path: input.vault_path ?? defaultVaultPath(id),
      is_sandbox: isSandbox,
      last_tested_at: null,
      last_test_ok: null,
      created_at: stamp,
      updated_at: stamp,
    };
  }

  async createFromUrl(input: {
    url: string;
    name?: string;
    environment?: ConnectionCreate['environment'];
  }): Promise<Connection> {
    const params = parseConnectionUrl(input.url);
    const parsed = connectionCreateSchema.safeParse({
      ...params,
      name: input.name ?? `${params.username}@${params.host}/${params.database}`,
      environment: input.environment,
    });
    if (!parsed.success)
      throw new AppError(
        'BAD_INPUT',
        `The connection URL is not valid: ${formatIssues(parsed.error)}.`,
      );
    return this.create(parsed.data);
  }

  /** What a URL names (no password), the saved connection it duplicates, and, if asked, a test. */
  async checkUrl(url: string, test: boolean) {
    const params = parseConnectionUrl(url);
    const target = {
      type: params.type,
      host: params.host,
      port: params.port,
      database: params.database,
      username: params.username,
    };
    const same = this.list().find((c) => sameTarget(c, target));
    return {
      target,
      duplicate: same ? { id: same.id, name: same.name } : null,
      test: test ? await this.test(params) : null,
    };
  }

  async update(id: string, patch: ConnectionPatch): Promise<Connection> {
    const before = this.get(id);
    const {
      password: sent,
      tls_key_passphrase: passphrase,
      ssh: sshInput,
      monitor_ssh: monitorInput,
      keep_password: keep,
      ...fields
    } = patch;
    const problem = engineOf(fields.type ?? before.type).paramsProblem({ ...before, ...fields });
    if (problem) throw new AppError('BAD_INPUT', problem);
    // A stored password is bound to where it was entered for: moving the connection elsewhere
    // forgets it unless the request sends it again or says to keep it.
    const forget =
      sent === undefined && before.secret_ref !== null && !keep && endpointChanged(before, fields);
    const password = forget ? '' : sent;
    const changes = new SecretChanges(() => this.storeOf(before));
    let after: Connection;
    try {
      let ref = before.secret_ref;
      if (password !== undefined) {
        if (password === '') {
          if (before.secret_ref) await changes.delete(accountFor(before));
          ref = null;
        } else {
          await changes.set(accountFor(before), password);
          ref = secretRef(this.storeOf(before), accountFor(before));
        }
      }
      let hasPassphrase = before.has_tls_key_passphrase === true;
      if (passphrase !== undefined) {
        if (passphrase === '') {
          if (hasPassphrase) await changes.delete(secretAccounts.tlsKey(id));
        } else await changes.set(secretAccounts.tlsKey(id), passphrase);
        hasPassphrase = passphrase !== '';
      }
      const ssh =
        sshInput === undefined
          ? before.ssh
          : await saveSshSecrets(changes, id, sshInput, before.ssh ?? null);
      const monitorSsh =
        monitorInput === undefined
          ? (before.monitor_ssh ?? null)
          : await saveSshSecrets(changes, monitorKey(id), monitorInput, before.monitor_ssh ?? null);
      after = {
        ...before,
        ...fields,
        tls: fields.tls ?? before.tls,
        has_tls_key_passphrase: hasPassphrase,
        ssh,
        monitor_ssh: monitorSsh,
        secret_ref: ref,
        has_password: ref !== null,
        updated_at: this.now().toISOString(),
      };
      this.deps.repo.update(after);
    } catch (err) {
      await changes.undo();
      throw err;
    }
    if (forget)
      this.deps.logger.info(
        `connection ${id} moved to ${after.type} ${after.host}:${after.port}; its stored password was forgotten`,
      );
    this.deps.events.emit('connections.changed', { id });
    return after;
  }

  async delete(id: string): Promise<{ message: string }> {
    const c = this.get(id);
    // Secrets first: if the keychain cannot remove them, the connection stays whole and usable.
    if (c.secret_ref) await this.storeOf(c).delete(accountFor(c));
    if (this.deps.secrets)
      for (const a of [
        ...allAccounts(id, c.ssh ?? null),
        ...(c.monitor_ssh ? allAccounts(monitorKey(id), c.monitor_ssh) : []),
      ])
        await this.deps.secrets.delete(a);
    this.deps.repo.delete(id);
    this.deps.logger.info(`connection ${id} deleted`);
    this.deps.events.emit('connections.changed', { id });
    return { message: `Connection '${c.name}' deleted.` };
  }

  /** The saved parameters with every secret filled in; the SSH settings still unresolved. */
  private async savedParams(id: string): Promise<EngineParams> {
    const c = this.get(id);
    const read = async (account: string, what: string) => {
      const store = this.storeOf(c);
      const stored = await store.get(account);
      if (stored === null)
        throw new AppError(
          'SECRET_STORE_UNAVAILABLE',
          `The ${what} of '${c.name}' is missing from the ${SECRET_STORE_NAMES[store.kind]}. Edit the connection and enter it again.`,
        );
      return stored;
    };
    const password = c.secret_ref ? await read(accountFor(c), 'password') : undefined;
    const passphrase =
      c.has_tls_key_passphrase === true
        ? await read(secretAccounts.tlsKey(id), 'client key passphrase')
        : undefined;
    return {
      type: c.type,
      host: c.host,
      port: c.port,
      database: c.database,
      username: c.username,
      password,
      tls: c.tls,
      ...(passphrase ? { tls_key_passphrase: passphrase } : {}),
      ssh: c.ssh ? await loadSshSecrets(this.deps.secrets, id, c.name, c.ssh) : null,
    };
  }

  /**
   * Everything a driver needs, password included: for use inside the core only. A tunnelled
   * connection comes back as 127.0.0.1:<port> of its (shared, opened if needed) tunnel.
   */
  async resolveEngineParams(id: string): Promise<EngineParams> {
    const params = await this.savedParams(id);
    if (!params.ssh) return params;
    const tunnel = await this.tunnels.tunnel(id, params.ssh, params);
    return paramsThrough(tunnel, params);
  }

  /**
   * The same for the features that speak SQL (benchmarks, tenants, metrics, tasks): another
   * engine's connection is answered with "<feature> are not supported for <engine> yet".
   */
  async resolveParams(id: string, feature = 'SQL features'): Promise<ConnectionParams> {
    requireSql(this.get(id), feature);
    return requireSql(await this.resolveEngineParams(id), feature);
  }

  /**
   * The (shared, opened if needed) SSH tunnel of a connection that goes through SSH, for running
   * commands on its server's host; null for a direct connection.
   */
  async sshTunnel(id: string): Promise<Tunnel | null> {
    const params = await this.savedParams(id);
    if (!params.ssh) return null;
    return this.tunnels.tunnel(id, params.ssh, params);
  }

  /**
   * Where the server host's metrics are read: the connection's own SSH tunnel, else its SSH
   * settings for monitoring only (a session of its own that forwards nothing); null without either.
   */
  async monitorTunnel(id: string): Promise<Tunnel | null> {
    const own = await this.sshTunnel(id);
    if (own) return own;
    const c = this.get(id);
    if (!c.monitor_ssh) return null;
    const ssh = await loadSshSecrets(this.deps.secrets, monitorKey(id), c.name, c.monitor_ssh);
    // The tunnel's listener forwards to the database as the SSH server sees it; nothing dials
    // it, the session only runs the sampling command.
    return this.tunnels.tunnel(monitorKey(id), ssh, { host: c.host, port: c.port });
  }

  /** Records an SSH host key the user accepted (connections.acceptHostKey). */
  async acceptHostKey(key: HostKey): Promise<{ message: string }> {
    await this.knownHosts.accept(key);
    this.deps.logger.info(`host key ${key.fingerprint} of ${key.host}:${key.port} accepted`);
    return {
      message: `The ${key.key_type} key of ${key.host}:${key.port} (${key.fingerprint}) is now trusted.`,
    };
  }

  test(params: EngineParams): Promise<TestResult> {
    return testConnection(params, { tunnel: () => this.oneOffTunnel(params) });
  }

  /**
   * Tests the saved connection, or its edited form; the stored password goes along only to the
   * saved endpoint, or to a changed one when `keepPassword` says the user confirmed it.
   */
  async testSaved(
    id: string,
    changes: Partial<EngineParams> = {},
    keepPassword = false,
  ): Promise<TestResult> {
    const saved = await this.savedParams(id);
    const ssh = changes.ssh === undefined ? saved.ssh : withSavedSecrets(changes.ssh, saved.ssh);
    const storedGoes = keepPassword || !endpointChanged(saved, changes);
    const params: EngineParams = {
      ...saved,
      ...changes,
      password: changes.password ?? (storedGoes ? saved.password : undefined),
      tls_key_passphrase: changes.tls_key_passphrase ?? saved.tls_key_passphrase,
      ssh,
    };
    // Unchanged SSH settings test the connection's own (shared) tunnel.
    const same =
      JSON.stringify(ssh) === JSON.stringify(saved.ssh) &&
      params.host === saved.host &&
      params.port === saved.port;
    const result = await testConnection(params, {
      tunnel: same ? () => this.sharedTunnel(id, params) : () => this.oneOffTunnel(params),
    });
    // Only a test of the connection as saved says anything about it; an edited form's does not.
    if (Object.keys(changes).length === 0) {
      this.deps.repo.markTested(id, this.now().toISOString(), result.success);
      this.deps.events.emit('connections.changed', { id });
    }
    return result;
  }

  private async sharedTunnel(id: string, params: EngineParams): Promise<TunnelLease> {
    const tunnel = await this.tunnels.tunnel(id, params.ssh as SshInput, params);
    const release = tunnel.acquire();
    return { tunnel, done: async () => release() };
  }

  private async oneOffTunnel(params: EngineParams): Promise<TunnelLease> {
    const tunnel = await this.tunnels.oneOff(params.ssh as SshInput, params);
    return { tunnel, done: () => tunnel.close() };
  }
}

/** Edited SSH settings whose hops come without a secret use the one saved at the same place. */
/** The key of a connection's monitoring-only SSH: its tunnel and its secrets' accounts. */
const monitorKey = (id: string) => `${id}/monitor`;

function withSavedSecrets(edited: SshInput | null, saved: SshInput | null | undefined) {
  if (!edited) return null;
  const secretOf = (hop: SshInput['jumps'][number], old: SshInput['jumps'][number] | undefined) =>
    hop.secret === undefined && old?.auth === hop.auth && old.secret
      ? { ...hop, secret: old.secret }
      : hop;
  return {
    ...secretOf(edited, saved ?? undefined),
    jumps: edited.jumps.map((j, i) => secretOf(j, saved?.jumps[i])),
  };
}
