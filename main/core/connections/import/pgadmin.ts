// Runs in the main process, server and CLI. pgAdmin's servers.json (Tools → Export Servers):
// {"Servers": {"1": {Name, Group, Host, Port, MaintenanceDB, Username, SSLMode, …}}}. pgAdmin
// never exports passwords, so each connection asks for one.
import { AppError } from '../../../../shared/errors';
import { DEFAULT_PORTS, type TlsSettings } from '../../../../shared/model/connection';
import { tlsModeFor, SSLMODE_NAMES } from '../url';
import { type ImportEntry, type ParseResult, readPort } from './entry';
import { isObject, parseJsonSource, text } from './json-source';

export function parsePgAdmin(source: string): ParseResult {
  const json = parseJsonSource(source, 'a pgAdmin servers.json');
  if (!isObject(json) || !isObject(json.Servers)) {
    throw new AppError(
      'BAD_INPUT',
      'This is not a pgAdmin servers.json: it has no "Servers" object. Export it from pgAdmin with Tools → Export Servers.',
    );
  }
  const result: ParseResult = { entries: [], problems: [], notices: [] };
  for (const [id, server] of Object.entries(json.Servers)) {
    const origin = `server ${id}`;
    if (!isObject(server)) {
      result.problems.push({ origin, reason: 'not an object' });
      continue;
    }
    const name = text(server.Name) ?? `server ${id}`;
    const named = `server ${id} (${name})`;
    const host = text(server.Host) ?? text(server.HostAddr);
    if (!host) {
      result.problems.push({
        origin: named,
        reason: text(server.Service)
          ? 'it uses a pg_service entry; import pg_service.conf instead'
          : 'it names no host',
      });
      continue;
    }
    const port = text(server.Port) ? readPort(text(server.Port) ?? '') : DEFAULT_PORTS.postgresql;
    if (typeof port === 'string') {
      result.problems.push({ origin: named, reason: port });
      continue;
    }
    const username = text(server.Username);
    if (!username) {
      result.problems.push({ origin: named, reason: 'it names no user (Username)' });
      continue;
    }
    let tls: TlsSettings | undefined;
    const sslmode = text(server.SSLMode);
    if (sslmode) {
      const mode = tlsModeFor(sslmode);
      if (!mode) {
        result.problems.push({ origin: named, reason: `SSLMode must be one of ${SSLMODE_NAMES}` });
        continue;
      }
      const ca = text(server.SSLRootCert);
      tls = { mode, ...(ca ? { ca_file: ca } : {}) };
    }
    const group = text(server.Group);
    const entry: ImportEntry = {
      origin: named,
      name,
      type: 'postgresql',
      host,
      port,
      database: text(server.MaintenanceDB) ?? 'postgres',
      username,
      ...(tls ? { tls } : {}),
      ...(group ? { tags: [group] } : {}),
      ...(text(server.Comment) ? { description: text(server.Comment) } : {}),
      needsPassword: true,
    };
    result.entries.push(entry);
  }
  return result;
}
