// Runs in the main process, server, CLI and benchmark workers. One small interface over the SQL
// drivers, so services never branch on the engine: each SQL engine module opens its own.
import type { ConnectionParams } from '../../../shared/model/connection';
import { sqlEngineOf } from '../engines/registry';
import { type CleartextRule, mayReceiveCleartext } from './cleartext';
import type { TlsDetails } from './tls';

export interface QueryResult {
  rows: Record<string, unknown>[];
  /** Rows changed by INSERT/UPDATE/DELETE, where the driver says. */
  affected: number | null;
}

export interface DbClient {
  readonly type: ConnectionParams['type'];
  /**
   * `name`: a statement run again and again on this session (a sampler's), kept prepared where
   * the engine can (PostgreSQL: parsed and planned once, not on every call).
   */
  query(sql: string, params?: unknown[], opts?: { name?: string }): Promise<QueryResult>;
  /**
   * Several statements without parameters, one result each: in one round trip where the session
   * allows it (PostgreSQL always; MySQL when opened with `batches`), one after another otherwise.
   */
  queryAll(statements: readonly string[]): Promise<QueryResult[]>;
  serverVersion(): Promise<string>;
  /** Whether this session negotiated TLS. */
  readonly tls: boolean;
  /** What the TLS handshake negotiated, when `tls` is true. */
  readonly tlsDetails?: TlsDetails;
  close(): Promise<void>;
}

export interface OpenOptions {
  connectTimeoutMs?: number;
  /** Who may be sent a cleartext password (tests of the refusal pass their own rule). */
  cleartext?: CleartextRule;
  /**
   * Lets `queryAll` send its statements in one round trip (MySQL's multi-statement flag). Only
   * for a session that runs fixed SQL of our own (a sampler's), never user input.
   */
  batches?: boolean;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 5000;

export function openClient(params: ConnectionParams, opts: OpenOptions = {}): Promise<DbClient> {
  const timeout = opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const rule = opts.cleartext ?? mayReceiveCleartext;
  return sqlEngineOf(params.type).open(params, timeout, rule, opts.batches ?? false);
}
