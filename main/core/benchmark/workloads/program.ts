// Runs in the main process and in benchmark workers. The one form every workload compiles to:
// plain data (statements, weighted transactions of steps, \set bytecode, string patterns) that
// crosses postMessage and the native boundary, and its interpreter for the Node engine. The native
// engine (main/native/src/program.h) executes the same data; nothing about a workload is written twice.
import { type Code, evalCode } from './expr';
import { Rng, STREAM_STATEMENTS } from './rng';
import type { BenchSession, ClientCtx, SqlValue, Statement, Txn } from './spec';

/** A statement parameter: a variable slot (>= 0), or string pattern k as -(k + 1). */
export type ParamRef = number;

export type Step =
  | { op: 'set'; slot: number; code: Code }
  | { op: 'sleep'; code: Code; unitUs: number }
  /** Statement `stmt`, or `stmt + vars[pick]` when pick >= 0 (sysbench's table choice). */
  | { op: 'sql'; stmt: number; pick: number; params: ParamRef[] };

export interface ProgramTxn {
  name: string;
  weight: number;
  steps: Step[];
  /** Statements one run sends (fixed: programs have no conditionals). */
  statements: number;
  /** Whether a failure leaves a transaction open on the server (it sends BEGIN…COMMIT). */
  inTransaction: boolean;
}

export interface Program {
  statements: Statement[];
  txns: ProgramTxn[];
  /** Initial variable values; slot 0 is client_id and is set per client. */
  vars: number[];
  /** sysbench string templates: '#' a random digit, '@' a random lower-case letter. */
  patterns: string[];
  /** Index of the ROLLBACK statement sent after a failure inside a transaction. */
  rollback: number;
  /** Whether a transaction sends several statements, so that per-class latencies say something. */
  multiStatement: boolean;
}

export const patternRef = (k: number): ParamRef => -(k + 1);

/** A sysbench string template filled from the client's generator. */
export function fillPattern(pattern: string, rng: Rng): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern.charCodeAt(i);
    if (ch === 35 /* # */) out += String.fromCharCode(48 + rng.int(0, 9));
    else if (ch === 64 /* @ */) out += String.fromCharCode(97 + rng.int(0, 25));
    else out += pattern[i];
  }
  return out;
}

/** A client of the program: its variables and its seeded generator. */
export function newClient(program: Program, clientId: number, seed: number): ClientCtx {
  const vars = program.vars.slice();
  vars[0] = clientId;
  return {
    clientId,
    vars,
    rng: new Rng(seed, clientId, STREAM_STATEMENTS),
    stack: [],
  };
}

/** Which transaction runs next: pgbench's and sysbench's weighted choice, without a draw for one. */
export function pickTxn(cumulative: readonly number[], rng: Rng): number {
  if (cumulative.length === 1) return 0;
  const r = rng.double() * cumulative.at(-1)!;
  let i = 0;
  while (r >= cumulative[i]!) i++;
  return i;
}

export const cumulativeWeights = (program: Program): number[] => {
  let sum = 0;
  return program.txns.map((t) => (sum += t.weight));
};

const sleep = (us: number) => new Promise<void>((resolve) => setTimeout(resolve, us / 1000));

type SqlStep = Extract<Step, { op: 'sql' }>;

/** One array per statement step, refilled: a session reads the values before run() returns. */
function binder(program: Program, step: SqlStep): (ctx: ClientCtx) => SqlValue[] {
  const values: SqlValue[] = step.params.map(() => null);
  const refs = step.params;
  return (ctx) => {
    for (let i = 0; i < refs.length; i++) {
      const r = refs[i]!;
      values[i] = r >= 0 ? (ctx.vars[r] ?? null) : fillPattern(program.patterns[-r - 1]!, ctx.rng);
    }
    return values;
  };
}

/** The Node engine's runner for one transaction of the program. */
function runner(program: Program, txn: ProgramTxn): Txn['run'] {
  type Exec =
    | { op: 'set'; slot: number; code: Code }
    | { op: 'sleep'; code: Code; unitUs: number }
    | { op: 'sql'; stmt: number; pick: number; bind: (ctx: ClientCtx) => SqlValue[] };
  const steps: Exec[] = txn.steps.map((s) =>
    s.op === 'sql' ? { op: 'sql', stmt: s.stmt, pick: s.pick, bind: binder(program, s) } : s,
  );
  const stmts = program.statements;
  const sendOf = (step: Extract<Exec, { op: 'sql' }>, session: BenchSession, ctx: ClientCtx) => {
    const stmt = stmts[step.pick >= 0 ? step.stmt + ctx.vars[step.pick]! : step.stmt]!;
    return session.run(stmt, step.bind(ctx));
  };
  const last = steps.at(-1);
  // `\set …` lines then one statement (select_only, point selects, most scripts): the session's
  // promise is the transaction's, with no async function around it.
  if (last?.op === 'sql' && steps.every((s, i) => s.op === 'set' || i === steps.length - 1)) {
    const sets = steps.slice(0, -1) as Extract<Exec, { op: 'set' }>[];
    return (session, ctx) => {
      for (const set of sets) ctx.vars[set.slot] = evalCode(set.code, ctx.vars, ctx.rng, ctx.stack);
      return sendOf(last, session, ctx);
    };
  }
  return async (session, ctx) => {
    for (const step of steps) {
      if (step.op === 'set')
        ctx.vars[step.slot] = evalCode(step.code, ctx.vars, ctx.rng, ctx.stack);
      else if (step.op === 'sleep')
        await sleep(evalCode(step.code, ctx.vars, ctx.rng, ctx.stack) * step.unitUs);
      else await sendOf(step, session, ctx);
    }
  };
}

/** The program's transactions as the Node engine's client loop runs them. */
export function nodeTxns(program: Program): Txn[] {
  return program.txns.map((t) => ({
    name: t.name,
    weight: t.weight,
    statements: t.statements,
    inTransaction: t.inTransaction,
    run: runner(program, t),
  }));
}
