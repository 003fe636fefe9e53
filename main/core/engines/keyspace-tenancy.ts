// Runs in the main process, server and CLI. What the tenant services ask of an engine whose
// tenants are key spaces on a shared server rather than SQL databases and roles (Redis): the
// workspace's key space and console, the blueprint check, tenants' key spaces and users,
// migrations, admin commands, size, backup and restore. Each call takes the connection's
// resolved parameters and the names the services already keep (`database`, `role`), so the
// services' bookkeeping (rows, secrets, jobs, journal) stays theirs. SQL engines answer null.
import type { EngineParams } from '../../../shared/model/connection';
import type { StepLog } from '../journal/journal';

/** One row of a console or admin result. */
export type KeyspaceRow = Record<string, unknown>;

export interface KeyspaceChange {
  statement: string;
  kind: string;
  inverse: string | null;
  revert_note: string | null;
}

export interface KeyspaceVersion {
  version: string;
  ordinal: number;
  statements: readonly string[];
}

export type KeyspaceMigration =
  | { status: 'completed'; from: string | null; to: string }
  | { status: 'drifted'; from: string | null; error: string }
  | { status: 'failed'; from: string | null; error: string; statementsDone: number };

export interface KeyspaceLogin {
  username: string;
  password: string;
}

export interface KeyspaceAdminResult {
  tenant_id: string;
  ok: boolean;
  rows: KeyspaceRow[];
  duration_ms: number;
  error: string | null;
}

export interface KeyspaceManifest {
  keys: number;
  bytes: number;
  sha256: string;
}

export interface KeyspaceTenancy {
  /** How a person reads this engine's contents: `keys` where SQL says `tables`. */
  readonly unit: string;
  /** Refuses a key space that already holds keys; nothing else is made on the server. */
  createWorkspace(params: EngineParams, database: string): Promise<void>;
  /** Removes every key of the key space (a workspace's, a scratch one's); returns how many. */
  dropKeys(params: EngineParams, database: string): Promise<number>;
  /** Runs one console command inside the key space; a data-shaping one returns its change. */
  console(
    params: EngineParams,
    database: string,
    command: string,
  ): Promise<{ rows: KeyspaceRow[]; change: KeyspaceChange | null }>;
  revert(params: EngineParams, database: string, inverse: string): Promise<void>;
  /**
   * Applies `versions` then `next` to an empty scratch key space and removes it again; throws
   * CONFLICT naming the statement that would not apply.
   */
  check(
    params: EngineParams,
    scratch: string,
    from: string,
    versions: readonly KeyspaceVersion[],
    next: readonly string[],
    /** The data directory's tag, for the names of what the check makes for a moment. */
    tag?: string,
  ): Promise<void>;
  createTenant(
    params: EngineParams,
    database: string,
    role: string,
    password: string,
  ): Promise<void>;
  /** Whether any of the tenant is on the server (its keys, its versions record, its user). */
  tenantExists(params: EngineParams, database: string, role: string): Promise<boolean>;
  /**
   * Re-creates the tenant users of `users` the server has lost (a restart without an ACL file),
   * on or off as given, with the password `password()` reads; returns who was re-created and who
   * could not be (no password).
   */
  restoreUsers(
    params: EngineParams,
    users: readonly {
      database: string;
      role: string;
      enabled: boolean;
      password: () => Promise<string | null>;
    }[],
  ): Promise<{ recreated: string[]; unrecoverable: string[] }>;
  lock(params: EngineParams, role: string): Promise<void>;
  unlock(params: EngineParams, role: string): Promise<void>;
  sessions(params: EngineParams, role: string): Promise<number>;
  /** Removes the tenant's keys in batches (progress: keys removed so far), record and user. */
  dropTenant(
    params: EngineParams,
    database: string,
    role: string,
    onProgress?: (deleted: number) => void,
  ): Promise<number>;
  /** What the tenant's own record says is its highest complete version. */
  currentVersion(
    params: EngineParams,
    database: string,
    versions: readonly KeyspaceVersion[],
  ): Promise<string | null>;
  /**
   * Brings the tenant to `target`; statements were written in the key space of `from`. A tenant
   * whose key space drifted from the version it claims is reported, never migrated.
   */
  migrate(
    params: EngineParams,
    o: {
      database: string;
      from: string;
      versions: readonly KeyspaceVersion[];
      target: KeyspaceVersion;
      onStatement?: (done: number) => void;
      /** The version Benchphant last applied (the catalog's): a record behind it is drift. */
      applied?: string | null;
      /** The data directory's tag, for the names of what the migration makes for a moment. */
      tag?: string | undefined;
    },
  ): Promise<KeyspaceMigration>;
  /** One command across tenants, each run as the tenant's own user with its keys. */
  admin(
    params: EngineParams,
    o: {
      command: string;
      targets: readonly { tenant_id: string; database: string; login: KeyspaceLogin }[];
      allowWrites: boolean;
      parallelism: number;
      /** Each tenant's command is cut off after this long, with the statement timeout's error. */
      timeoutMs: number;
    },
  ): Promise<KeyspaceAdminResult[]>;
  size(params: EngineParams, database: string): Promise<{ keys: number; memory_bytes: number }>;
  backup(params: EngineParams, database: string, file: string): Promise<KeyspaceManifest>;
  restore(
    params: EngineParams,
    o: {
      database: string;
      /** The tenant's user: locked out while its keys are swapped. */
      role: string;
      file: string;
      manifest: KeyspaceManifest;
      /** Scratch key spaces' names (the journal intent records them). */
      scratch: { fresh: string; old: string };
      /** The intent: the swap's phases are its steps. */
      log?: StepLog;
      onStep?: (step: 'checking' | 'restoring' | 'verifying' | 'swapping' | 'done') => void;
    },
  ): Promise<void>;
  /**
   * Completes (from the swap on) or undoes (before it) a restore cut short at journal `step`,
   * turning the tenant's user back on if the swap had locked it; `payload` is what the restore
   * recorded in its intent.
   */
  finishRestore(
    params: EngineParams,
    o: {
      database: string;
      role: string | null;
      scratch: { fresh: string; old: string };
      step: string;
      payload: Record<string, unknown>;
    },
  ): Promise<string>;
  /**
   * Removes what a killed process of this data directory (`tag`) left on the server: restores'
   * scratch key spaces except `keepScratch` (`scratch`: a SCAN of every key), or migrations' users
   * except those of `busy` key spaces (databases an unfinished operation still works on).
   * Returns what it removed.
   */
  sweep(
    params: EngineParams,
    o: {
      tag: string;
      kind: 'scratch' | 'users';
      keepScratch: readonly string[];
      busy: readonly string[];
    },
  ): Promise<string[]>;
  /** A tenant's or workspace's address for a client: the server, its database index, the user. */
  connectionString(
    params: Pick<EngineParams, 'host' | 'port' | 'database'>,
    user: string,
    password?: string,
  ): string;
}
