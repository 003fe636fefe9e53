// Runs in the CLI process. `benchphant connections add|list|test|rm|import|export`: flags become contract input
// and go through dispatch(); the password comes from the environment or a hidden prompt, never a flag.
import type { Command } from 'commander';
import { DEFAULT_PORTS, ENGINE_TYPES, type Connection } from '../../../shared/model/connection';
import { ENGINE_INFO } from '../../../shared/model/engines';
import { SECRET_STORE_NAMES } from '../../core/secrets/secret-store';
import { CliFailure, EXIT_FAILED, EXIT_USAGE } from '../exit';
import { type CliIo, writeLine } from '../io';
import { confirm, readPassword } from '../prompt';
import { type Session, withSession } from '../session';
import { renderTable } from '../table';
import { transferCommands } from './connections-transfer';
import { address, printJson, resolveConnection } from './connections-common';

/** The engines' URL schemes, default ports and database fields, as the help text lists them. */
const orList = (items: readonly string[]) =>
  items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
const URL_SCHEMES = orList(
  ENGINE_TYPES.flatMap((t) => ENGINE_INFO[t].schemes.map((s) => `${s}://`)),
);
const PORTS = ENGINE_TYPES.map((t) => `${ENGINE_INFO[t].defaultPort} for ${t}`).join(', ');
/** Engines whose `database` is not a database name (Redis: its index). */
const DATABASE_NOTES = ENGINE_TYPES.filter((t) => ENGINE_INFO[t].database.label !== 'Database')
  .map((t) => {
    const d = ENGINE_INFO[t].database;
    return `${ENGINE_INFO[t].label}: the ${d.label.toLowerCase()}, default ${d.default}`;
  })
  .join('; ');

interface AddOptions {
  url?: string;
  name?: string;
  type?: string;
  host?: string;
  port?: string;
  database?: string;
  user?: string;
  environment?: string;
  description?: string;
  tags?: string;
  tlsMode?: string;
  caFile?: string;
  passwordPrompt?: boolean;
  json?: boolean;
}

const FIELD_FLAGS = [
  'type',
  'host',
  'port',
  'database',
  'user',
  'description',
  'tags',
  'tlsMode',
  'caFile',
] as const;
const flagName = (key: string) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** Digits become a number; anything else goes through as typed, for the contract to reject in its words. */
const portInput = (port: string | undefined, type: string | undefined): unknown => {
  if (port === undefined)
    return (ENGINE_TYPES as readonly string[]).includes(type ?? '')
      ? DEFAULT_PORTS[type as keyof typeof DEFAULT_PORTS]
      : undefined;
  return /^\d+$/.test(port.trim()) ? Number(port) : port;
};

function inputFromFlags(o: AddOptions, password: string | undefined): Record<string, unknown> {
  const tlsMode = o.tlsMode ?? (o.caFile ? 'verify-full' : undefined);
  return {
    name: o.name,
    type: o.type,
    host: o.host,
    port: portInput(o.port, o.type),
    database: o.database,
    username: o.user,
    ...(o.environment !== undefined ? { environment: o.environment } : {}),
    ...(o.description !== undefined ? { description: o.description } : {}),
    ...(o.tags !== undefined
      ? {
          tags: o.tags
            .split(',')
            .map((t) => t.trim())
            .filter(Boolean),
        }
      : {}),
    ...(tlsMode !== undefined
      ? { tls: { mode: tlsMode, ...(o.caFile ? { ca_file: o.caFile } : {}) } }
      : {}),
    ...(password !== undefined ? { password } : {}),
  };
}

/** The URL carries the password into the one createFromUrl call, so saving stays all-or-nothing. */
function urlWithPassword(raw: string, password: string | undefined): string {
  if (password === undefined) return raw;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return raw;
  }
  if (url.password) {
    throw new CliFailure(
      'The URL already holds a password; remove it from the URL, or do not pass BENCHPHANT_PASSWORD / --password-prompt.',
      EXIT_USAGE,
    );
  }
  if (!url.username) return raw;
  url.password = encodeURIComponent(password);
  return url.href;
}

async function passwordFrom(io: CliIo, o: AddOptions): Promise<string | undefined> {
  if (o.passwordPrompt) return readPassword(io);
  const fromEnv = io.env.BENCHPHANT_PASSWORD;
  return fromEnv ? fromEnv : undefined;
}

function describeSaved(c: Connection, s: Session): string {
  const kind = s.secrets.store?.kind;
  const where = c.has_password
    ? `password kept in the ${kind ? SECRET_STORE_NAMES[kind] : 'secret store'}`
    : 'no password';
  return `Saved connection '${c.name}' (${c.id}): ${c.type} ${address(c)}, ${c.environment}, ${where}.`;
}

async function add(io: CliIo, o: AddOptions): Promise<void> {
  if (o.url !== undefined) {
    const clash = FIELD_FLAGS.filter((k) => o[k] !== undefined);
    if (clash.length) {
      throw new CliFailure(
        `--url cannot be combined with ${clash.map(flagName).join(', ')}: the URL names those.`,
        EXIT_USAGE,
      );
    }
  }
  const password = await passwordFrom(io, o);
  await withSession(io, async (s) => {
    const created =
      o.url !== undefined
        ? await s.call('connections.createFromUrl', {
            url: urlWithPassword(o.url, password),
            ...(o.name !== undefined ? { name: o.name } : {}),
            ...(o.environment !== undefined ? { environment: o.environment } : {}),
          })
        : await s.call('connections.create', inputFromFlags(o, password));
    if (o.json) printJson(io, created);
    else writeLine(io.stdout, describeSaved(created, s));
  });
}

async function list(io: CliIo, o: { json?: boolean }): Promise<void> {
  await withSession(io, async (s) => {
    const all = await s.call('connections.list');
    if (o.json) return void printJson(io, all);
    if (all.length === 0) {
      writeLine(
        io.stdout,
        'No connections yet. Add one with `benchphant connections add`, or try `benchphant sandbox start`.',
      );
      return;
    }
    const rows = all.map((c) => [
      c.id,
      c.name,
      c.type,
      address(c),
      c.environment === 'production' ? 'PRODUCTION' : c.environment,
      c.has_password ? 'yes' : 'no',
      c.tags.join(','),
    ]);
    writeLine(
      io.stdout,
      renderTable(['ID', 'NAME', 'TYPE', 'ADDRESS', 'ENVIRONMENT', 'PASSWORD', 'TAGS'], rows),
    );
  });
}

async function test(io: CliIo, ref: string, o: { json?: boolean }): Promise<number> {
  return withSession(io, async (s) => {
    const c = await resolveConnection(s, ref);
    const result = await s.call('connections.testSaved', { id: c.id });
    if (o.json) printJson(io, result);
    else if (result.success) writeLine(io.stdout, `${c.name}: ${result.message}`);
    else writeLine(io.stderr, `error: ${c.name}: ${result.message}`);
    return result.success ? 0 : EXIT_FAILED;
  });
}

async function remove(io: CliIo, ref: string, o: { yes?: boolean; json?: boolean }): Promise<void> {
  await withSession(io, async (s) => {
    const c = await resolveConnection(s, ref);
    if (!o.yes) {
      if (!io.stdin.isTTY) {
        throw new CliFailure(
          `Not deleting '${c.name}' without confirmation: stdin is not a terminal. Pass --yes to delete it.`,
          EXIT_USAGE,
        );
      }
      const label =
        c.environment === 'production'
          ? `the PRODUCTION connection '${c.name}'`
          : `connection '${c.name}'`;
      if (!(await confirm(io, `Delete ${label} (${address(c)}) and its saved password?`))) {
        throw new CliFailure('Nothing deleted.', EXIT_FAILED);
      }
    }
    const done = await s.call('connections.delete', { id: c.id });
    if (o.json) printJson(io, done);
    else writeLine(io.stdout, done.message);
  });
}

export function connectionsCommand(
  program: Command,
  io: CliIo,
  setExit: (code: number) => void,
): void {
  const cmd = program.command('connections').description('Manage saved database connections.');

  cmd
    .command('add')
    .description('Save a connection, from flags or from a connection URL.')
    .option('--url <url>', `a ${URL_SCHEMES} URL instead of the flags below`)
    .option('--name <name>', 'a name to recognise it by (default with --url: user@host/database)')
    .option('--type <type>', `database type: ${ENGINE_TYPES.join(', ')}`)
    .option('--host <host>', 'host name or IP address')
    .option('--port <port>', `port (default ${PORTS})`)
    .option(
      '--database <name>',
      `database to connect to${DATABASE_NOTES ? ` (${DATABASE_NOTES})` : ''}`,
    )
    .option('--user <name>', 'user name')
    .option('--environment <env>', 'production, staging, development or test (default development)')
    .option('--description <text>', 'a free-text note')
    .option('--tags <list>', 'comma-separated tags')
    .option('--tls-mode <mode>', 'disable, prefer, require or verify-full (default prefer)')
    .option(
      '--ca-file <path>',
      'PEM file of the CA that verify-full trusts (implies --tls-mode verify-full)',
    )
    .option('--password-prompt', 'ask for the password on the terminal without echoing it')
    .option('--json', 'print the saved connection as JSON')
    .addHelpText(
      'after',
      '\nThe password is read from the BENCHPHANT_PASSWORD environment variable, or asked for with\n' +
        '--password-prompt. There is deliberately no --password flag: it would end up in your shell history.\n' +
        'It is kept in the OS keychain (or the encrypted file / memory store), never in the data file.\n\n' +
        'Examples:\n' +
        '  benchphant connections add --name local --type postgresql --host 127.0.0.1 --database app --user app --password-prompt\n' +
        '  BENCHPHANT_PASSWORD=… benchphant connections add --url mysql://root@db.internal:3306/shop --environment staging',
    )
    .action((o: AddOptions) => add(io, o));

  cmd
    .command('list')
    .description('List saved connections (never with passwords).')
    .option('--json', 'print the list as JSON')
    .action((o: { json?: boolean }) => list(io, o));

  cmd
    .command('test')
    .description(
      'Connect to a saved connection and report server version and round trip (exit 1 if it fails).',
    )
    .argument('<connection>', 'id or name of the connection')
    .option('--json', 'print the test result as JSON')
    .action(async (ref: string, o: { json?: boolean }) => setExit(await test(io, ref, o)));

  cmd
    .command('rm')
    .description('Delete a saved connection and its stored password.')
    .argument('<connection>', 'id or name of the connection')
    .option('-y, --yes', 'do not ask for confirmation (required when stdin is not a terminal)')
    .option('--json', 'print the result as JSON')
    .action((ref: string, o: { yes?: boolean; json?: boolean }) => remove(io, ref, o));

  transferCommands(cmd, io, setExit);
}
