// Runs in the CLI process. `benchphant serve`: the headless server over the same core, with an
// access token printed once in the URL to open; it must never bind beyond loopback without a warning.
import { randomBytes } from 'node:crypto';
import { type Command, InvalidArgumentError } from 'commander';
import { isLoopbackAddress } from '../../server/request-guard';
import { CliFailure } from '../exit';
import { type CliIo, writeLine } from '../io';
import { type Session, VERSION, withOwnerSession } from '../session';

interface ServeOptions {
  host: string;
  port: number;
  rateLimit: number;
}

function parsePort(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n > 65535)
    throw new InvalidArgumentError(
      'It must be a whole number from 0 to 65535 (0 picks a free one).',
    );
  return n;
}

function parseRateLimit(value: string): number {
  if (!/^\d+$/.test(value.trim()))
    throw new InvalidArgumentError(
      'It must be a whole number of requests per minute (0 for none).',
    );
  return Number(value);
}

function passwordsLine(s: Session): string {
  switch (s.secrets.store?.kind) {
    case 'keychain':
      return 'the OS keychain';
    case 'encrypted-file':
      return `an AES-256-GCM file keyed by BENCHPHANT_MASTER_KEY (${s.core.paths.secretsFile})`;
    case 'memory':
      return 'memory only: they are forgotten when the server stops';
    default:
      return `nowhere: ${s.secrets.message ?? 'no secret store is available'}`;
  }
}

async function serve(io: CliIo, o: ServeOptions): Promise<void> {
  const token = io.env.BENCHPHANT_TOKEN || randomBytes(32).toString('base64url');
  await withOwnerSession(io, 'benchphant serve', async (s) => {
    // Loaded on demand: the other commands need neither HTTP nor WebSocket code.
    const { startServer } = await import('../../server/server');
    const server = await startServer({
      core: s.core,
      host: o.host,
      port: o.port,
      token,
      ...(io.env.BENCHPHANT_SCRAPE_TOKEN ? { scrapeToken: io.env.BENCHPHANT_SCRAPE_TOKEN } : {}),
      logger: s.logger,
      rateLimit: o.rateLimit === 0 ? false : { points: o.rateLimit, windowSeconds: 60 },
    }).catch((err: unknown) => {
      // Its messages are written for the user (port in use, no such address).
      throw new CliFailure(err instanceof Error ? err.message : 'The server could not start.');
    });
    // Only the long-running entries sample the host and fire scheduled tasks; one-shot commands never do.
    s.core.metrics.start();
    s.core.scheduler.start();
    if (!isLoopbackAddress(o.host)) {
      writeLine(io.stderr, '');
      writeLine(
        io.stderr,
        `WARNING: --host ${o.host} is not a loopback address. Anyone who can reach this machine on port`,
      );
      writeLine(
        io.stderr,
        `${server.port} and learns the token can use Benchphant and every saved connection, over plain`,
      );
      writeLine(
        io.stderr,
        'unencrypted HTTP. Bind 127.0.0.1 (the default) unless you really mean it.',
      );
      writeLine(io.stderr, '');
    }
    if (io.env.BENCHPHANT_TOKEN && io.env.BENCHPHANT_TOKEN.length < 16) {
      writeLine(
        io.stderr,
        'WARNING: BENCHPHANT_TOKEN is shorter than 16 characters; it is easy to guess.',
      );
    }
    writeLine(
      io.stdout,
      `Benchphant ${VERSION} is serving. Open this URL (it holds the access token, shown only here):`,
    );
    writeLine(io.stdout, '');
    writeLine(io.stdout, `    ${server.url}`);
    writeLine(io.stdout, '');
    writeLine(io.stdout, `Data directory: ${s.core.paths.root}`);
    writeLine(io.stdout, `Passwords:      ${passwordsLine(s)}`);
    writeLine(io.stdout, 'Press Ctrl-C to stop.');
    const signal = await io.untilSignal();
    writeLine(io.stderr, `${signal}: stopping…`);
    await server.close();
  });
}

export function serveCommand(program: Command, io: CliIo): void {
  program
    .command('serve')
    .description(
      'Run the headless server: the app in a browser, the REST API and events over WebSocket.',
    )
    .option(
      '--host <host>',
      'address to bind (anything but loopback exposes Benchphant to the network)',
      '127.0.0.1',
    )
    .option('--port <port>', 'port to listen on (0 picks a free one)', parsePort, 8000)
    .option(
      '--rate-limit <n>',
      'API requests per minute per client address (the start-up token is never counted; 0 for no limit)',
      parseRateLimit,
      100,
    )
    .addHelpText(
      'after',
      '\nThe access token is BENCHPHANT_TOKEN if set, else a random one; it is printed once, in the URL to open.\n' +
        'Clients send it as "Authorization: Bearer <token>"; accounts (`benchphant users add`) log in with\n' +
        'POST /api/v1/auth/login (a JWT), HTTP Basic or an API key. Data lives in BENCHPHANT_DATA_DIR\n' +
        '(default ~/.local/share/benchphant). Ctrl-C (or SIGTERM) stops the server and the sandbox.',
    )
    .action((o: ServeOptions) => serve(io, o));
}
