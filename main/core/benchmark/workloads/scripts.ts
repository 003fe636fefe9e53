// Runs in the main process (validation at prepare) and in benchmark workers (execution).
// pgbench-style scripts: SQL ending in `;`, `\set var expr`, `\sleep n [us|ms|s]`, with weights.
import type { CustomScript } from '../../../../shared/contract/benchmarks';
import type { DbType } from '../../../../shared/model/connection';
import { compileExpr } from './expr';
import type { ProgramTxn, Step } from './program';
import { statement, type Statement } from './spec';

export class ScriptError extends Error {
  constructor(
    readonly script: string,
    readonly line: number,
    detail: string,
  ) {
    super(`Script '${script}' line ${line}: ${detail}`);
    this.name = 'ScriptError';
  }
}

type Command =
  | { kind: 'set'; line: number; name: string; expr: string }
  | { kind: 'sleep'; line: number; expr: string; unitUs: number }
  | { kind: 'sql'; line: number; text: string };

const SLEEP_UNITS: Record<string, number> = { us: 1, ms: 1000, s: 1_000_000 };

export function parseScript(script: CustomScript): Command[] {
  const commands: Command[] = [];
  let sql: string[] = [];
  let sqlLine = 0;
  script.sql.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const text = raw.trim();
    if (sql.length === 0 && (text === '' || text.startsWith('--'))) return;
    if (sql.length === 0 && text.startsWith('\\')) {
      const meta = /^\\(\w+)\s*(.*)$/.exec(text);
      const [, name = '', rest = ''] = meta ?? [];
      if (name === 'set') {
        const m = /^([A-Za-z_]\w*)\s+(.+)$/.exec(rest);
        if (!m)
          throw new ScriptError(script.name, line, '\\set needs a variable name and an expression');
        commands.push({ kind: 'set', line, name: m[1]!, expr: m[2]! });
      } else if (name === 'sleep') {
        const m = /^(.+?)\s*(us|ms|s)?$/.exec(rest);
        if (!m || rest === '') throw new ScriptError(script.name, line, '\\sleep needs a duration');
        commands.push({ kind: 'sleep', line, expr: m[1]!, unitUs: SLEEP_UNITS[m[2] ?? 's']! });
      } else {
        throw new ScriptError(script.name, line, `unknown meta-command \\${name}`);
      }
      return;
    }
    if (sql.length === 0) sqlLine = line;
    sql.push(raw);
    if (text.endsWith(';')) {
      commands.push({
        kind: 'sql',
        line: sqlLine,
        text: sql.join('\n').trim().replace(/;\s*$/, ''),
      });
      sql = [];
    }
  });
  if (sql.length > 0) {
    commands.push({ kind: 'sql', line: sqlLine, text: sql.join('\n').trim() });
  }
  if (!commands.some((c) => c.kind === 'sql')) {
    throw new ScriptError(script.name, 1, 'the script has no SQL statement');
  }
  return commands;
}

export interface ScriptStatement {
  script: string;
  line: number;
  stmt: Statement;
}

export interface CompiledScripts {
  txns: ProgramTxn[];
  /** Every SQL statement with the line it starts on, for the syntax check at prepare. */
  statements: ScriptStatement[];
}

const VAR_REF = /(?<!:):([A-Za-z_]\w*)/g;

/**
 * `slots` holds the predefined variables (scale, client_id, numeric parameters); script variables
 * are added. Statements are appended to `pool`, the program's statement list.
 */
export function compileScripts(
  scripts: CustomScript[],
  engine: DbType,
  slots: Map<string, number>,
  pool: Statement[] = [],
): CompiledScripts {
  const txns: ProgramTxn[] = [];
  const statements: ScriptStatement[] = [];
  scripts.forEach((script, scriptIndex) => {
    const defined = new Set(slots.keys());
    const slotOf = (line: number) => (name: string) => {
      if (!defined.has(name))
        throw new ScriptError(script.name, line, `variable :${name} is not set before it is used`);
      return slots.get(name)!;
    };
    let inTransaction = false;
    const steps: Step[] = parseScript(script).map((c, i): Step => {
      try {
        if (c.kind === 'set') {
          const code = compileExpr(c.expr, slotOf(c.line));
          if (!slots.has(c.name)) slots.set(c.name, slots.size);
          defined.add(c.name);
          return { op: 'set', slot: slots.get(c.name)!, code };
        }
        if (c.kind === 'sleep')
          return { op: 'sleep', code: compileExpr(c.expr, slotOf(c.line)), unitUs: c.unitUs };
        const refs: number[] = [];
        const marked = c.text.replace(VAR_REF, (_, name: string) => {
          refs.push(slotOf(c.line)(name));
          return '?';
        });
        const stmt = statement(engine, `bp_s${scriptIndex}_${i}`, marked);
        if (stmt.txControl) inTransaction = true;
        statements.push({ script: script.name, line: c.line, stmt });
        pool.push(stmt);
        return { op: 'sql', stmt: pool.length - 1, pick: -1, params: refs };
      } catch (err) {
        if (err instanceof ScriptError) throw err;
        throw new ScriptError(script.name, c.line, (err as Error).message);
      }
    });
    txns.push({
      name: script.name,
      weight: script.weight,
      inTransaction,
      statements: steps.filter((s) => s.op === 'sql').length,
      steps,
    });
  });
  return { txns, statements };
}
