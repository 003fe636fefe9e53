// Runs in the main process, server and CLI. Reads Benchphant's own export back; an entry that does
// not match the format is reported and the others still count.
import { AppError } from '../../../../shared/errors';
import { formatIssues } from '../../validation';
import { EXPORT_FORMAT, EXPORT_VERSION, exportedConnectionSchema } from '../export-format';
import type { ParseResult } from './entry';
import { isObject, parseJsonSource } from './json-source';

// Hand-edited files may leave out what has a sensible default.
const lenient = exportedConnectionSchema.partial({
  environment: true,
  description: true,
  tags: true,
  tls: true,
});

export function parseBenchphantExport(source: string): ParseResult {
  const json = parseJsonSource(source, 'a Benchphant connections export');
  if (!isObject(json) || json.format !== EXPORT_FORMAT || !Array.isArray(json.connections)) {
    throw new AppError(
      'BAD_INPUT',
      `This is not a Benchphant connections export (format "${EXPORT_FORMAT}" with a "connections" list).`,
    );
  }
  if (typeof json.version !== 'number' || json.version > EXPORT_VERSION) {
    throw new AppError(
      'BAD_INPUT',
      `This export is version ${String(json.version)}; this Benchphant reads up to version ${EXPORT_VERSION}. Update Benchphant to import it.`,
    );
  }
  const result: ParseResult = { entries: [], problems: [], notices: [] };
  json.connections.forEach((raw: unknown, index) => {
    const origin = `connection ${index + 1}`;
    const parsed = lenient.safeParse(raw);
    if (!parsed.success) {
      result.problems.push({ origin, reason: formatIssues(parsed.error) });
      return;
    }
    result.entries.push({ origin: `${origin} (${parsed.data.name})`, ...parsed.data });
  });
  return result;
}
