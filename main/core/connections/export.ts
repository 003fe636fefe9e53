// Runs in the main process, server and CLI. Saved connections as a file without secrets: the
// versioned JSON the importer reads back, or one URL per line (names as `#` comments).
import type { Connection } from '../../../shared/model/connection';
import { ENGINE_INFO } from '../../../shared/model/engines';
import {
  EXPORT_FORMAT,
  EXPORT_VERSION,
  type ExportedConnection,
  type ExportFile,
} from './export-format';

export type ExportFormat = 'json' | 'urls';

export interface ExportResult {
  filename: string;
  content: string;
  count: number;
}

/** A URL naming the connection without its password; TLS only when it differs from the default. */
export function connectionUrl(c: Connection): string {
  const host = c.host.includes(':') ? `[${c.host}]` : c.host;
  const url = new URL(`${ENGINE_INFO[c.type].schemes[0] ?? c.type}://${host}:${c.port}`);
  url.username = encodeURIComponent(c.username);
  url.pathname = `/${encodeURIComponent(c.database)}`;
  if (c.tls.mode !== 'prefer') url.searchParams.set('sslmode', c.tls.mode);
  if (c.tls.ca_file) url.searchParams.set('sslrootcert', c.tls.ca_file);
  return url.href;
}

const exported = (c: Connection): ExportedConnection => ({
  name: c.name,
  type: c.type,
  host: c.host,
  port: c.port,
  database: c.database,
  username: c.username,
  environment: c.environment,
  description: c.description,
  tags: c.tags,
  tls: c.tls,
});

export function exportConnections(
  connections: readonly Connection[],
  format: ExportFormat,
  now: Date,
): ExportResult {
  const day = now.toISOString().slice(0, 10);
  if (format === 'urls') {
    const lines = connections.flatMap((c) => [
      `# ${c.name.replace(/\s+/g, ' ')}`,
      connectionUrl(c),
    ]);
    return {
      filename: `benchphant-connections-${day}.txt`,
      content: `${lines.join('\n')}\n`,
      count: connections.length,
    };
  }
  const file: ExportFile = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exported_at: now.toISOString(),
    connections: connections.map(exported),
  };
  return {
    filename: `benchphant-connections-${day}.json`,
    content: `${JSON.stringify(file, null, 2)}\n`,
    count: connections.length,
  };
}
