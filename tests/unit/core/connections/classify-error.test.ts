import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../shared/errors';
import type { ConnectionParams } from '../../../../shared/model/connection';
import { classifyConnectError } from '../../../../main/core/connections/classify-error';

const SECRET = 'Zq9-classify-S3cret';
const pg: ConnectionParams = {
  type: 'postgresql',
  host: 'db.example',
  port: 5433,
  database: 'orders',
  username: 'alice',
  password: SECRET,
};
const my: ConnectionParams = { ...pg, type: 'mysql', port: 3307 };

const driverError = (fields: { code?: string; errno?: number; message?: string }) =>
  Object.assign(new Error(fields.message ?? 'driver failure'), fields);

describe('classifyConnectError', () => {
  it.each([
    [{ code: 'ENOTFOUND' }, 'HOST_NOT_FOUND', "Host name 'db.example' could not be resolved"],
    [{ code: 'EAI_AGAIN' }, 'HOST_NOT_FOUND', "Host name 'db.example' could not be resolved"],
    [{ code: 'ECONNREFUSED' }, 'CONNECTION_REFUSED', 'Connection refused by db.example:5433'],
    [{ code: 'ETIMEDOUT' }, 'TIMEOUT', 'No answer from db.example:5433 within 5 s'],
    [
      { message: 'Connection terminated due to connection timeout' },
      'TIMEOUT',
      'No answer from db.example:5433 within 5 s',
    ],
    [{ code: '28P01' }, 'AUTH_FAILED', "Authentication failed for user 'alice' on db.example:5433"],
    [{ code: '28000' }, 'AUTH_FAILED', "Authentication failed for user 'alice'"],
    [
      { message: 'SASL: SCRAM-SERVER-FINAL-MESSAGE: server signature is missing' },
      'AUTH_FAILED',
      'Check the username and password',
    ],
    [
      { code: '3D000' },
      'DATABASE_NOT_FOUND',
      "Database 'orders' does not exist on db.example:5433",
    ],
    [
      { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' },
      'TLS_FAILED',
      'The TLS handshake with db.example:5433 failed (DEPTH_ZERO_SELF_SIGNED_CERT)',
    ],
    [
      { message: 'The server does not support SSL connections' },
      'TLS_FAILED',
      'the server refused TLS',
    ],
    [
      { code: 'ECONNRESET' },
      'DB_UNREACHABLE',
      'closed the connection during the handshake. Is it a PostgreSQL server?',
    ],
    [{ code: 'XX000' }, 'DB_UNREACHABLE', 'Could not connect to db.example:5433 (XX000).'],
  ])('PostgreSQL %j → %s', (fields, code, message) => {
    const e = classifyConnectError(driverError(fields), pg, 5000);
    expect(e.code).toBe(code);
    expect(e.message).toContain(message);
  });

  it.each([
    [
      { code: 'ER_ACCESS_DENIED_ERROR', errno: 1045 },
      'AUTH_FAILED',
      "Authentication failed for user 'alice' on db.example:3307",
    ],
    [{ errno: 1045 }, 'AUTH_FAILED', "user 'alice'"],
    [
      { code: 'ER_BAD_DB_ERROR', errno: 1049 },
      'DATABASE_NOT_FOUND',
      "Database 'orders' does not exist on db.example:3307",
    ],
    [{ code: 'HANDSHAKE_NO_SSL_SUPPORT' }, 'TLS_FAILED', 'HANDSHAKE_NO_SSL_SUPPORT'],
    [{ code: 'PROTOCOL_CONNECTION_LOST' }, 'DB_UNREACHABLE', 'Is it a MySQL/MariaDB server?'],
  ])('MySQL %j → %s', (fields, code, message) => {
    const e = classifyConnectError(driverError(fields), my, 5000);
    expect(e.code).toBe(code);
    expect(e.message).toContain(message);
  });

  it('states the timeout it was given', () => {
    expect(classifyConnectError(driverError({ code: 'ETIMEDOUT' }), pg, 1500).message).toContain(
      'within 1.5 s',
    );
  });

  it('passes an AppError through unchanged', () => {
    const own = new AppError('TLS_FAILED', 'The CA certificate file cannot be read.');
    expect(classifyConnectError(own, pg, 5000)).toBe(own);
  });

  it('copes with something that is not an Error', () => {
    expect(classifyConnectError(undefined, pg, 5000)).toMatchObject({
      code: 'DB_UNREACHABLE',
      message: 'Could not connect to db.example:5433.',
    });
    expect(classifyConnectError('boom', pg, 5000).code).toBe('DB_UNREACHABLE');
  });

  it('never repeats the driver text, a stack or the password', () => {
    const leaky = [
      { code: 'XX000', message: `FATAL: something went wrong for password=${SECRET}` },
      { code: '28P01', message: `password authentication failed (${SECRET})` },
      { code: 'ECONNRESET', message: `reset while sending ${SECRET}` },
      { message: `unexpected ${SECRET}` },
    ];
    for (const fields of leaky) {
      for (const params of [pg, my]) {
        const e = classifyConnectError(driverError(fields), params, 5000);
        expect(e.message).not.toContain(SECRET);
        expect(e.message).not.toMatch(/\n\s+at /);
      }
    }
  });
});
