// Runs in the renderer (pure). The one place the UI's own words for errors live: a sentence for
// each error code, and the API's wording (field names, `flag=value`, operation names, internal ids,
// ISO timestamps) rewritten into the words of the controls on screen. The API keeps its wording.
import { METHODS } from '../../../shared/contract';
import { ERROR_CODES } from '../../../shared/errors';
import { dateTime, timeRange } from '../components/figure-format';
import { WORKLOADS } from '../features/benchmarks/workload-defaults';
import type { ApiErrorCode } from './api-error';

/** What the UI says for each code when the core's own sentence is missing. */
export const ERROR_WORDS: Record<ApiErrorCode, string> = {
  BAD_INPUT: 'Something in the form is not valid; check the fields and try again.',
  NOT_FOUND: 'It is not there any more; it may have been deleted. Reload to see what is left.',
  UNAUTHORIZED: 'You are signed out; sign in again to go on.',
  FORBIDDEN: 'Your account may not do this; ask an administrator for the right role.',
  RATE_LIMITED: 'Too many attempts in a short time; wait a little and try again.',
  CONFLICT: 'That cannot be done in its current state; reload and try again.',
  UNKNOWN_METHOD: 'This version of Benchphant cannot do that; update the app or the server.',
  SECRET_STORE_UNAVAILABLE:
    'Passwords cannot be kept: neither the system keychain nor an encrypted file is available.',
  HOST_NOT_FOUND: 'The host name was not found; check Host in the connection.',
  CONNECTION_REFUSED: 'Nothing answers on that host and port; is the database server running?',
  TIMEOUT: 'The database did not answer in time; try again, or raise the timeout.',
  AUTH_FAILED: 'The server refused the user name or password; check them in the connection.',
  DATABASE_NOT_FOUND: 'The server has no database of that name; check Database in the connection.',
  TLS_FAILED: 'The secure (TLS) connection could not be set up; check the TLS settings.',
  DB_UNREACHABLE: 'The database server cannot be reached from here.',
  WRONG_SERVICE: 'Something other than the expected database answers on that port.',
  SANDBOX_FAILED: 'The sandbox database could not be started; the log has the details.',
  REFUSED: 'Benchphant refused this to keep your data safe.',
  INTERNAL: 'Something went wrong inside Benchphant; the log has the details.',
  DISCONNECTED: 'The link to Benchphant dropped before an answer came; try again in a moment.',
  BAD_RESPONSE: 'The answer could not be read; reload the page.',
};

const UUID_TEXT = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** The API's words for a control, and the control's words on screen. Order matters: longest first. */
const REWRITES: readonly [RegExp, string][] = [
  // A run's own messages: the engine as the API names it, an import's ids.
  [/\bengine native was asked for\b/g, 'The native load engine was asked for'],
  [new RegExp(`\\bRun ${UUID_TEXT} imported as ${UUID_TEXT}\\.`, 'g'), 'The run was imported.'],
  [new RegExp(`\\bIt was already here as ${UUID_TEXT};`, 'g'), 'It was already here;'],
  // "parameter table_size must be …": the field's label says which.
  [/\bparameter (?=[a-z]+_[a-z_]+\b)/g, ''],
  [/\bsend allow_writes: true\b/g, 'tick Allow writes'],
  [/\ballow_writes\b/g, 'Allow writes'],
  [/\s*\(shared_tables=\w+\)/g, ''],
  [/\bimport with shared_tables=skip\b/g, 'choose Leave out under Tables without it'],
  [/\bshared_tables=skip\b/g, 'Leave out (Tables without it)'],
  [/\bshared_tables=copy\b/g, 'Copy whole into every tenant (Tables without it)'],
  // An import's predicted failures and the options that resolve them (shared/model/import-plan-words.ts).
  [/\badd (\S+) to leave_out\b/g, 'tick Leave out for $1'],
  [/\bset drop_routing_column=true\b/g, 'tick Leave the routing column out of the tenants’ tables'],
  [
    /\bset drop_routing_column=false\b/g,
    'untick Leave the routing column out of the tenants’ tables',
  ],
  [/\buse import-full\b/g, 'tick Import the schema first'],
  [
    /\bset options\.create_tenants\b/g,
    'tick Create missing tenants from the workspace’s blueprint',
  ],
  [
    /\bimport with drop_routing_column=true\b/g,
    'tick Leave the routing column out of the tenants’ tables',
  ],
  [/\bdrop_routing_column=true\b/g, 'Leave the routing column out of the tenants’ tables'],
  [/\bLower start_rate\b/g, 'Lower the Start rate'],
  [/\bstart_rate\b/g, 'Start rate'],
  [/confirm by sending confirm=[\w-]+/g, 'confirm by typing the tenant id'],
  [/\bdeploy_all: true, or a list in tenant_ids\b/g, 'all tenants of the blueprint, or tick some'],
  [/\bneeds connection_id\b/g, 'needs a Dedicated connection'],
  [/\brepeat with \?force=true to delete it anyway\b/g, 'delete it anyway to go on'],
  [/\bName a tenant_id, or set all_tenants with a blueprint\b/g, 'Choose a tenant or a blueprint'],
  [/\ball_tenants needs the blueprint\b/g, 'Every tenant of a blueprint needs the blueprint'],
  // A hint for scripts and the command line; on screen the checkbox beside it says the same.
  [/\s*\([a-z_]+ in the API, --[a-z-]+ on the command line\)/g, ''],
  [/\bconfirm with allow_production\b/g, 'type the connection’s name to confirm'],
  [/\bunder vault_path\b/g, 'under that vault path'],
  [/\bend_time must be after start_time\b/g, 'The end must be after the start'],
  [/\bdownsample_after_days\b/g, 'Downsample after (days)'],
  [/\bretention_days\b/g, 'Keep history (days)'],
  [/\bcron_schedule\b/g, 'Cron schedule'],
  [/\bin routing_field\b/g, 'as the Routing column'],
  [/\bwith the same routing_field\b/g, 'with the same Routing column'],
  [/\bpass connection_id\b/g, 'choose it as the Connection'],
  [/\bgive either connection_id or connection\b/g, 'Choose a saved connection or enter one'],
  // "No benchmark run with id <uuid>.": the id means nothing on screen; what happened does.
  [
    /\bNo ([a-z][a-z ]*?) with id '?[0-9a-f]{8}-[0-9a-f-]{27}'?\.?/gi,
    'That $1 is not there any more; it may have been deleted.',
  ],
  // Internal ids mean nothing on screen: "Change ddl_490cf74b7c80 is …" → "The change is …".
  [/\bChange ddl_[0-9a-f]+\b/g, 'The change'],
  [/\bchange ddl_[0-9a-f]+\b/g, 'the change'],
  [/\bddl_[0-9a-f]+\b/g, 'the change'],
  [/\s*\(?\bdep_[0-9a-f]{12}\b\)?/g, ''],
];

/** Any field of a form the API names, as the label the control carries. */
const FIELD_LABELS: Record<string, string> = {
  tenant_id: 'Tenant id',
  connection_id: 'Connection',
  blueprint_name: 'Blueprint',
  max_failures: 'Halt after failures',
  error_policy: 'On failure',
  cron_schedule: 'Schedule',
  task_type: 'Task type',
  routing_column: 'Routing column',
  key_pattern: 'Key pattern',
  warmup_time: 'Warm-up',
  report_interval: 'Report interval',
  pool_size: 'Worker threads',
  timeout_ms: 'Timeout',
  max_rows: 'Row limit',
  threads: 'Clients',
  // A workload's parameters, as the New run form labels them ("Rows per table").
  ...Object.fromEntries(WORKLOADS.flatMap((w) => w.params.map((p) => [p.key, p.label]))),
};

const UUID = /'?\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b'?/gi;
const ISO_TIME =
  /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?(?=$|[^\w:])/g;
/** Two instants joined by a dash (an outage's start and end), said as one local stretch. */
const ISO_RANGE = new RegExp(`(${ISO_TIME.source})–(${ISO_TIME.source})`, 'g');
const METHOD_NAMES = new RegExp(
  `\\s*(?:\\b(?:in|to|of|before|by)\\s+)?\\b(?:${METHODS.map((m) => m.replace('.', '\\.')).join('|')})\\b`,
  'g',
);
const FIELDS = new RegExp(
  `\\b(?:${Object.keys(FIELD_LABELS)
    .filter((k) => k.includes('_') || k === 'threads')
    .join('|')})\\b(?=:| is | must )`,
  'g',
);

/** A message from the core as the UI says it. */
export function uiText(message: string): string {
  let text = message;
  for (const [pattern, words] of REWRITES) text = text.replace(pattern, words);
  text = text
    .replace(METHOD_NAMES, '')
    .replace(/\s+with id\s+(?=')?/g, ' ')
    .replace(UUID, '')
    .replace(ISO_RANGE, (_, from: string, to: string) => timeRange(from, to))
    .replace(ISO_TIME, (iso) => dateTime(iso))
    .replace(FIELDS, (field) => FIELD_LABELS[field] ?? field);
  // What the removals leave behind: doubled spaces, a space before punctuation, empty brackets.
  return text
    .replace(/\(\s*\)/g, '')
    .replace(/\s{2,}/g, ' ')
    .replace(/\s+([.,;:)])/g, '$1')
    .trim();
}

/** The sentence for an error: the core's, in the UI's words, or the code's own. */
export function errorText(code: ApiErrorCode, message: string | undefined): string {
  const text = message ? uiText(message) : '';
  return text || ERROR_WORDS[code];
}

/** Every code the wire can carry plus the client's own (the words test walks this). */
export const ALL_ERROR_CODES: readonly ApiErrorCode[] = [
  ...ERROR_CODES,
  'DISCONNECTED',
  'BAD_RESPONSE',
];
