// Runs in the main process, server and CLI. The dump and restore programs found on PATH, with
// their versions: pg_dump refuses a server newer than itself, so the version decides whether the
// tool or the driver makes a PostgreSQL backup.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface PgTools {
  dump: string;
  restore: string;
  /** Major version of pg_dump (it can dump servers up to this major). */
  major: number;
}

export interface MysqlTools {
  dump: string;
  client: string;
}

export interface DumpTools {
  postgres: PgTools | null;
  mysql: MysqlTools | null;
}

async function version(program: string): Promise<string | null> {
  try {
    const { stdout } = await run(program, ['--version'], { timeout: 5000 });
    return stdout.trim();
  } catch {
    return null;
  }
}

async function firstFound(names: readonly string[]): Promise<string | null> {
  for (const name of names) if ((await version(name)) !== null) return name;
  return null;
}

export async function findDumpTools(): Promise<DumpTools> {
  const [pgDump, pgRestore, myDump, myClient] = await Promise.all([
    version('pg_dump'),
    version('pg_restore'),
    firstFound(['mariadb-dump', 'mysqldump']),
    firstFound(['mariadb', 'mysql']),
  ]);
  const major = pgDump ? Number(/(\d+)(?:\.\d+)?/.exec(pgDump)?.[1] ?? 0) : 0;
  return {
    postgres:
      pgDump && pgRestore && major > 0 ? { dump: 'pg_dump', restore: 'pg_restore', major } : null,
    mysql: myDump && myClient ? { dump: myDump, client: myClient } : null,
  };
}
