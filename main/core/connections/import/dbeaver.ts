// Runs in the main process, server and CLI. DBeaver's data-sources.json: {"connections": {id:
// {provider, name, folder, configuration: {host, port, database, user, type}}}}. Its
// credentials-config.json is only obfuscated with a key everybody knows, so it is never read:
// a connection that had a saved password asks for it instead.
import { AppError } from '../../../../shared/errors';
import { ENGINE_INFO } from '../../../../shared/model/engines';
import { DEFAULT_PORTS, type DbType, type Environment } from '../../../../shared/model/connection';
import { type ImportEntry, type ParseResult, readPort } from './entry';
import { isObject, parseJsonSource, text } from './json-source';

const PROVIDERS: Record<string, DbType> = {
  postgresql: 'postgresql',
  mysql: 'mysql',
  mariadb: 'mysql',
};

/** DBeaver's connection types (configuration.type) by their built-in ids. */
const ENVIRONMENTS: Record<string, Environment> = {
  dev: 'development',
  test: 'test',
  prod: 'production',
};

export function parseDbeaver(source: string): ParseResult {
  const json = parseJsonSource(source, 'a DBeaver data-sources.json');
  if (!isObject(json) || !isObject(json.connections)) {
    throw new AppError(
      'BAD_INPUT',
      'This is not a DBeaver data-sources.json: it has no "connections" object. It lives in the project folder, e.g. ~/.local/share/DBeaverData/workspace6/General/.dbeaver/.',
    );
  }
  const result: ParseResult = { entries: [], problems: [], notices: [] };
  for (const [id, conn] of Object.entries(json.connections)) {
    if (!isObject(conn)) {
      result.problems.push({ origin: `connection ${id}`, reason: 'not an object' });
      continue;
    }
    const name = text(conn.name) ?? id;
    const origin = `connection ${name}`;
    const provider = text(conn.provider)?.toLowerCase() ?? '';
    const type = PROVIDERS[provider];
    if (!type) {
      result.problems.push({
        origin,
        reason: `provider '${provider || 'none'}' is not PostgreSQL, MySQL or MariaDB`,
      });
      continue;
    }
    const config = isObject(conn.configuration) ? conn.configuration : {};
    const host = text(config.host);
    if (!host) {
      result.problems.push({ origin, reason: 'it names no host' });
      continue;
    }
    const port = text(config.port) ? readPort(text(config.port) ?? '') : DEFAULT_PORTS[type];
    if (typeof port === 'string') {
      result.problems.push({ origin, reason: port });
      continue;
    }
    const username = text(config.user);
    if (!username) {
      result.problems.push({
        origin,
        reason:
          'no user in data-sources.json (DBeaver keeps it in credentials-config.json, which is not read); add this connection by hand',
      });
      continue;
    }
    const database = text(config.database) ?? ENGINE_INFO[type].database.default;
    const environment = ENVIRONMENTS[text(config.type) ?? ''];
    const folder = text(conn.folder);
    const entry: ImportEntry = {
      origin,
      name,
      type,
      host,
      port,
      database,
      username,
      ...(environment ? { environment } : {}),
      ...(folder ? { tags: [folder] } : {}),
      needsPassword: conn['save-password'] === true,
    };
    result.entries.push(entry);
  }
  return result;
}
