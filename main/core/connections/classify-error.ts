// Runs wherever a driver connects. Turns a driver or socket error into one specific sentence per
// cause. It reads codes, never echoes the driver's text, so no stack or secret can leak through.
import { AppError, type ErrorCode } from '../../../shared/errors';
import type { EngineParams } from '../../../shared/model/connection';
import { ENGINE_INFO } from '../../../shared/model/engines';
import { CleartextRefused } from '../db/cleartext';
import { engineOf } from '../engines/registry';

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'HANDSHAKE_NO_SSL_SUPPORT',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'EPROTO',
]);

const UNTRUSTED = (p: EngineParams) =>
  p.tls?.ca_file
    ? `the server's certificate is not signed by the CA in ${p.tls.ca_file}. Check that it is the CA that issued the server's certificate.`
    : "the server's certificate is signed by a CA this computer does not trust (self-signed or private). Give its CA certificate file for verify-full, or choose require to encrypt without verifying.";

/** Why verification failed, per Node's certificate error code. */
const TLS_REASONS: Record<string, (p: EngineParams) => string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: UNTRUSTED,
  SELF_SIGNED_CERT_IN_CHAIN: UNTRUSTED,
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: UNTRUSTED,
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: UNTRUSTED,
  CERT_HAS_EXPIRED: () =>
    "the server's certificate has expired. Renew it on the server (verify-full refuses expired certificates).",
  CERT_NOT_YET_VALID: () =>
    "the server's certificate is not valid yet. Check the clocks of this computer and the server.",
  ERR_TLS_CERT_ALTNAME_INVALID: (p) =>
    `the server's certificate does not name '${p.tls?.server_name ?? p.host}'. Connect with a host name the certificate lists.`,
  HANDSHAKE_NO_SSL_SUPPORT: () =>
    'the server does not support TLS. Choose prefer or disable, or enable TLS on the server.',
};

/** mysql2 wraps certificate errors as HANDSHAKE_SSL_ERROR; Node's message still says which. */
function tlsCodeOf(message: string): string {
  if (/self[- ]signed|unable to (get|verify)/i.test(message)) return 'SELF_SIGNED_CERT_IN_CHAIN';
  if (/expired/i.test(message)) return 'CERT_HAS_EXPIRED';
  if (/altnames|does not match certificate/i.test(message)) return 'ERR_TLS_CERT_ALTNAME_INVALID';
  return 'HANDSHAKE_SSL_ERROR';
}

export function classifyConnectError(err: unknown, p: EngineParams, timeoutMs: number): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof CleartextRefused) return new AppError('REFUSED', err.message);
  const e = (err ?? {}) as { code?: string; errno?: number; message?: string };
  const code = e.code ?? '';
  const text = e.message ?? '';
  const where = `${p.host}:${p.port}`;
  const make = (c: ErrorCode, m: string) => new AppError(c, m);

  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') {
    return make(
      'HOST_NOT_FOUND',
      `Host name '${p.host}' could not be resolved. Check the spelling, or your DNS and VPN.`,
    );
  }
  if (code === 'ECONNREFUSED') {
    return make(
      'CONNECTION_REFUSED',
      `Connection refused by ${where}. Is the server running and listening on that port?`,
    );
  }
  if (code === 'ETIMEDOUT' || code === 'ETIMEOUT' || /timeout|timed out/i.test(text)) {
    return make(
      'TIMEOUT',
      `No answer from ${where} within ${timeoutMs / 1000} s. Check the host and port, and that no firewall drops the traffic.`,
    );
  }
  // Wrong password, missing database and the like: each engine reads its own driver's codes.
  const own = engineOf(p.type).classifyConnectError(err, p);
  if (own) return own;
  const tlsWhy = TLS_REASONS[code === 'HANDSHAKE_SSL_ERROR' ? tlsCodeOf(text) : code];
  if (tlsWhy)
    return make('TLS_FAILED', `The TLS handshake with ${where} failed (${code}): ${tlsWhy(p)}`);
  if (/bad decrypt|BAD_DECRYPT|bad password read/i.test(`${code} ${text}`)) {
    return make(
      'TLS_FAILED',
      `The client key ${p.tls?.key_file ?? ''} could not be decrypted: its passphrase is missing or wrong.`,
    );
  }
  if (TLS_CODES.has(code) || /ssl|tls|certificate/i.test(text)) {
    return make(
      'TLS_FAILED',
      `The TLS handshake with ${where} failed (${code || 'the server refused TLS'}). Check the TLS mode and, for verify-full, the CA certificate.`,
    );
  }
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'PROTOCOL_CONNECTION_LOST') {
    return make(
      'DB_UNREACHABLE',
      `${where} closed the connection during the handshake. Is it a ${ENGINE_INFO[p.type].label} server?`,
    );
  }
  return make('DB_UNREACHABLE', `Could not connect to ${where}${code ? ` (${code})` : ''}.`);
}
