// Runs anywhere. A Redis command line as redis-cli reads it: words split on spaces, "double"
// quotes with \n \r \t \" \\ and \xHH escapes, 'single' quotes taken literally. Binary values
// (a DUMP payload in an inverse) are written back with \xHH, so a line round-trips exactly.
import { AppError } from '../../../../../shared/errors';

const ESCAPES: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, a: 7, '"': 34, '\\': 92 };

/** The words of one command line, each as bytes. */
export function parseCommand(line: string): Buffer[] {
  const words: Buffer[] = [];
  let i = 0;
  const n = line.length;
  while (i < n) {
    while (i < n && /\s/.test(line[i] ?? '')) i++;
    if (i >= n) break;
    const bytes: number[] = [];
    const push = (s: string) => bytes.push(...Buffer.from(s, 'utf8'));
    while (i < n && !/\s/.test(line[i] ?? '')) {
      const ch = line[i] ?? '';
      if (ch === '"') {
        i++;
        for (;;) {
          if (i >= n) throw new AppError('BAD_INPUT', 'The command has an unclosed " quote.');
          const c = line[i] ?? '';
          if (c === '"') break;
          if (c === '\\' && i + 1 < n) {
            const e = line[i + 1] ?? '';
            const hex = line.slice(i + 2, i + 4);
            if (e === 'x' && /^[0-9a-fA-F]{2}$/.test(hex)) {
              bytes.push(parseInt(hex, 16));
              i += 4;
              continue;
            }
            const code = ESCAPES[e];
            if (code !== undefined) bytes.push(code);
            else push(e);
            i += 2;
            continue;
          }
          push(c);
          i++;
        }
        i++;
      } else if (ch === "'") {
        const end = line.indexOf("'", i + 1);
        if (end < 0) throw new AppError('BAD_INPUT', "The command has an unclosed ' quote.");
        push(line.slice(i + 1, end).replace(/\\'/g, "'"));
        i = end + 1;
      } else {
        push(ch);
        i++;
      }
    }
    words.push(Buffer.from(bytes));
  }
  if (words.length === 0) throw new AppError('BAD_INPUT', 'The command is empty.');
  return words;
}

/** Printable ASCII without quotes or backslashes stays as is; anything else is escaped. */
function quoteWord(word: Buffer): string {
  const plain =
    word.length > 0 &&
    [...word].every((b) => b > 32 && b < 127 && b !== 34 && b !== 39 && b !== 92);
  if (plain) return word.toString('latin1');
  let out = '"';
  for (const b of word) {
    if (b === 34) out += '\\"';
    else if (b === 92) out += '\\\\';
    else if (b >= 32 && b < 127) out += String.fromCharCode(b);
    else out += `\\x${b.toString(16).padStart(2, '0')}`;
  }
  return `${out}"`;
}

/** A command line that `parseCommand` reads back to the same words. */
export function formatCommand(words: readonly Buffer[]): string {
  return words.map(quoteWord).join(' ');
}

export const commandName = (words: readonly Buffer[]) =>
  (words[0]?.toString('utf8') ?? '').toUpperCase();

/** A migration statement that is a Lua script (run by EVAL) rather than one command. */
export const isLuaScript = (statement: string) => statement.trimStart().startsWith('#!lua');
