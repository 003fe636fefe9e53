// Runs in the main process and in benchmark workers. pgbench's `\set` expressions (integers,
// :variables, + - * / %, parentheses, random/abs/least/greatest) compiled once into closures.
export type Expr = (vars: readonly number[]) => number;

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

const div = (a: number, b: number): number => {
  if (b === 0) throw new Error('division by zero in \\set expression');
  return Number.isInteger(a) && Number.isInteger(b) ? Math.trunc(a / b) : a / b;
};

const FUNCTIONS: Record<string, { arity: [number, number]; make: (args: Expr[]) => Expr }> = {
  random: {
    arity: [2, 2],
    make:
      ([lo, hi]) =>
      (v) => {
        const a = lo!(v);
        return a + Math.floor(Math.random() * (hi!(v) - a + 1));
      },
  },
  abs: {
    arity: [1, 1],
    make:
      ([x]) =>
      (v) =>
        Math.abs(x!(v)),
  },
  least: { arity: [1, 16], make: (args) => (v) => Math.min(...args.map((a) => a(v))) },
  greatest: { arity: [1, 16], make: (args) => (v) => Math.max(...args.map((a) => a(v))) },
  int: {
    arity: [1, 1],
    make:
      ([x]) =>
      (v) =>
        Math.trunc(x!(v)),
  },
};

/** `slotOf` maps a variable name to its slot, or throws if the variable is unknown. */
export function compileExpr(text: string, slotOf: (name: string) => number): Expr {
  const tokens = tokenize(text);
  let i = 0;
  const peekOp = (op: string) => {
    const t = tokens[i];
    return t?.kind === 'op' && t.op === op;
  };
  const expectOp = (op: string) => {
    if (!peekOp(op)) throw new Error(`expected '${op}' in expression`);
    i++;
  };
  const primary = (): Expr => {
    const t = tokens[i++];
    if (!t) throw new Error('expression ends too early');
    if (t.kind === 'num') {
      const value = t.value;
      return () => value;
    }
    if (t.kind === 'var') {
      const slot = slotOf(t.name);
      return (v) => v[slot]!;
    }
    if (t.kind === 'id') {
      const fn = FUNCTIONS[t.name];
      if (!fn) throw new Error(`unknown function ${t.name}()`);
      expectOp('(');
      const args: Expr[] = [];
      if (!peekOp(')')) {
        args.push(additive());
        while (peekOp(',')) {
          i++;
          args.push(additive());
        }
      }
      expectOp(')');
      if (args.length < fn.arity[0] || args.length > fn.arity[1]) {
        throw new Error(
          `${t.name}() takes ${fn.arity[0]}${fn.arity[1] > fn.arity[0] ? ` to ${fn.arity[1]}` : ''} arguments`,
        );
      }
      return fn.make(args);
    }
    if (t.op === '(') {
      const inner = additive();
      expectOp(')');
      return inner;
    }
    if (t.op === '-') {
      const inner = primary();
      return (v) => -inner(v);
    }
    throw new Error(`unexpected '${t.op}' in expression`);
  };
  const multiplicative = (): Expr => {
    let left = primary();
    for (;;) {
      const t = tokens[i];
      if (t?.kind !== 'op' || !'*/%'.includes(t.op) || t.op === '') return left;
      i++;
      const l = left;
      const r = primary();
      left =
        t.op === '*'
          ? (v) => l(v) * r(v)
          : t.op === '/'
            ? (v) => div(l(v), r(v))
            : (v) => l(v) % r(v);
    }
  };
  function additive(): Expr {
    let left = multiplicative();
    for (;;) {
      const t = tokens[i];
      if (t?.kind !== 'op' || (t.op !== '+' && t.op !== '-')) return left;
      i++;
      const l = left;
      const r = multiplicative();
      left = t.op === '+' ? (v) => l(v) + r(v) : (v) => l(v) - r(v);
    }
  }
  if (tokens.length === 0) throw new Error('empty expression');
  const result = additive();
  if (i < tokens.length) throw new Error('unexpected text after the expression');
  return result;
}
