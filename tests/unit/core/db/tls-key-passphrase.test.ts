// A client key's wrong passphrase reads as one, whichever error OpenSSL happens to raise for it.
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ConnectionParams } from '../../../../shared/model/connection';
import { classifyConnectError } from '../../../../main/core/connections/classify-error';
import { tlsOptions } from '../../../../main/core/db/tls';
import { makeTempDir } from '../../../support/temp-dir';

const dir = makeTempDir('benchphant-tls-key-');
afterAll(() => dir.remove());

/** An encrypted key that the wrong passphrase turns into "unsupported" rather than "bad decrypt". */
function keyOpenSslCallsUnsupported(): string {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  for (let i = 0; i < 20_000; i++) {
    const pem = privateKey.export({
      type: 'pkcs8',
      format: 'pem',
      cipher: 'aes-256-cbc',
      passphrase: 'right',
    }) as string;
    try {
      createPrivateKey({ key: pem, passphrase: 'not-it' });
    } catch (err) {
      if ((err as { code?: string }).code === 'ERR_OSSL_UNSUPPORTED') return pem;
    }
  }
  throw new Error('no such key in 20,000 tries');
}

describe('client key passphrase', () => {
  it('reports a wrong passphrase as such even when OpenSSL says "unsupported"', async () => {
    const keyFile = join(dir.path, 'client.key');
    const certFile = join(dir.path, 'client.crt');
    writeFileSync(keyFile, keyOpenSslCallsUnsupported());
    writeFileSync(certFile, 'not read before the key is');
    const tls = { mode: 'require' as const, key_file: keyFile, cert_file: certFile };
    const err = await tlsOptions(tls, 'db.example', 'not-it').catch((e: unknown) => e);
    const params: ConnectionParams = {
      type: 'postgresql',
      host: 'db.example',
      port: 5432,
      database: 'postgres',
      username: 'alice',
      tls,
    };
    const classified = classifyConnectError(err, params, 5000);
    expect(classified.code).toBe('TLS_FAILED');
    expect(classified.message).toMatch(
      /could not be decrypted: its passphrase is missing or wrong/,
    );
    // The right passphrase and a missing one.
    await expect(tlsOptions(tls, 'db.example', 'right')).resolves.toMatchObject({
      passphrase: 'right',
    });
    const missing = await tlsOptions(tls, 'db.example').catch((e: unknown) => e);
    expect(classifyConnectError(missing, params, 5000).message).toMatch(/could not be decrypted/);
  });
});
