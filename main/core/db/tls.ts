// Runs wherever a driver connects. Turns a TLS mode into Node TLS options for both drivers.
import { readFile } from 'node:fs/promises';
import type { ConnectionOptions } from 'node:tls';
import type { TlsSettings } from '../../../shared/model/connection';
import { AppError } from '../../../shared/errors';

/** `false` means plain TCP; `prefer` is resolved by the caller (TLS first, then plain). */
export async function tlsOptions(
  tls: TlsSettings | undefined,
  host: string,
): Promise<ConnectionOptions | false> {
  const mode = tls?.mode ?? 'prefer';
  if (mode === 'disable') return false;
  if (mode === 'verify-full') {
    let ca: Buffer | undefined;
    if (tls?.ca_file) {
      try {
        ca = await readFile(tls.ca_file);
      } catch {
        throw new AppError(
          'TLS_FAILED',
          `The CA certificate file ${tls.ca_file} cannot be read. Check the path and its permissions.`,
        );
      }
    }
    return { rejectUnauthorized: true, servername: host, ...(ca ? { ca } : {}) };
  }
  // require / prefer: encrypt, but (as libpq's sslmode=require) do not verify the certificate.
  return { rejectUnauthorized: false };
}
