// Runs in the main process, server and CLI. The injected logger; core modules log through it,
// never through console. It writes no secrets because callers never hand it one.
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string, err?: unknown): void;
}

const ORDER: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

function describe(err: unknown): string {
  if (err instanceof Error)
    return `${err.name}: ${err.message}${err.stack ? `\n${err.stack}` : ''}`;
  return String(err);
}

/** Lines go to a file (created on first write) and, if given, to a console-like sink. */
export function createLogger(opts: {
  file?: string;
  level?: LogLevel;
  echo?: (line: string) => void;
}): Logger {
  const min = ORDER[opts.level ?? 'info'];
  let dirReady = false;
  const write = (level: LogLevel, message: string) => {
    if (ORDER[level] < min) return;
    const line = `${new Date().toISOString()} ${level.toUpperCase()} ${message}`;
    if (opts.file) {
      if (!dirReady) {
        // The log sits in the data directory, which it may be the first to create: both private.
        mkdirSync(dirname(opts.file), { recursive: true, mode: 0o700 });
        dirReady = true;
      }
      appendFileSync(opts.file, `${line}\n`, { mode: 0o600 });
    }
    opts.echo?.(line);
  };
  return {
    debug: (m) => write('debug', m),
    info: (m) => write('info', m),
    warn: (m) => write('warn', m),
    error: (m, err) => write('error', err === undefined ? m : `${m}: ${describe(err)}`),
  };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
