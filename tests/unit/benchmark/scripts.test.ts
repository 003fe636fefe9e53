// pgbench-style scripts: parsing, meta-commands, variables and errors with their line.
import { describe, expect, it } from 'vitest';
import { compileExpr, evalCode } from '../../../main/core/benchmark/workloads/expr';
import { newClient, nodeTxns, type Program } from '../../../main/core/benchmark/workloads/program';
import { Rng } from '../../../main/core/benchmark/workloads/rng';
import {
  compileScripts,
  parseScript,
  ScriptError,
} from '../../../main/core/benchmark/workloads/scripts';
import { compileWorkload } from '../../../main/core/benchmark/workloads';
import {
  statement,
  type BenchSession,
  type Statement,
} from '../../../main/core/benchmark/workloads/spec';
import { inlineParams } from '../../../main/core/engines/postgresql/bench-session';

const slots = () =>
  new Map([
    ['client_id', 0],
    ['scale', 1],
  ]);

const programOf = (statements: Statement[], txns: Program['txns']): Program => ({
  statements,
  txns,
  vars: [],
  patterns: [],
  rollback: 0,
  multiStatement: false,
});
const ctxOf = (vars: number[]) => ({ ...newClient(programOf([], []), 0, 1), vars });

describe('expressions', () => {
  const vars = [3, 10, 7];
  const slotOf = (n: string) =>
    ({ client_id: 0, scale: 1, x: 2 })[n as 'x'] ??
    (() => {
      throw new Error(`unknown ${n}`);
    })();
  it.each([
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['100000 * :scale', 1_000_000],
    ['7 / 2', 3],
    [':x % 4', 3],
    ['-:x + abs(-5)', -2],
    ['least(4, :x, 9)', 4],
    ['greatest(4, :x, 9)', 9],
  ])('%s = %d', (text, value) => {
    expect(evalCode(compileExpr(text, slotOf), vars, new Rng(1, 0, 0), [])).toBe(value);
  });
  it('random(a, b) stays within its bounds and reaches both', () => {
    const e = compileExpr('random(1, 3 * :client_id)', slotOf);
    const rng = new Rng(7, 0, 0);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) seen.add(evalCode(e, vars, rng, []));
    expect([...seen].sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
  it.each(['1 +', 'random(1)', 'nosuch(1)', '2 $ 3', ':unknown'])('rejects %s', (text) => {
    expect(() => compileExpr(text, slotOf)).toThrow();
  });
});

describe('scripts', () => {
  it('parses meta-commands and multi-line statements with the line each starts on', () => {
    const cmds = parseScript({
      name: 's',
      weight: 1,
      sql: '-- a comment\n\\set aid random(1, 10)\n\\sleep 2 ms\nSELECT *\n  FROM t\n WHERE a = :aid;\nSELECT 1;',
    });
    expect(cmds.map((c) => [c.kind, c.line])).toEqual([
      ['set', 2],
      ['sleep', 3],
      ['sql', 4],
      ['sql', 7],
    ]);
  });

  it.each([
    ['SELECT 1;\n\\bogus 3', 2, 'unknown meta-command'],
    ['\\set\nSELECT 1;', 1, 'variable name'],
    ['SELECT 1;\n\n\\set x random(1,', 3, 'expression'],
    ['SELECT :nope;', 1, ':nope is not set'],
    ['\\set a 1', 1, 'no SQL statement'],
  ])('reports %j at line %d', (sql, line, text) => {
    let caught: unknown;
    try {
      compileScripts([{ name: 'mine', weight: 1, sql }], 'postgresql', slots());
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ScriptError);
    expect((caught as ScriptError).line).toBe(line);
    expect((caught as Error).message).toContain(`Script 'mine' line ${line}`);
    expect((caught as Error).message).toContain(text);
  });

  it('binds variables as parameters and leaves casts alone', async () => {
    const pool: Statement[] = [];
    const { txns: programTxns, statements } = compileScripts(
      [{ name: 'one', weight: 2, sql: '\\set aid 5 * :scale\nSELECT :aid::int, :aid + :scale;' }],
      'postgresql',
      slots(),
      pool,
    );
    const txns = nodeTxns(programOf(pool, programTxns));
    expect(statements[0]!.stmt.sql).toBe('SELECT $1::int, $2 + $3');
    const sent: [Statement, readonly unknown[]][] = [];
    const session: BenchSession = {
      run: async (s, p) => void sent.push([s, [...p]]),
      destroy() {},
    };
    await txns[0]!.run(session, ctxOf([0, 4, 0]));
    expect(txns[0]!.statements).toBe(1);
    expect(sent[0]![1]).toEqual([20, 20, 4]);
    expect(txns[0]!.weight).toBe(2);
  });

  it('hands back the session promise for one statement after \\set lines, and awaits each statement of longer scripts', async () => {
    const pool: Statement[] = [];
    const compiled = compileScripts(
      [
        { name: 'one', weight: 1, sql: '\\set aid random(1, 10)\nSELECT :aid;' },
        { name: 'two', weight: 1, sql: 'SELECT 1;\n\\set x 2\nSELECT :x;' },
      ],
      'postgresql',
      slots(),
      pool,
    );
    const txns = nodeTxns(programOf(pool, compiled.txns));
    const answer = Promise.resolve();
    const sent: unknown[][] = [];
    const session: BenchSession = { run: (_, p) => (sent.push([...p]), answer), destroy() {} };
    const ctx = ctxOf([0, 1, 0, 0]);
    expect(txns[0]!.run(session, ctx)).toBe(answer);
    expect(sent[0]![0]).toBeGreaterThanOrEqual(1);
    expect(sent[0]![0]).toBeLessThanOrEqual(10);
    const longer = txns[1]!.run(session, ctx);
    expect(longer).not.toBe(answer);
    await longer;
    expect(sent.slice(1)).toEqual([[], [2]]);
    expect(txns.map((t) => t.statements)).toEqual([1, 2]);
  });

  it('compiles the pgbench built-ins with scale from the parameters', async () => {
    const { compiled } = compileWorkload({
      type: 'tpcb_like',
      engine: 'mysql',
      parameters: { scale: 3 },
      scripts: [],
      protocol: 'prepared',
      maxTries: 1,
      pipeline: 1,
      seed: 1,
    });
    const ctx = compiled.newClient(5);
    expect(ctx.vars.slice(0, 2)).toEqual([5, 3]);
    const sent: string[] = [];
    const session: BenchSession = { run: async (s) => void sent.push(s.sql), destroy() {} };
    await compiled.txns[0]!.run(session, ctx);
    expect(sent).toHaveLength(7);
    expect(compiled.txns[0]!.statements).toBe(7);
    expect(sent[0]).toBe('BEGIN');
    expect(sent[1]).toBe('UPDATE pgbench_accounts SET abalance = abalance + ? WHERE aid = ?');
    expect(compiled.txns[0]!.inTransaction).toBe(true);
  });
});

describe('statements', () => {
  it('numbers placeholders for PostgreSQL and inlines literals for the simple protocol', () => {
    const s = statement('postgresql', 'x', "UPDATE t SET c=? WHERE id=? AND d='?'");
    expect(s.sql).toBe("UPDATE t SET c=$1 WHERE id=$2 AND d='$3'");
    const plain = statement('postgresql', 'y', 'UPDATE t SET c=? WHERE id=?');
    expect(inlineParams(plain, ["it's", 42])).toBe("UPDATE t SET c='it''s' WHERE id=42");
    expect(statement('mysql', 'z', 'SELECT ?').sql).toBe('SELECT ?');
    expect(statement('mysql', 'b', 'BEGIN').txControl).toBe(true);
  });
});
