// Runs in the main process, server and CLI. Which source a file is, from its name and contents,
// for callers that were not told (the CLI without --format); null when it cannot tell.
import type { ImportSource } from '../../../../shared/contract/connection-transfer';
import { EXPORT_FORMAT } from '../export-format';
import { isObject } from './json-source';

const BY_NAME: [RegExp, ImportSource][] = [
  [/(^|[\\/])\.?pgpass(\.conf)?$/i, 'pgpass'],
  [/(^|[\\/])\.?pg_service\.conf$/i, 'pg_service'],
  [/\.(cnf|ini)$/i, 'my_cnf'],
  [/(^|[\\/])servers\.json$/i, 'pgadmin'],
  [/(^|[\\/])data-sources[^\\/]*\.json$/i, 'dbeaver'],
];

function fromJson(text: string): ImportSource | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObject(json)) return null;
  if (json.format === EXPORT_FORMAT) return 'benchphant';
  if (isObject(json.Servers)) return 'pgadmin';
  if (isObject(json.connections)) return 'dbeaver';
  return null;
}

export function guessImportSource(fileName: string, text: string): ImportSource | null {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) return fromJson(text);
  const byName = BY_NAME.find(([pattern]) => pattern.test(fileName))?.[1];
  if (byName) return byName;
  const firstLine = trimmed.split(/\r?\n/).find((l) => !l.startsWith('#')) ?? '';
  if (/^(postgres|postgresql|mysql|mariadb):\/\//i.test(firstLine)) return 'urls';
  if (/^\[[^\]]+\]/.test(firstLine))
    return /^\[(client|mysql)/i.test(firstLine) ? 'my_cnf' : 'pg_service';
  if (/^([^:\\]|\\.)*(:([^:\\]|\\.)*){4,}$/.test(firstLine)) return 'pgpass';
  return null;
}
