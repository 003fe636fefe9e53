// Runs wherever a connection is tested. Names the kind of service that answers a port from the
// first bytes it sends or answers (a MySQL/MariaDB greeting, PostgreSQL's reply to an SSLRequest,
// HTTP, TLS), so a test can say "answers as MariaDB, not PostgreSQL". Sends no credentials, ever.
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { AppError, type ErrorCode } from '../../../shared/errors';
import type { EngineParams } from '../../../shared/model/connection';
import type { ServiceKind } from '../engines/engine';
import { engineOf } from '../engines/registry';

export type { ServiceKind };

/** How the kind reads in a sentence: "answers as …". */
export const SERVICE_LABELS: Record<ServiceKind, string> = {
  postgresql: 'PostgreSQL',
  mysql: 'MySQL',
  mariadb: 'MariaDB',
  http: 'an HTTP server',
  tls: 'a TLS-only service (such as HTTPS)',
  ssh: 'an SSH server',
  redis: 'Redis',
};

/** PostgreSQL's SSLRequest: length 8, code 80877103. Every PostgreSQL answers it with one byte. */
const SSL_REQUEST = Buffer.from([0, 0, 0, 8, 4, 0xd2, 0x16, 0x2f]);

/** A service that speaks first: MySQL/MariaDB (protocol 10 greeting or an error packet), SSH, Redis. */
export function kindOfGreeting(b: Buffer): ServiceKind | null {
  if (b.length >= 5 && b[3] === 0 && (b[4] === 0x0a || b[4] === 0xff)) {
    const end = b.indexOf(0, 5);
    const version = b.subarray(5, end > 0 ? end : b.length).toString('latin1');
    return /mariadb/i.test(version) ? 'mariadb' : 'mysql';
  }
  const text = b.subarray(0, 8).toString('latin1');
  if (text.startsWith('SSH-')) return 'ssh';
  return null;
}

/** A service that answered the SSLRequest. */
export function kindOfAnswer(b: Buffer): ServiceKind | null {
  const first = b[0];
  // 'S' / 'N' alone: PostgreSQL's answer to SSLRequest; 'E' + length: an old server's error.
  if (b.length === 1 && (first === 0x53 || first === 0x4e)) return 'postgresql';
  if (first === 0x45 && b.length >= 5 && b.readUInt32BE(1) < 10_000) return 'postgresql';
  const text = b.subarray(0, 8).toString('latin1');
  if (text.startsWith('HTTP/')) return 'http';
  if (text.startsWith('-ERR') || text.startsWith('-NOAUTH')) return 'redis';
  // A TLS record (alert or handshake), version 3.x.
  if ((first === 0x15 || first === 0x16) && b[1] === 0x03) return 'tls';
  return kindOfGreeting(b);
}

/** The first bytes the socket receives within `ms` (after sending `send`), or null. */
function firstBytes(socket: Socket, ms: number, send?: Buffer): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let settleTimer: NodeJS.Timeout | undefined;
    const done = () => {
      clearTimeout(timer);
      clearTimeout(settleTimer);
      socket.off('data', onData);
      socket.off('close', done);
      socket.off('error', done);
      resolve(chunks.length ? Buffer.concat(chunks) : null);
    };
    const onData = (d: Buffer) => {
      chunks.push(d);
      // A greeting or an answer comes in one burst; a short pause ends it.
      clearTimeout(settleTimer);
      settleTimer = setTimeout(done, 30);
    };
    const timer = setTimeout(done, ms);
    socket.on('data', onData);
    socket.once('close', done);
    socket.once('error', done);
    if (send) socket.write(send);
  });
}

function tcp(host: string, port: number, ms: number): Promise<Socket | null> {
  return new Promise((resolve) => {
    const socket = netConnect({ host, port });
    const timer = setTimeout(() => fail(), ms);
    const fail = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(null);
    };
    socket.once('error', fail);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.off('error', fail);
      socket.on('error', () => undefined);
      resolve(socket);
    });
  });
}

/** Whether the port completes a TLS handshake right away (a certificate is not checked: only asked). */
function speaksTls(host: string, port: number, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tlsConnect({
      host,
      port,
      rejectUnauthorized: false,
      ...(/^[\d.:]+$/.test(host) ? {} : { servername: host }),
    });
    const end = (ok: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => end(false), ms);
    socket.once('secureConnect', () => end(true));
    socket.once('error', () => end(false));
    socket.once('close', () => end(false));
  });
}

/**
 * The kind of service on host:port, or null when it cannot tell (nothing answers, or an unknown
 * protocol). Takes at most about `budgetMs`.
 */
export async function identifyService(
  host: string,
  port: number,
  budgetMs = 2000,
): Promise<ServiceKind | null> {
  const slice = Math.max(200, Math.floor(budgetMs / 4));
  const socket = await tcp(host, port, slice);
  if (!socket) return null;
  try {
    const greeting = await firstBytes(socket, slice);
    if (greeting) return kindOfGreeting(greeting);
    const answer = await firstBytes(socket, slice, SSL_REQUEST);
    if (answer) return kindOfAnswer(answer);
  } finally {
    socket.destroy();
  }
  // Silent to both, or closed at a bare SSLRequest: a TLS-only port drops what is not TLS.
  return (await speaksTls(host, port, slice)) ? 'tls' : null;
}

/** Driver failures that may mean another kind of service answered (not refusals or bad passwords). */
const PROTOCOL_CODES: ReadonlySet<ErrorCode> = new Set(['DB_UNREACHABLE', 'TIMEOUT', 'TLS_FAILED']);

/**
 * The driver's error, or a clearer one when the port answers as another kind of service: "127.0.0.1:3306
 * answers as MariaDB, not PostgreSQL: check the port or the type." `at` is where the driver went
 * (a tunnel's local end); the sentence names the address the user gave.
 */
export async function explainWrongService(
  err: AppError,
  params: EngineParams,
  at: { host: string; port: number } = params,
): Promise<AppError> {
  if (!PROTOCOL_CODES.has(err.code)) return err;
  const kind = await identifyService(at.host, at.port);
  const want = engineOf(params.type);
  if (kind === null || want.answersAs(kind)) return err;
  return new AppError(
    'WRONG_SERVICE',
    `${params.host}:${params.port} answers as ${SERVICE_LABELS[kind]}, not ${want.info.label}: check the port or the type.`,
  );
}
