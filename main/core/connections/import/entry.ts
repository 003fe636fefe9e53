// Runs in the main process, server and CLI. What every import parser returns: the connections it
// read, the lines it could not use (with why), and notices; never the text of a line (it may hold a password).
import type { EngineType, Environment, TlsSettings } from '../../../../shared/model/connection';

/** One connection read from a source, not yet validated against the contract. */
export interface ImportEntry {
  /** Where it came from, e.g. `line 3` or `service [prod]`. */
  origin: string;
  name: string;
  type: EngineType;
  host: string;
  port: number;
  database: string;
  username: string;
  password?: string;
  tls?: TlsSettings;
  environment?: Environment;
  description?: string;
  tags?: string[];
  /** The source says the server wants a password it does not hand over. */
  needsPassword?: boolean;
}

export interface ParseProblem {
  origin: string;
  reason: string;
}

export interface ParseResult {
  entries: ImportEntry[];
  problems: ParseProblem[];
  notices: string[];
}

export const lineOrigin = (line: number) => `line ${line}`;

/** `user@host:port/database`, how previews and messages name a connection. */
export const addressOf = (e: { username: string; host: string; port: number; database: string }) =>
  `${e.username}@${e.host}:${e.port}/${e.database}`;

/** Port text from a file: digits in range, or the reason it is not a port. */
export function readPort(raw: string): number | string {
  const text = raw.trim();
  if (!/^\d+$/.test(text)) return 'the port must be a number';
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : 'the port must be between 1 and 65535';
}
