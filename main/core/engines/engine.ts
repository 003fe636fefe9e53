// Runs in the main process, server and CLI. The one interface every database engine implements:
// what the core asks of an engine, so callers ask the connection's engine and branch on nothing.
// An engine module never imports another engine's module.
import type { AppError } from '../../../shared/errors';
import type { RunStart } from '../../../shared/contract/benchmarks';
import type { NativeEngineConfig } from '../../native';
import type { LoadMessage } from '../benchmark/protocol';
import type { SessionOptions } from '../benchmark/session';
import type { BenchSession } from '../benchmark/workloads/spec';
import type {
  ConnectionParams,
  EngineParams,
  EngineType,
  SqlType,
} from '../../../shared/model/connection';
import type { EngineInfo } from '../../../shared/model/engines';
import type { DbMetricsEngine } from '../db-metrics/engines/collector';
import type { CleartextRule } from '../db/cleartext';
import type { DbClient } from '../db/client';
import type { TlsDetails } from '../db/tls';
import type { StatementStats } from '../scheduler/statements/statement-stats';
import type { KeyspaceTenancy } from './keyspace-tenancy';
import type { TenantFacets } from './tenant-facets';

/** A session opened to test a connection: enough to read the version and time a round trip. */
export interface ProbeSession {
  readonly tls: boolean;
  readonly tlsDetails?: TlsDetails;
  /** As the test result shows it, e.g. `PostgreSQL 16.4`, `Redis 7.0.15`. */
  serverVersion(): Promise<string>;
  /** How the server runs, where the engine has such a notion (Redis: standalone, cluster…). */
  serverMode(): Promise<string | undefined>;
  /** The engine's cheapest round trip (`SELECT 1`, `PING`). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface ProbeOptions {
  connectTimeoutMs: number;
  cleartext?: CleartextRule;
}

/** The kind of service a port answers as (see connections/service-probe.ts). */
export type ServiceKind = 'postgresql' | 'mysql' | 'mariadb' | 'http' | 'tls' | 'ssh' | 'redis';

export interface Engine<T extends EngineType = EngineType> {
  readonly type: T;
  readonly info: EngineInfo;
  /** A problem with the parameters that only this engine has (a Redis database index), or null. */
  paramsProblem(params: EngineParams): string | null;
  /** Connects for a test; rejects with the driver's own error, which `classifyConnectError` reads. */
  probe(params: EngineParams, opts: ProbeOptions): Promise<ProbeSession>;
  /**
   * The cause-specific error for this engine's driver codes (wrong password, missing database,
   * NOAUTH…), or null to let the shared socket/TLS rules decide. Never echoes the driver's text.
   */
  classifyConnectError(err: unknown, params: EngineParams): AppError | null;
  /** Whether a port that answers as `kind` is this engine. */
  answersAs(kind: ServiceKind): boolean;
  /** Tenants as key spaces on a shared server (Redis); null where tenants are SQL databases. */
  readonly keyspaces: KeyspaceTenancy | null;
  /** What workspaces, blueprints, tenants and tenant operations need of the engine. */
  readonly tenants: TenantFacets;
}

/** The statements and reads the benchmark's prepare, cleanup and sampling need from an engine. */
export interface BenchDialect {
  /** Creates the benchmark schema (a database on MySQL) if needed and makes it the session's. */
  enterSchema(c: DbClient, schema: string): Promise<void>;
  /** DDL pieces of the sysbench/pgbench tables. */
  readonly serialColumn: string;
  readonly tableOptions: string;
  /** Statements after a table of `size` rows with a serial id was filled (PostgreSQL's setval). */
  afterSerialFill(table: string, size: number): string[];
  analyze(table: string): string;
  /** Asks the server to parse `sql` without running it; throws the server's error. */
  checkStatement(c: DbClient, sql: string): Promise<void>;
  /** The server settings a run records. */
  settings(c: DbClient): Promise<Record<string, string>>;
  /** The server counters sampled each interval (raw values; deltas are taken by the caller). */
  counters(c: DbClient): Promise<Record<string, number>>;
  /** Counters reported as they are rather than as a change over the interval. */
  readonly gauges: ReadonlySet<string>;
  /** Every table in the schema with its size (tables and indexes), bytes. */
  listTables(c: DbClient, schema: string): Promise<{ name: string; bytes: number }[]>;
  dropTable(c: DbClient, schema: string, table: string): Promise<void>;
  /** Schemas never dropped even when empty: the server's own and the usual default ones. */
  readonly keepSchemas: readonly string[];
  /** Drops the schema when nothing is left in it. */
  dropSchemaIfEmpty(c: DbClient, schema: string, list: () => Promise<unknown[]>): Promise<void>;
  /** What the native load engine cannot do for this run on this engine, or null. */
  nativeLimit(input: RunStart): string | null;
  /** How the native load engine speaks to this server, or null where it does not. */
  readonly native: NativeDialect | null;
  /** A benchmark client's session on the lean wire path (in workers; the spare one in the core). */
  openSession(o: SessionOptions): Promise<BenchSession>;
  /** Streams a worker's share of the prepare's rows (COPY, multi-row INSERTs), counting them. */
  load(msg: LoadMessage, counter: RowSink): Promise<void>;
}

/** Where a loader reports rows written. */
export interface RowSink {
  add(rows: number): void;
}

export interface NativeDialect {
  /** The client library the native addon opens. */
  readonly driver: NativeEngineConfig['conn']['driver'];
  /** A code the native engine reports, as the shared error classifier reads a driver's. */
  errorCode(code: string): { code: string; errno: number };
  /**
   * Whether the native engine gives each connection a thread of its own by default (which then
   * waits for its answer in a blocking read, as sysbench does) rather than one epoll loop per core.
   */
  readonly threadPerConnection: boolean;
}

/** An engine that speaks SQL through DbClient. */
export interface SqlEngine<T extends SqlType = SqlType> extends Engine<T> {
  open(
    params: ConnectionParams,
    connectTimeoutMs: number,
    cleartext: CleartextRule,
    batches: boolean,
  ): Promise<DbClient>;
  /** The n-th (1-based) bind placeholder: `$1` or `?`. */
  placeholder(n: number): string;
  readonly bench: BenchDialect;
  /** The server's figures sampled each second (database metrics, the Monitor). */
  readonly serverMetrics: DbMetricsEngine;
  /** Statement statistics for run windows and log analysis. */
  readonly statements: StatementStats;
}
