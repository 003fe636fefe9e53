// Runs in the renderer. How the Tenants screen names a workspace's contents and console for each
// kind of database: SQL databases hold tables and take statements; a Redis key space holds keys
// and takes commands. Keyed by every database type, so a new engine must say its words here.
import type { DatabaseType } from '../../../../shared/contract/tenants';

export interface EngineWords {
  /** The console's title and the admin form's field. */
  console: string;
  field: string;
  consoleHint: string;
  adminHint: string;
  /** What `<name>_dev` is called where a workspace is created. */
  space: (name: string) => string;
  /** Whether the workspace can start from a template of tables. */
  templates: boolean;
  /** Shown instead of the schema tree where there are no tables. */
  noSchema: string | null;
  /** Between a version's statements where the migration is shown. */
  joiner: string;
  noChanges: string;
  allowWrites: string;
  /** The import wizard's routing: SQL rows by a column, Redis keys by a key pattern. */
  routing: ImportRouting;
}

export interface ImportRouting {
  label: string;
  hint: string | undefined;
  initial: string;
  /** The request's field for it. */
  field: 'routing_field' | 'key_pattern';
  /** What the data the routing does not cover is called. */
  without: string;
  /** Whether a source may be typed in (else only a saved connection). */
  inline: boolean;
  /** What the import copies in groups (`Table`, `Key pattern`), its plural, and its unit. */
  group: string;
  groups: string;
  unit: string;
  /** One of `unit`: "1 row", "1 key". */
  unitOne: string;
  /** The analysis's column saying whether a group is routed to tenants. */
  routed: string;
  /** Whether the source has a schema: its routing column can be dropped, its schema imported. */
  schema: boolean;
}

const SQL: EngineWords = {
  console: 'Query console',
  field: 'SQL',
  consoleHint:
    'Ctrl+Enter runs it; several statements separated by ; run one after another. DDL (CREATE, ALTER, DROP…) becomes a pending change.',
  adminHint: "Ctrl+Enter runs it. Each tenant's rows come back with its tenant_id.",
  space: (name) => `the database ${name}_dev`,
  templates: true,
  noSchema: null,
  joiner: ';\n\n',
  noChanges: 'No pending changes: DDL run in the console will appear here.',
  allowWrites: 'Allow writes (INSERT, UPDATE, DELETE, DDL) on every targeted tenant',
  routing: {
    label: 'Routing column',
    hint: undefined,
    initial: 'tenant_id',
    field: 'routing_field',
    without: 'Tables without it',
    inline: true,
    group: 'Table',
    groups: 'Tables',
    unit: 'rows',
    unitOne: 'row',
    routed: 'Routing column',
    schema: true,
  },
};

export const ENGINE_WORDS: Record<DatabaseType, EngineWords> = {
  PostgreSQL: SQL,
  MySQL: SQL,
  Redis: {
    console: 'Command console',
    field: 'Command',
    consoleHint:
      'Ctrl+Enter runs it; one command per line, run one after another. Keys must start with the workspace’s prefix; a command that writes (SET, HSET, DEL…) becomes a pending change.',
    adminHint:
      'Ctrl+Enter runs it. Keys are written without a prefix (GET plan); each tenant runs it as its own user, and its rows come back with its tenant_id.',
    space: (name) => `the key space ${name}_dev:`,
    templates: false,
    noSchema:
      'A Redis workspace holds keys, not tables. List them with SCAN 0 in the console; its shape is the commands recorded as changes.',
    joiner: '\n\n',
    noChanges: 'No pending changes: commands that write (SET, HSET, DEL…) will appear here.',
    allowWrites: 'Allow writes (SET, HSET, DEL…) on every targeted tenant',
    routing: {
      label: 'Key pattern',
      hint: 'Where each tenant’s keys are: under app:{tenant}:* the key app:acme:user:1 becomes user:1 of tenant acme. Database is the index.',
      initial: '{tenant}:*',
      field: 'key_pattern',
      without: 'Keys outside it',
      inline: false,
      group: 'Key pattern',
      groups: 'Key patterns',
      unit: 'keys',
      unitOne: 'key',
      routed: 'Routed to tenants',
      schema: false,
    },
  },
};
