// Runs in the main process, server and CLI. Connection management: metadata in SQLite, the
// password in the secret store, and every change all-or-nothing across the two.
import { randomUUID } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import {
  type Connection,
  type ConnectionCreate,
  type ConnectionParams,
  connectionCreateSchema,
  type ConnectionPatch,
  type TestResult,
} from '../../../shared/model/connection';
import type { EventBus } from '../events';
import type { Logger } from '../logging/logger';
import { SECRET_STORE_NAMES, type SecretStore, secretRef } from '../secrets/secret-store';
import { NO_SECRET_STORE_MESSAGE } from '../secrets/select';
import { formatIssues } from '../validation';
import type { ConnectionRepository } from './repository';
import { testConnection } from './tester';
import { parseConnectionUrl } from './url';

export interface ConnectionServiceDeps {
  repo: ConnectionRepository;
  secrets: SecretStore | null;
  events: EventBus;
  logger: Logger;
  now?: () => Date;
}

const accountFor = (id: string) => `connection/${id}`;

export class ConnectionService {
  private readonly now: () => Date;

  constructor(private readonly deps: ConnectionServiceDeps) {
    this.now = deps.now ?? (() => new Date());
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

  async create(input: ConnectionCreate, opts: { isSandbox?: boolean } = {}): Promise<Connection> {
    const id = randomUUID();
    const stamp = this.now().toISOString();
    let ref: string | null = null;
    if (input.password) {
      const secrets = this.requireSecrets();
      // Secret first: if the keychain refuses, nothing has been written anywhere.
      await secrets.set(accountFor(id), input.password);
      ref = secretRef(secrets, accountFor(id));
    }
    const connection: Connection = {
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
      has_password: ref !== null,
      secret_ref: ref,
      is_sandbox: opts.isSandbox ?? false,
      created_at: stamp,
      updated_at: stamp,
    };
    try {
      this.deps.repo.insert(connection);
    } catch (err) {
      if (ref) await this.deps.secrets?.delete(accountFor(id)).catch(() => undefined);
      throw err;
    }
    this.deps.logger.info(
      `connection ${id} created (${connection.type} ${connection.host}:${connection.port})`,
    );
    this.deps.events.emit('connections.changed', { id });
    return connection;
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

  async update(id: string, patch: ConnectionPatch): Promise<Connection> {
    const before = this.get(id);
    const { password, ...fields } = patch;
    const account = accountFor(id);
    let ref = before.secret_ref;
    let restoreSecret: (() => Promise<void>) | undefined;
    if (password !== undefined) {
      const secrets = this.requireSecrets();
      const previous = before.secret_ref ? await secrets.get(account) : null;
      if (password === '') {
        await secrets.delete(account);
        ref = null;
      } else {
        await secrets.set(account, password);
        ref = secretRef(secrets, account);
      }
      restoreSecret = () =>
        previous === null ? secrets.delete(account) : secrets.set(account, previous);
    }
    const after: Connection = {
      ...before,
      ...fields,
      tls: fields.tls ?? before.tls,
      secret_ref: ref,
      has_password: ref !== null,
      updated_at: this.now().toISOString(),
    };
    try {
      this.deps.repo.update(after);
    } catch (err) {
      await restoreSecret?.().catch(() => undefined);
      throw err;
    }
    this.deps.events.emit('connections.changed', { id });
    return after;
  }

  async delete(id: string): Promise<{ message: string }> {
    const c = this.get(id);
    // Secret first: if the keychain cannot remove it, the connection stays whole and usable.
    if (c.secret_ref) await this.requireSecrets().delete(accountFor(id));
    this.deps.repo.delete(id);
    this.deps.logger.info(`connection ${id} deleted`);
    this.deps.events.emit('connections.changed', { id });
    return { message: `Connection '${c.name}' deleted.` };
  }

  /** Everything a driver needs, password included: for use inside the core only. */
  async resolveParams(id: string): Promise<ConnectionParams> {
    const c = this.get(id);
    let password: string | undefined;
    if (c.secret_ref) {
      const stored = await this.requireSecrets().get(accountFor(id));
      if (stored === null) {
        throw new AppError(
          'SECRET_STORE_UNAVAILABLE',
          `The password of '${c.name}' is missing from the ${this.deps.secrets ? SECRET_STORE_NAMES[this.deps.secrets.kind] : 'secret store'}. Edit the connection and enter it again.`,
        );
      }
      password = stored;
    }
    return {
      type: c.type,
      host: c.host,
      port: c.port,
      database: c.database,
      username: c.username,
      password,
      tls: c.tls,
    };
  }

  test(params: ConnectionParams): Promise<TestResult> {
    return testConnection(params);
  }

  async testSaved(id: string, changes: Partial<ConnectionParams> = {}): Promise<TestResult> {
    const saved = await this.resolveParams(id);
    return testConnection({ ...saved, ...changes, password: changes.password ?? saved.password });
  }
}
