// Runs in the main process, server and CLI. Connection URLs pasted or read from a file: any number
// per line, separated by white space; `#` starts a comment line (a URL list export names them so).
import { AppError } from '../../../../shared/errors';
import { parseConnectionUrl } from '../url';
import { type ImportEntry, lineOrigin, type ParseResult } from './entry';

const COMMENT = /^\s*#/;

export function parseUrlList(text: string): ParseResult {
  const result: ParseResult = { entries: [], problems: [], notices: [] };
  text.split(/\r?\n/).forEach((raw, index) => {
    if (COMMENT.test(raw)) return;
    const words = raw.split(/\s+/).filter(Boolean);
    words.forEach((word, position) => {
      const origin =
        words.length > 1 ? `${lineOrigin(index + 1)}, URL ${position + 1}` : lineOrigin(index + 1);
      try {
        const p = parseConnectionUrl(word);
        const entry: ImportEntry = {
          origin,
          name: `${p.username}@${p.host}/${p.database}`,
          ...p,
        };
        result.entries.push(entry);
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        // The parser's message never repeats the URL, which may hold a password.
        result.problems.push({ origin, reason: err.message });
      }
    });
  });
  return result;
}
