// TLS against a private MariaDB started with a server certificate from a CA the test makes with
// openssl: verify-full with and without the CA, the host name checked, the negotiated protocol,
// cipher and certificate, and a client certificate (REQUIRE X509) whose key has a passphrase.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionParams } from '../../../shared/model/connection';
import { testConnection } from '../../../main/core/connections/tester';
import { openClient } from '../../../main/core/db/client';
import { type PrivateMariadb, startPrivateMariadb } from '../../support/private-mariadb';
import { makeTempDir, type TempDir } from '../../support/temp-dir';
import { testMysql } from '../../support/test-databases';
import { expectHostNameChecked } from '../../support/tls-checks';
import { type Ca, type Cert, makeCa, makeCert } from '../../support/tls-certs';

const KEY_PASSPHRASE = 'F-maria-client-phrase-6120';
const CERT_USER = 'bp_tlsf_x509';

let dir: TempDir;
let ca: Ca;
let client: Cert;
let maria: PrivateMariadb;

const base = (tls: ConnectionParams['tls']): ConnectionParams => ({ ...maria.params, tls });

beforeAll(async () => {
  dir = makeTempDir('benchphant-tlsf-maria-');
  ca = await makeCa(dir.path);
  const server = await makeCert(dir.path, ca, {
    name: 'maria',
    cn: 'maria.benchphant.test',
    altNames: 'DNS:maria.benchphant.test,IP:127.0.0.1',
    days: 400,
  });
  client = await makeCert(dir.path, ca, {
    name: 'client',
    cn: CERT_USER,
    days: 365,
    client: true,
    passphrase: KEY_PASSPHRASE,
  });
  maria = await startPrivateMariadb({
    tls: { certFile: server.certFile, keyFile: server.keyFile, caFile: ca.certFile },
  });
  const admin = await openClient(maria.params);
  try {
    await admin.query(`CREATE USER '${CERT_USER}'@'%' REQUIRE X509`);
    await admin.query(`GRANT SELECT ON mysql.* TO '${CERT_USER}'@'%'`);
  } finally {
    await admin.close();
  }
});

afterAll(async () => {
  await maria?.stop();
  dir?.remove();
});

describe('TLS details and verification against a private MariaDB', () => {
  it('verify-full with the CA: protocol, cipher, subject and expiry, no warning a year out', async () => {
    const r = await testConnection(base({ mode: 'verify-full', ca_file: ca.certFile }));
    expect(r.success).toBe(true);
    expect(r.server_version).toMatch(/^MariaDB /);
    expect(r.tls).toBe(true);
    expect(r.tls_details?.protocol).toMatch(/^TLSv1\.[23]$/);
    expect(r.tls_details?.cipher).toMatch(/^TLS_/);
    expect(r.tls_details?.subject).toBe('CN=maria.benchphant.test');
    expect(r.tls_details?.days_left).toBeGreaterThan(390);
    expect(r.warnings).toBeUndefined();
  });

  it('verify-full without the CA fails, saying the certificate is not trusted', async () => {
    const r = await testConnection(base({ mode: 'verify-full' }));
    expect(r).toMatchObject({ success: false, code: 'TLS_FAILED' });
    expect(r.message).toMatch(/signed by a CA this computer does not trust/);
  });

  it('checks the host name, also for an IP address and for the name a tunnel passes on', async () => {
    await expectHostNameChecked(base, ca.certFile, 'maria.benchphant.test');
  });

  it('require encrypts without verifying; prefer falls back to plain TCP on a server without TLS', async () => {
    const required = await testConnection(base({ mode: 'require' }));
    expect(required).toMatchObject({ success: true, tls: true });
    expect(required.tls_details?.subject).toBe('CN=maria.benchphant.test');
    const shared = await testConnection({ ...testMysql(), tls: { mode: 'prefer' } });
    expect(shared).toMatchObject({ success: true, tls: false });
  });

  it('a client certificate with a passphrase-protected key logs in a REQUIRE X509 user', async () => {
    const tls = {
      mode: 'verify-full' as const,
      ca_file: ca.certFile,
      cert_file: client.certFile,
      key_file: client.keyFile,
    };
    const user = { ...maria.params, username: CERT_USER, database: 'mysql' };
    const ok = await testConnection({ ...user, tls, tls_key_passphrase: KEY_PASSPHRASE });
    expect(ok).toMatchObject({ success: true, tls: true });

    const wrong = await testConnection({ ...user, tls, tls_key_passphrase: 'not-it' });
    expect(wrong).toMatchObject({ success: false, code: 'TLS_FAILED' });
    expect(wrong.message).toMatch(/passphrase is missing or wrong/);

    const withoutCert = await testConnection({
      ...user,
      tls: { mode: 'verify-full', ca_file: ca.certFile },
    });
    expect(withoutCert).toMatchObject({ success: false, code: 'AUTH_FAILED' });
  });
});
