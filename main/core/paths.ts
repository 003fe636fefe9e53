// Runs in the server and CLI (the Electron entry passes its own userData). Where data lives.
import { homedir } from 'node:os';
import { join } from 'node:path';

/** BENCHPHANT_DATA_DIR, else the XDG data directory (~/.local/share/benchphant). */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.BENCHPHANT_DATA_DIR) return env.BENCHPHANT_DATA_DIR;
  const xdg = env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(xdg, 'benchphant');
}

export interface DataPaths {
  root: string;
  database: string;
  /** Who owns the directory: one process at a time (see store/data-dir.ts). */
  lock: string;
  log: string;
  secretsFile: string;
  sandbox: string;
  /** Tenant backups, one folder per tenant. */
  backups: string;
}

export function dataPaths(root: string): DataPaths {
  return {
    root,
    database: join(root, 'benchphant.sqlite'),
    lock: join(root, 'benchphant.lock'),
    log: join(root, 'logs', 'benchphant.log'),
    secretsFile: join(root, 'secrets.enc'),
    sandbox: join(root, 'sandbox'),
    backups: join(root, 'backups'),
  };
}
