// Runs in the main process, server and CLI. A small SQL tokenizer: enough to split statements,
// find the leading keywords and read the names a DDL statement acts on, with quotes, comments
// and PostgreSQL dollar quoting respected (so `';'` or `-- DROP` never fool it).
import { AppError } from '../../../../shared/errors';
import type { DbType } from '../../../../shared/model/connection';
import { sqlEngineOf } from '../../engines/registry';

export type TokenKind = 'word' | 'ident' | 'string' | 'number' | 'punct';

export interface Token {
  kind: TokenKind;
  /** Words upper-cased; quoted identifiers unquoted; strings unquoted. */
  value: string;
  /** Offset in the source. */
  start: number;
  end: number;
}

const isWordStart = (c: string) => /[A-Za-z_\u0080-\uffff]/.test(c);
const isWordPart = (c: string) => /[A-Za-z0-9_$\u0080-\uffff]/.test(c);

function readQuoted(sql: string, i: number, quote: string, backslash: boolean): [string, number] {
  let out = '';
  let j = i + 1;
  while (j < sql.length) {
    const c = sql[j] ?? '';
    if (backslash && c === '\\') {
      out += sql[j + 1] ?? '';
      j += 2;
      continue;
    }
    if (c === quote) {
      if (sql[j + 1] === quote) {
        out += quote;
        j += 2;
        continue;
      }
      return [out, j + 1];
    }
    out += c;
    j += 1;
  }
  return [out, j];
}

export function tokenize(sql: string, type: DbType): Token[] {
  const d = sqlEngineOf(type).tenants.sql.lexer;
  const tokens: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i] ?? '';
    const next = sql[i + 1] ?? '';
    if (/\s/.test(c)) {
      i += 1;
    } else if ((c === '-' && next === '-') || (c === '#' && d.hashComments)) {
      const nl = sql.indexOf('\n', i);
      i = nl === -1 ? sql.length : nl + 1;
    } else if (c === '/' && next === '*') {
      const close = sql.indexOf('*/', i + 2);
      i = close === -1 ? sql.length : close + 2;
    } else if (c === "'" || (c === '"' && d.doubleQuotedStrings)) {
      // MySQL reads "…" as a string and \ as an escape; so does PostgreSQL's E'…'.
      const escapes = d.backslashEscapes || /^[eE]$/.test(sql[i - 1] ?? '');
      const [value, end] = readQuoted(sql, i, c, escapes);
      tokens.push({ kind: 'string', value, start: i, end });
      i = end;
    } else if (c === '"' || (c === '`' && d.backtickIdents)) {
      const [value, end] = readQuoted(sql, i, c, false);
      tokens.push({ kind: 'ident', value, start: i, end });
      i = end;
    } else if (c === '$' && d.dollarQuotes && /^\$[A-Za-z_]?[A-Za-z0-9_]*\$/.test(sql.slice(i))) {
      const tag = /^\$[A-Za-z_]?[A-Za-z0-9_]*\$/.exec(sql.slice(i))?.[0] ?? '$$';
      const close = sql.indexOf(tag, i + tag.length);
      const end = close === -1 ? sql.length : close + tag.length;
      tokens.push({
        kind: 'string',
        value: sql.slice(i + tag.length, close === -1 ? end : close),
        start: i,
        end,
      });
      i = end;
    } else if (/[0-9]/.test(c)) {
      let j = i;
      while (j < sql.length && /[0-9.eE]/.test(sql[j] ?? '')) j += 1;
      tokens.push({ kind: 'number', value: sql.slice(i, j), start: i, end: j });
      i = j;
    } else if (isWordStart(c)) {
      let j = i;
      while (j < sql.length && isWordPart(sql[j] ?? '')) j += 1;
      tokens.push({ kind: 'word', value: sql.slice(i, j).toUpperCase(), start: i, end: j });
      i = j;
    } else {
      tokens.push({ kind: 'punct', value: c, start: i, end: i + 1 });
      i += 1;
    }
  }
  return tokens;
}

/** Statements of a script, each without its trailing `;`, empty ones dropped. */
export function splitStatements(sql: string, type: DbType): string[] {
  const out: string[] = [];
  let from = 0;
  for (const t of tokenize(sql, type)) {
    if (t.kind === 'punct' && t.value === ';') {
      out.push(sql.slice(from, t.start));
      from = t.end;
    }
  }
  out.push(sql.slice(from));
  return out.map((s) => s.trim()).filter((s) => tokenize(s, type).length > 0);
}

/** The one statement a console call may carry. */
export function singleStatement(sql: string, type: DbType): string {
  const statements = splitStatements(sql, type);
  if (statements.length === 0)
    throw new AppError('BAD_INPUT', 'The query has no statement to run.');
  if (statements.length > 1) {
    throw new AppError(
      'BAD_INPUT',
      `The query holds ${statements.length} statements; run them one at a time so each DDL change is recorded on its own.`,
    );
  }
  return statements[0] ?? '';
}
