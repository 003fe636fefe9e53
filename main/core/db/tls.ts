// Runs wherever a driver connects. Turns a TLS mode into Node TLS options for both drivers, and
// reads back what a handshake settled on.
import { createPrivateKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { checkServerIdentity, type ConnectionOptions, TLSSocket } from 'node:tls';
import type { TestResult, TlsSettings } from '../../../shared/model/connection';
import { AppError } from '../../../shared/errors';

export type TlsDetails = NonNullable<TestResult['tls_details']>;

async function readPem(path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch {
    throw new AppError(
      'TLS_FAILED',
      `The ${what} file ${path} cannot be read. Check the path and its permissions.`,
    );
  }
}

/** The client certificate and key, for servers that authenticate clients by certificate. */
async function clientIdentity(
  tls: TlsSettings | undefined,
  passphrase: string | undefined,
): Promise<ConnectionOptions> {
  if (!tls?.cert_file && !tls?.key_file) return {};
  if (!tls.cert_file || !tls.key_file)
    throw new AppError(
      'TLS_FAILED',
      'A client certificate needs both a certificate file and its key file; one of them is missing.',
    );
  const key = await readPem(tls.key_file, 'client key');
  if (key.includes('ENCRYPTED')) {
    // OpenSSL reports most wrong passphrases as "bad decrypt", but about one in 300 decrypts to
    // garbage that passes the padding check and then fails as "unsupported": decrypting here makes
    // every wrong or missing passphrase read the same.
    try {
      createPrivateKey({ key, passphrase: passphrase ?? '' });
    } catch {
      throw Object.assign(new Error('bad decrypt'), { code: 'ERR_OSSL_BAD_DECRYPT' });
    }
  }
  return {
    cert: await readPem(tls.cert_file, 'client certificate'),
    key,
    ...(passphrase ? { passphrase } : {}),
  };
}

/**
 * `false` means plain TCP; `prefer` is resolved by the caller (TLS first, then plain).
 * `host` is the name verify-full checks unless tls.server_name says otherwise (tunnels set it,
 * because their host is 127.0.0.1).
 */
export async function tlsOptions(
  tls: TlsSettings | undefined,
  host: string,
  keyPassphrase?: string,
): Promise<ConnectionOptions | false> {
  const mode = tls?.mode ?? 'prefer';
  if (mode === 'disable') return false;
  const identity = await clientIdentity(tls, keyPassphrase);
  if (mode === 'verify-full') {
    const ca = tls?.ca_file ? await readPem(tls.ca_file, 'CA certificate') : undefined;
    const name = tls?.server_name ?? host;
    return {
      rejectUnauthorized: true,
      // SNI must not carry an IP address (RFC 6066); the identity check still uses it.
      ...(isIP(name) ? {} : { servername: name }),
      checkServerIdentity: (_host, cert) => checkServerIdentity(name, cert),
      ...(ca ? { ca } : {}),
      ...identity,
    };
  }
  // require / prefer: encrypt, but (as libpq's sslmode=require) do not verify the certificate.
  return { rejectUnauthorized: false, ...identity };
}

/**
 * The host-name half of verify-full, for drivers that do not do it themselves (mysql2 checks
 * against 'localhost' for an IP address, and not at all for a tunnel): throws what Node would.
 */
export function checkIdentity(socket: unknown, tls: TlsSettings | undefined, host: string): void {
  if (tls?.mode !== 'verify-full' || !(socket instanceof TLSSocket)) return;
  const err = checkServerIdentity(tls.server_name ?? host, socket.getPeerCertificate());
  if (err) throw err;
}

const DAY_MS = 86_400_000;

/** `CN=db, O=Acme` from a certificate's subject or issuer object. */
const distinguishedName = (dn: Record<string, string | string[]> | undefined) =>
  dn
    ? Object.entries(dn)
        .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : v}`)
        .join(', ')
    : undefined;

/** Protocol, cipher and the server certificate of a TLS socket; undefined for plain TCP. */
export function tlsDetailsOf(socket: unknown, now = new Date()): TlsDetails | undefined {
  if (!(socket instanceof TLSSocket)) return undefined;
  const cert = socket.getPeerCertificate();
  const hasCert = cert && Object.keys(cert).length > 0;
  const validTo = hasCert ? new Date(cert.valid_to) : undefined;
  const valid = validTo && !Number.isNaN(validTo.getTime()) ? validTo : undefined;
  return {
    protocol: socket.getProtocol() ?? 'unknown',
    cipher: socket.getCipher().standardName || socket.getCipher().name,
    ...(hasCert
      ? {
          subject: distinguishedName(cert.subject as unknown as Record<string, string>),
          issuer: distinguishedName(cert.issuer as unknown as Record<string, string>),
        }
      : {}),
    ...(valid
      ? {
          valid_to: valid.toISOString(),
          days_left: Math.floor((valid.getTime() - now.getTime()) / DAY_MS),
        }
      : {}),
  };
}
