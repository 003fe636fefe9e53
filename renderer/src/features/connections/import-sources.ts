// Runs in the renderer. How the Import dialog names each source, what it hints, which files its
// picker offers, and the file the core reads when asked for the default.
import type { ImportSource } from '../../../../shared/contract/connection-transfer';

export interface SourceInfo {
  label: string;
  hint: string;
  /** The file picker's `accept`. */
  accept: string;
  /** The file the desktop app reads when nothing is pasted (a browser page uploads instead). */
  defaultFile?: string;
}

export const IMPORT_SOURCE_INFO: Record<ImportSource, SourceInfo> = {
  urls: {
    label: 'Connection URLs',
    hint: 'One or more postgres://, postgresql://, mysql:// or mariadb:// URLs, one per line or separated by spaces.',
    accept: '.txt,text/plain',
  },
  pgpass: {
    label: 'PostgreSQL password file (.pgpass)',
    hint: 'hostname:port:database:username:password lines. A line with a * only gives passwords to the connections it matches.',
    accept: '.pgpass,.conf,.txt,text/plain',
    defaultFile: '~/.pgpass (or $PGPASSFILE)',
  },
  pg_service: {
    label: 'PostgreSQL service file (pg_service.conf)',
    hint: 'One [service] per connection. In the desktop app a missing password is taken from ~/.pgpass, as libpq does.',
    accept: '.conf,.txt,text/plain',
    defaultFile: '~/.pg_service.conf (or $PGSERVICEFILE)',
  },
  my_cnf: {
    label: 'MySQL option file (my.cnf)',
    hint: '[client] and [mysql] make one connection, each [client_name] another; !include is not followed.',
    accept: '.cnf,.ini,.txt,text/plain',
    defaultFile: '~/.my.cnf',
  },
  pgadmin: {
    label: 'pgAdmin servers.json',
    hint: 'Export it from pgAdmin with Tools → Export Servers. It holds no passwords: type them in the preview.',
    accept: '.json,application/json',
  },
  dbeaver: {
    label: 'DBeaver data-sources.json',
    hint: "From DBeaver's project folder (.dbeaver/data-sources.json). Its credentials file is never read: type the passwords in the preview.",
    accept: '.json,application/json',
  },
  benchphant: {
    label: 'Benchphant export',
    hint: 'A file written by Export (JSON). Exports hold no passwords.',
    accept: '.json,application/json',
  },
};
