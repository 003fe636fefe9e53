// Runs in the main process and in benchmark workers. What a worker needs to build a workload:
// plain data that crosses postMessage, plus the compiled shapes the client loops execute.
import type { CustomScript, WorkloadType } from '../../../../shared/contract/benchmarks';
import type { DbType } from '../../../../shared/model/connection';
import { sqlInfo } from '../../../../shared/model/engines';
import {
  PARAMETER_CHOICES,
  parameterProblem,
  type ParamValue,
} from '../../../../shared/model/benchmark-data';
import type { Program } from './program';
import type { Rng } from './rng';

export type { ParamValue };

export interface WorkloadSpec {
  type: WorkloadType;
  engine: DbType;
  parameters: Record<string, ParamValue>;
  scripts: CustomScript[];
  protocol: 'prepared' | 'simple';
  maxTries: number;
  /** Statements in flight per connection (1: none pipelined). */
  pipeline: number;
  /** Seeds every client's generators: the same seed gives the same statements per client. */
  seed: number;
}

/** One statement, with `$n` (PostgreSQL) or `?` (MySQL) placeholders. */
export interface Statement {
  name: string;
  sql: string;
  /** The SQL split around its placeholders, for the simple protocol's inlined literals. */
  parts: string[];
  /** BEGIN/COMMIT/ROLLBACK: always sent as plain text (MySQL cannot prepare them). */
  txControl: boolean;
  /** Index into STATEMENT_CLASSES, for latency per statement class. */
  cls: number;
}

export const STATEMENT_CLASSES = [
  'select',
  'insert',
  'update',
  'delete',
  'begin',
  'commit',
  'other',
] as const;

function statementClass(sql: string): number {
  const verb = /^\s*(\w+)/.exec(sql)?.[1]?.toLowerCase() ?? '';
  const cls = verb === 'start' ? 'begin' : verb === 'end' || verb === 'rollback' ? 'commit' : verb;
  const i = STATEMENT_CLASSES.indexOf(cls as (typeof STATEMENT_CLASSES)[number]);
  return i < 0 ? STATEMENT_CLASSES.length - 1 : i;
}

/** A bound parameter: numbers (integers bind as integers), text, or SQL NULL. */
export type SqlValue = string | number | null;

/** What the client loop hands a transaction: a session that runs statements and discards rows. */
export interface BenchSession {
  /** Sends a statement; `params` are read before it returns, so callers may refill one array. */
  run(stmt: Statement, params: readonly SqlValue[]): Promise<void>;
  destroy(): void;
}

export interface ClientCtx {
  clientId: number;
  /** Script variables by slot. */
  vars: number[];
  /** The client's seeded generator of its statements (open-loop arrivals are its loop's: arrivals.ts). */
  rng: Rng;
  /** Scratch stack of the \set bytecode. */
  stack: number[];
}

export interface Txn {
  name: string;
  weight: number;
  /**
   * Sends the transaction's statements one after another. A one-statement transaction hands back
   * the session's own promise: no async wrapper and no extra microtask per query.
   */
  run(session: BenchSession, ctx: ClientCtx): Promise<unknown>;
  /** Statements one run sends (fixed: scripts have no conditionals). */
  statements: number;
  /** Statements whose failure leaves a transaction open on the server. */
  inTransaction: boolean;
}

export interface CompiledWorkload {
  /** The plain-data form both engines execute. */
  program: Program;
  txns: Txn[];
  /** Whether a transaction sends several statements, so that per-class latencies say something. */
  multiStatement: boolean;
  newClient(clientId: number): ClientCtx;
  /** The seeded generator of an event loop's open-loop arrivals, named by its first client. */
  arrivalRng(firstClientId: number): Rng;
  rollback: Statement;
}

const TX_CONTROL = /^\s*(BEGIN|START\s+TRANSACTION|COMMIT|END|ROLLBACK)\b/i;

/** Builds a statement from SQL written with `?` placeholders. */
export function statement(engine: DbType, name: string, sqlWithMarks: string): Statement {
  const parts = sqlWithMarks.split('?');
  let n = 0;
  const sql =
    sqlInfo(engine).placeholders === 'numbered'
      ? parts.reduce((acc, part) => `${acc}$${++n}${part}`)
      : sqlWithMarks;
  return {
    name,
    sql,
    parts,
    txControl: TX_CONTROL.test(sqlWithMarks),
    cls: statementClass(sqlWithMarks),
  };
}

export function numberParam(
  params: Record<string, ParamValue>,
  key: string,
  fallback: number,
  min = 0,
): number {
  const raw = params[key];
  if (raw === undefined) return fallback;
  const value = typeof raw === 'number' ? raw : Number(raw);
  if (!Number.isFinite(value) || value < min) {
    throw new Error(`parameter ${key} must be a number of at least ${min} (got ${String(raw)})`);
  }
  // The contract checked these already; a spec built elsewhere (a profile, a plan step) is checked here.
  const problem = parameterProblem(key, raw);
  if (problem) throw new Error(problem);
  return value;
}

/** A text parameter that takes one of PARAMETER_CHOICES[key]; absent, the first of them. */
export function choiceParam(params: Record<string, ParamValue>, key: string): string {
  const raw = params[key];
  if (raw === undefined) return PARAMETER_CHOICES[key]![0]!;
  const problem = parameterProblem(key, raw);
  if (problem) throw new Error(problem);
  return String(raw);
}

export function boolParam(
  params: Record<string, ParamValue>,
  key: string,
  fallback: boolean,
): boolean {
  const raw = params[key];
  if (raw === undefined) return fallback;
  if (typeof raw === 'boolean') return raw;
  if (raw === 'true' || raw === 'on' || raw === '1' || raw === 1) return true;
  if (raw === 'false' || raw === 'off' || raw === '0' || raw === 0) return false;
  throw new Error(`parameter ${key} must be true or false (got ${String(raw)})`);
}
