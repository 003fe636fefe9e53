// Runs in the main process and in benchmark workers. pgbench's `\set` expressions (numbers,
// :variables, + - * / %, parentheses, random/random_gaussian/random_exponential/random_zipfian,
// abs/least/greatest/int) compiled once into a small stack bytecode that the Node engine
// (evalCode) and the native engine (main/native/src/program.h) both execute. The same bytecode
// carries sysbench's distributions (sb_rand.c), which the sysbench OLTP family draws its ids from.
import type { Rng } from './rng';

/** Flat bytecode: an opcode, then its operand where it has one. */
export type Code = number[];

export const OP = {
  push: 0,
  load: 1,
  add: 2,
  sub: 3,
  mul: 4,
  div: 5,
  mod: 6,
  neg: 7,
  abs: 8,
  int: 9,
  least: 10,
  greatest: 11,
  random: 12,
  gaussian: 13,
  exponential: 14,
  zipfian: 15,
  // sysbench's own: no \set function reaches them; sysbench.ts emits them.
  sbGaussian: 16,
  sbSpecial: 17,
  sbPareto: 18,
} as const;

type Token =
  | { kind: 'num'; value: number }
  | { kind: 'var'; name: string }
  | { kind: 'id'; name: string }
  | { kind: 'op'; op: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s*(?:(\d+(?:\.\d+)?)|:([A-Za-z_]\w*)|([A-Za-z_]\w*)|([-+*/%(),]))/y;
  let pos = 0;
  while (pos < text.length) {
    if (/^\s*$/.test(text.slice(pos))) break;
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m) throw new Error(`unexpected '${text.slice(pos).trim().slice(0, 20)}' in expression`);
    pos = re.lastIndex;
    if (m[1] !== undefined) tokens.push({ kind: 'num', value: Number(m[1]) });
    else if (m[2] !== undefined) tokens.push({ kind: 'var', name: m[2] });
    else if (m[3] !== undefined) tokens.push({ kind: 'id', name: m[3].toLowerCase() });
    else tokens.push({ kind: 'op', op: m[4]! });
  }
  return tokens;
}

/** Functions: [min args, max args, opcode]; variadic ones carry their argument count. */
const FUNCTIONS: Record<string, [number, number, number]> = {
  random: [2, 2, OP.random],
  random_gaussian: [3, 3, OP.gaussian],
  random_exponential: [3, 3, OP.exponential],
  random_zipfian: [3, 3, OP.zipfian],
  abs: [1, 1, OP.abs],
  least: [1, 16, OP.least],
  greatest: [1, 16, OP.greatest],
  int: [1, 1, OP.int],
};
const VARIADIC = new Set<number>([OP.least, OP.greatest]);

/** `slotOf` maps a variable name to its slot, or throws if the variable is unknown. */
export function compileExpr(text: string, slotOf: (name: string) => number): Code {
  const tokens = tokenize(text);
  const code: Code = [];
  let i = 0;
  const peekOp = (op: string) => {
    const t = tokens[i];
    return t?.kind === 'op' && t.op === op;
  };
  const expectOp = (op: string) => {
    if (!peekOp(op)) throw new Error(`expected '${op}' in expression`);
    i++;
  };
  const primary = (): void => {
    const t = tokens[i++];
    if (!t) throw new Error('expression ends too early');
    if (t.kind === 'num') {
      code.push(OP.push, t.value);
      return;
    }
    if (t.kind === 'var') {
      code.push(OP.load, slotOf(t.name));
      return;
    }
    if (t.kind === 'id') {
      const fn = FUNCTIONS[t.name];
      if (!fn) throw new Error(`unknown function ${t.name}()`);
      expectOp('(');
      let args = 0;
      if (!peekOp(')')) {
        additive();
        args++;
        while (peekOp(',')) {
          i++;
          additive();
          args++;
        }
      }
      expectOp(')');
      const [lo, hi, op] = fn;
      if (args < lo || args > hi) {
        throw new Error(`${t.name}() takes ${lo}${hi > lo ? ` to ${hi}` : ''} arguments`);
      }
      if (VARIADIC.has(op)) code.push(op, args);
      else code.push(op);
      return;
    }
    if (t.op === '(') {
      additive();
      expectOp(')');
      return;
    }
    if (t.op === '-') {
      primary();
      code.push(OP.neg);
      return;
    }
    throw new Error(`unexpected '${t.op}' in expression`);
  };
  const multiplicative = (): void => {
    primary();
    for (;;) {
      const t = tokens[i];
      if (t?.kind !== 'op' || !'*/%'.includes(t.op) || t.op === '') return;
      i++;
      primary();
      code.push(t.op === '*' ? OP.mul : t.op === '/' ? OP.div : OP.mod);
    }
  };
  function additive(): void {
    multiplicative();
    for (;;) {
      const t = tokens[i];
      if (t?.kind !== 'op' || (t.op !== '+' && t.op !== '-')) return;
      i++;
      multiplicative();
      code.push(t.op === '+' ? OP.add : OP.sub);
    }
  }
  if (tokens.length === 0) throw new Error('empty expression');
  additive();
  if (i < tokens.length) throw new Error('unexpected text after the expression');
  return code;
}

const div = (a: number, b: number): number => {
  if (b === 0) throw new Error('division by zero in \\set expression');
  return Number.isInteger(a) && Number.isInteger(b) ? Math.trunc(a / b) : a / b;
};

/** pgbench's getGaussianRand: Box-Muller, redrawn until within ±parameter deviations. */
function gaussian(rng: Rng, min: number, max: number, parameter: number): number {
  if (parameter < 2) throw new Error('random_gaussian() needs a parameter of at least 2');
  let stdev: number;
  do {
    const rand1 = 1 - rng.double();
    const rand2 = rng.double();
    stdev = Math.sqrt(-2 * Math.log(rand1)) * Math.sin(2 * Math.PI * rand2);
  } while (stdev < -parameter || stdev >= parameter);
  return min + Math.trunc((max - min + 1) * ((stdev + parameter) / (parameter * 2)));
}

/** pgbench's getExponentialRand. */
function exponential(rng: Rng, min: number, max: number, parameter: number): number {
  if (parameter <= 0) throw new Error('random_exponential() needs a positive parameter');
  const cut = Math.exp(-parameter);
  const uniform = 1 - rng.double();
  const rand = -Math.log(cut + (1 - cut) * uniform) / parameter;
  return min + Math.trunc((max - min + 1) * rand);
}

/** pgbench's computeIterativeZipfian (rejection sampling; s > 1). */
function zipfian(rng: Rng, min: number, max: number, s: number): number {
  if (s <= 1 || s > 1000) throw new Error('random_zipfian() needs a parameter above 1');
  const n = max - min + 1;
  const b = Math.pow(2, s - 1);
  for (;;) {
    const u = rng.double();
    const v = rng.double();
    const x = Math.floor(Math.pow(u, -1 / (s - 1)));
    const t = Math.pow(1 + 1 / x, s - 1);
    if ((v * x * (t - 1)) / (b - 1) <= t / b && x <= n) return min + x - 1;
  }
}

/** sysbench's 'gaussian': the mean of `iter` uniform draws over [lo, hi]. */
function sysbenchGaussian(rng: Rng, lo: number, hi: number, iter: number): number {
  const t = hi - lo + 1;
  let sum = 0;
  for (let i = 0; i < iter; i++) sum += rng.double() * t;
  return lo + Math.trunc(sum * (1 / iter));
}

/**
 * sysbench's 'special' (its default): `res` percent of the draws fall uniformly in a band of `pct`
 * percent of [lo, hi] at its middle (the band reuses the draw that chose it, as sysbench does); the
 * rest are the mean of `iter` uniform draws.
 */
function sysbenchSpecial(
  rng: Rng,
  lo: number,
  hi: number,
  pct: number,
  res: number,
  iter: number,
): number {
  const t = hi - lo;
  const rnd = rng.double();
  if (rnd * (t * (100 / (100 - res))) < t) {
    let sum = 0;
    for (let i = 0; i < iter; i++) sum += rng.double();
    return Math.trunc(lo + sum * t * (1 / iter));
  }
  return lo + Math.trunc(rnd * (t * (pct / 100) + 1) + (t / 2 - t * (pct / 200)));
}

/** sysbench's 'pareto'; `power` is log(h) / log(1 - h), computed once where the code is built. */
function sysbenchPareto(rng: Rng, lo: number, hi: number, power: number): number {
  return lo + Math.trunc((hi - lo + 1) * Math.pow(rng.double(), power));
}

/** Runs `code` over the client's variables; one value results. */
export function evalCode(code: Code, vars: readonly number[], rng: Rng, stack: number[]): number {
  let sp = 0;
  for (let pc = 0; pc < code.length;) {
    const op = code[pc++]!;
    switch (op) {
      case OP.push:
        stack[sp++] = code[pc++]!;
        break;
      case OP.load:
        stack[sp++] = vars[code[pc++]!] ?? 0;
        break;
      case OP.neg:
        stack[sp - 1] = -stack[sp - 1]!;
        break;
      case OP.abs:
        stack[sp - 1] = Math.abs(stack[sp - 1]!);
        break;
      case OP.int:
        stack[sp - 1] = Math.trunc(stack[sp - 1]!);
        break;
      case OP.least:
      case OP.greatest: {
        const n = code[pc++]!;
        let r = stack[sp - n]!;
        for (let k = sp - n + 1; k < sp; k++)
          r = op === OP.least ? Math.min(r, stack[k]!) : Math.max(r, stack[k]!);
        sp -= n;
        stack[sp++] = r;
        break;
      }
      case OP.random: {
        const hi = stack[--sp]!;
        const lo = stack[sp - 1]!;
        stack[sp - 1] = lo + Math.floor(rng.double() * (hi - lo + 1));
        break;
      }
      case OP.gaussian:
      case OP.exponential:
      case OP.zipfian: {
        const p = stack[--sp]!;
        const hi = stack[--sp]!;
        const lo = stack[sp - 1]!;
        const f = op === OP.gaussian ? gaussian : op === OP.exponential ? exponential : zipfian;
        stack[sp - 1] = f(rng, lo, hi, p);
        break;
      }
      case OP.sbGaussian:
      case OP.sbPareto: {
        const p = stack[--sp]!;
        const hi = stack[--sp]!;
        const lo = stack[sp - 1]!;
        stack[sp - 1] = (op === OP.sbGaussian ? sysbenchGaussian : sysbenchPareto)(rng, lo, hi, p);
        break;
      }
      case OP.sbSpecial: {
        const iter = stack[--sp]!;
        const res = stack[--sp]!;
        const pct = stack[--sp]!;
        const hi = stack[--sp]!;
        const lo = stack[sp - 1]!;
        stack[sp - 1] = sysbenchSpecial(rng, lo, hi, pct, res, iter);
        break;
      }
      default: {
        const b = stack[--sp]!;
        const a = stack[sp - 1]!;
        stack[sp - 1] =
          op === OP.add
            ? a + b
            : op === OP.sub
              ? a - b
              : op === OP.mul
                ? a * b
                : op === OP.div
                  ? div(a, b)
                  : a % b;
      }
    }
  }
  return stack[0]!;
}
