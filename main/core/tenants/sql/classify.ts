// Runs in the main process, server and CLI. What a statement is: a read, a write, or DDL (and,
// for DDL, the statement that undoes it where one exists). Deliberately conservative: anything
// not recognised as a plain read counts as a write.
import type { DbType } from '../../../../shared/model/connection';
import { sqlEngineOf } from '../../engines/registry';
import { quoter, qualified } from './quote';
import { type Token, tokenize } from './lexer';

const READ_STARTS = new Set([
  'SELECT',
  'WITH',
  'SHOW',
  'EXPLAIN',
  'DESCRIBE',
  'DESC',
  'VALUES',
  'TABLE',
]);
/** Any of these words anywhere (outside strings and comments) makes a statement a write. */
const WRITE_WORDS = new Set([
  'INSERT',
  'UPDATE',
  'DELETE',
  'MERGE',
  'UPSERT',
  'REPLACE',
  'INTO',
  'CREATE',
  'DROP',
  'ALTER',
  'TRUNCATE',
  'GRANT',
  'REVOKE',
  'CALL',
  'DO',
  'COPY',
  'LOCK',
  'ANALYZE',
  'ANALYSE',
  'SET',
  'RESET',
  'VACUUM',
  'REINDEX',
  'CLUSTER',
  'REFRESH',
  'COMMENT',
  'RENAME',
  'LOAD',
  'HANDLER',
  'EXECUTE',
  'PREPARE',
  'NEXTVAL',
  'SETVAL',
  'OUTFILE',
  'DUMPFILE',
]);
const DDL_STARTS = new Set(['CREATE', 'ALTER', 'DROP', 'RENAME', 'COMMENT']);

export interface Classified {
  tokens: Token[];
  /** Returns rows without changing anything (as far as the words can tell). */
  read: boolean;
  /** Changes the schema: recorded as a pending change in a workspace. */
  ddl: boolean;
  /** e.g. `CREATE TABLE`, `ALTER TABLE ADD COLUMN`. */
  kind: string;
}

const words = (tokens: Token[]) => tokens.filter((t) => t.kind === 'word').map((t) => t.value);

export function classify(sql: string, type: DbType): Classified {
  const tokens = tokenize(sql, type);
  const first = tokens[0]?.kind === 'word' ? tokens[0].value : '';
  const all = words(tokens);
  const read = READ_STARTS.has(first) && !all.some((w) => WRITE_WORDS.has(w));
  const ddl = DDL_STARTS.has(first);
  return { tokens, read, ddl, kind: ddl ? ddlKind(tokens) : first || 'UNKNOWN' };
}

const MODIFIERS = new Set([
  'UNIQUE',
  'TEMP',
  'TEMPORARY',
  'UNLOGGED',
  'OR',
  'GLOBAL',
  'LOCAL',
  'FULLTEXT',
  'SPATIAL',
]);

function ddlKind(tokens: Token[]): string {
  const ws = tokens.filter((t) => t.kind === 'word').map((t) => t.value);
  const verb = ws[0] ?? '';
  let i = 1;
  while (i < ws.length && MODIFIERS.has(ws[i] ?? '')) i += 1;
  if (verb === 'CREATE' && ws[i - 1] === 'OR' && ws[i] === 'REPLACE') i += 1;
  const object = ws[i] ?? '';
  if (verb === 'ALTER' && object === 'TABLE') {
    const action = ws
      .slice(i + 1)
      .find((w) => ['ADD', 'DROP', 'ALTER', 'RENAME', 'MODIFY', 'CHANGE'].includes(w));
    if (action === 'ADD' || action === 'DROP') {
      const after = ws[ws.indexOf(action) + 1] ?? '';
      const what = ['CONSTRAINT', 'INDEX', 'KEY', 'PRIMARY', 'FOREIGN', 'UNIQUE', 'CHECK'].includes(
        after,
      )
        ? after === 'KEY'
          ? 'INDEX'
          : after
        : 'COLUMN';
      return `ALTER TABLE ${action} ${what}`;
    }
    return action ? `ALTER TABLE ${action}` : 'ALTER TABLE';
  }
  return `${verb} ${object}`.trim();
}

/** A possibly qualified name starting at tokens[i]: its parts and the index after it. */
function readName(tokens: Token[], i: number): { parts: string[]; next: number } | null {
  const parts: string[] = [];
  let j = i;
  for (;;) {
    const t = tokens[j];
    if (!t || (t.kind !== 'word' && t.kind !== 'ident')) return null;
    // Unquoted names fold: PostgreSQL to lower case; MySQL keeps them as written.
    parts.push(t.kind === 'ident' ? t.value : t.value.toLowerCase());
    j += 1;
    if (tokens[j]?.kind === 'punct' && tokens[j]?.value === '.') {
      j += 1;
      continue;
    }
    return { parts, next: j };
  }
}

/** For MySQL, an unquoted name keeps the case it was typed in. */
function rawCase(
  sql: string,
  tokens: Token[],
  name: { parts: string[]; next: number },
  start: number,
  type: DbType,
) {
  if (!sqlEngineOf(type).tenants.sql.unquotedNamesKeepCase) return name.parts;
  const out: string[] = [];
  for (let j = start; j < name.next; j += 1) {
    const t = tokens[j];
    if (!t || t.kind === 'punct') continue;
    out.push(t.kind === 'ident' ? t.value : sql.slice(t.start, t.end));
  }
  return out;
}

function skipWords(tokens: Token[], i: number, optional: string[][]): number {
  let j = i;
  for (const seq of optional) {
    if (seq.every((w, k) => tokens[j + k]?.kind === 'word' && tokens[j + k]?.value === w))
      j += seq.length;
  }
  return j;
}

function hasTopLevelComma(tokens: Token[], from: number): boolean {
  let depth = 0;
  for (let j = from; j < tokens.length; j += 1) {
    const t = tokens[j];
    if (t?.kind !== 'punct') continue;
    if (t.value === '(') depth += 1;
    else if (t.value === ')') depth -= 1;
    else if (t.value === ',' && depth === 0) return true;
  }
  return false;
}

export interface Inverse {
  inverse: string | null;
  note: string | null;
}

const none = (note: string): Inverse => ({ inverse: null, note });

/** The statement that undoes a DDL statement: CREATE TABLE, ADD COLUMN and CREATE INDEX have one. */
export function inverseOf(sql: string, type: DbType): Inverse {
  const c = classify(sql, type);
  const t = c.tokens;
  const q = quoter(type);
  const name = (i: number) => {
    const n = readName(t, i);
    return n ? { ...n, parts: rawCase(sql, t, n, i, type) } : null;
  };
  if (c.kind === 'CREATE TABLE') {
    let i = t.findIndex((x) => x.kind === 'word' && x.value === 'TABLE') + 1;
    i = skipWords(t, i, [['IF', 'NOT', 'EXISTS']]);
    const n = name(i);
    if (!n) return none('The table name could not be read from the statement; drop it by hand.');
    return { inverse: `DROP TABLE ${qualified(q, n.parts)}`, note: null };
  }
  if (c.kind === 'ALTER TABLE ADD COLUMN') {
    let i = t.findIndex((x) => x.kind === 'word' && x.value === 'TABLE') + 1;
    i = skipWords(t, i, [['IF', 'EXISTS'], ['ONLY']]);
    const table = name(i);
    if (!table) return none('The table name could not be read from the statement.');
    let j = table.next;
    if (t[j]?.value !== 'ADD')
      return none('Only a single ADD COLUMN can be reverted automatically.');
    if (hasTopLevelComma(t, j)) {
      return none('The statement changes several things at once; revert each part by hand.');
    }
    j = skipWords(t, j + 1, [['COLUMN'], ['IF', 'NOT', 'EXISTS']]);
    const col = name(j);
    if (!col || col.parts.length !== 1)
      return none('The column name could not be read from the statement.');
    return {
      inverse: `ALTER TABLE ${qualified(q, table.parts)} DROP COLUMN ${qualified(q, col.parts)}`,
      note: null,
    };
  }
  if (c.kind === 'CREATE INDEX') {
    let i = t.findIndex((x) => x.kind === 'word' && x.value === 'INDEX') + 1;
    i = skipWords(t, i, [['CONCURRENTLY'], ['IF', 'NOT', 'EXISTS']]);
    if (t[i]?.kind === 'word' && t[i]?.value === 'ON') {
      return none('The index has no name in the statement, so there is nothing to drop by name.');
    }
    const idx = name(i);
    if (!idx) return none('The index name could not be read from the statement.');
    if (!sqlEngineOf(type).tenants.sql.dropIndexNamesTable)
      return { inverse: `DROP INDEX ${qualified(q, idx.parts)}`, note: null };
    let j = skipWords(t, idx.next, [
      ['USING', 'BTREE'],
      ['USING', 'HASH'],
    ]);
    if (t[j]?.value !== 'ON')
      return none('The table of the index could not be read from the statement.');
    j = skipWords(t, j + 1, [['ONLY']]);
    const table = name(j);
    if (!table) return none('The table of the index could not be read from the statement.');
    return {
      inverse: `DROP INDEX ${qualified(q, idx.parts)} ON ${qualified(q, table.parts)}`,
      note: null,
    };
  }
  if (c.kind.startsWith('DROP')) {
    return none(`${c.kind} cannot be reverted: what it removed (and its data) is gone.`);
  }
  return none(
    `No automatic inverse exists for ${c.kind}; undo it with your own statement in the console.`,
  );
}
