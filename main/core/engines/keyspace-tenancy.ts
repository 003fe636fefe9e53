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

/** An import's reading of a source database by key pattern. */
export interface KeyspaceImportSurvey {
  /** Keys per tenant id the pattern finds (valid as a tenant id or not). */
  perTenant: Map<string, number>;
  /** Keys the pattern does not cover. */
  outside: number;
  /** The server's answer when the source's user may not DUMP the keys, else null. */
  dumpDenied: string | null;
}

/** One tenant of an import: its id in the source's keys, its key space on the target. */
export interface KeyspaceImportTenant {
  pattern: string;
  tenant: string;
  database: string;
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
   * An isolation move's copy, as each server's admin: every key of the tenant and its versions
   * record from `source` to `target` (its user already locked on the source and made on the
   * target), in batches, checked on the target; answers how many keys it copied.
   */
  copyTenant(
    source: EngineParams,
    target: EngineParams,
    database: string,
    onProgress?: (copied: number) => void,
  ): Promise<{ keys: number; compared: boolean }>;
  /** Where an import finds each tenant's keys unless told (`{tenant}:*`). */
  readonly defaultKeyPattern: string;
  /** BAD_INPUT unless `pattern` is a key pattern imports understand. */
  checkKeyPattern(pattern: string): void;
  /** Counts the source database's keys per tenant by `pattern` and checks the user may DUMP them. */
  importSurvey(source: EngineParams, pattern: string): Promise<KeyspaceImportSurvey>;
  /** Copies one tenant's keys into its key space (replacing keys of the same name); answers how many. */
  importTenant(
    source: EngineParams,
    target: EngineParams,
    o: KeyspaceImportTenant & { onProgress?: (copied: number) => void },
  ): Promise<number>;
  /** The tenant's keys in the source now, and how many of them its key space holds. */
  importCheck(
    source: EngineParams,
    target: EngineParams,
    o: KeyspaceImportTenant,
  ): Promise<{ source: number; target: number }>;
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
