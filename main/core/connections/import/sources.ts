// Runs in the main process, server and CLI. Which parser reads which source, and where a source's
// file lives when the user names none (the same places libpq and the mysql client look).
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ImportSource } from '../../../../shared/contract/connection-transfer';
import { parseBenchphantExport } from './benchphant';
import { parseDbeaver } from './dbeaver';
import type { ParseResult } from './entry';
import { parseMyCnf } from './my-cnf';
import { parsePgAdmin } from './pgadmin';
import { parsePgpass } from './pgpass';
import { parsePgService } from './pg-service';
import { parseUrlList } from './urls';

export const PARSERS: Record<ImportSource, (text: string) => ParseResult> = {
  urls: parseUrlList,
  pgpass: parsePgpass,
  pg_service: parsePgService,
  my_cnf: parseMyCnf,
  pgadmin: parsePgAdmin,
  dbeaver: parseDbeaver,
  benchphant: parseBenchphantExport,
};

export interface SourceEnv {
  env: NodeJS.ProcessEnv;
  home: string;
}

export const processSourceEnv = (): SourceEnv => ({ env: process.env, home: homedir() });

/** The file a source is read from when neither text nor a path is given; null if it has none. */
export function defaultSourcePath(source: ImportSource, { env, home }: SourceEnv): string | null {
  switch (source) {
    case 'pgpass':
      return env.PGPASSFILE || join(home, '.pgpass');
    case 'pg_service':
      return env.PGSERVICEFILE || join(home, '.pg_service.conf');
    case 'my_cnf':
      return join(home, '.my.cnf');
    default:
      return null;
  }
}
