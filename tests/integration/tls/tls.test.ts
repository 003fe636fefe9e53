// TLS against a private PostgreSQL whose server certificate comes from a CA the test makes with
// openssl: verify-full with and without the CA, host-name checks, the negotiated protocol and
// cipher, the certificate's expiry (with a warning inside 30 days), and client certificates
// whose key's passphrase lives in the secret store.
import { chmodSync, chownSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionParams } from '../../../shared/model/connection';
import { testConnection } from '../../../main/core/connections/tester';
import { openClient } from '../../../main/core/db/client';
import { startPrivatePostgres, type PrivatePostgres } from '../../support/private-postgres';
import { type KeyPair, makeKeyPair, type Sshd, startSshd } from '../../support/sshd';
import { makeTempDir, type TempDir } from '../../support/temp-dir';
import { makeTestCore, type TestCore } from '../../support/test-core';
import { expectHostNameChecked } from '../../support/tls-checks';
import { type Ca, type Cert, makeCa, makeCert } from '../../support/tls-certs';

const PASSWORD = 'F-tls-pg-Secret-2207';
const KEY_PASSPHRASE = 'F-client-key-phrase-9034';
const CERT_USER = 'bp_tlsf_cert';

let pg: PrivatePostgres;
let dir: TempDir;
let ca: Ca;
let server: Cert;
let client: Cert;
let core: TestCore;
let sshd: Sshd;
let sshKey: KeyPair;

const base = (tls: ConnectionParams['tls']): ConnectionParams => ({ ...pg.params, tls });

function postgresOwns(file: string) {
  const entry = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  const [, , uid, gid] = entry?.split(':') ?? [];
  if (process.getuid?.() === 0 && uid && gid) chownSync(file, Number(uid), Number(gid));
  chmodSync(file, 0o600);
}

async function admin(sql: string[]) {
  const c = await openClient(base({ mode: 'disable' }));
  try {
    for (const s of sql) await c.query(s);
  } finally {
    await c.close();
  }
}

beforeAll(async () => {
  dir = makeTempDir('benchphant-tlsf-');
  ca = await makeCa(dir.path);
  // Ten days left: inside the 30-day warning window.
  server = await makeCert(dir.path, ca, {
    name: 'server',
    cn: 'db.benchphant.test',
    altNames: 'DNS:db.benchphant.test,IP:127.0.0.1',
    days: 10,
  });
  client = await makeCert(dir.path, ca, {
    name: 'client',
    cn: CERT_USER,
    days: 365,
    client: true,
    passphrase: KEY_PASSPHRASE,
  });
  postgresOwns(server.keyFile);
  postgresOwns(server.certFile);
  pg = await startPrivatePostgres({ password: PASSWORD });
  const c = await openClient(base({ mode: 'disable' }));
  const hba = (await c.query('SHOW hba_file')).rows[0]?.hba_file as string;
  await c.close();
  // The certificate user logs in by client certificate only (its CN is the role name).
  const rules = readFileSync(hba, 'utf8');
  writeFileSync(hba, `hostssl all ${CERT_USER} 127.0.0.1/32 cert\n${rules}`);
  await admin([
    `CREATE ROLE ${CERT_USER} LOGIN`,
    `ALTER SYSTEM SET ssl_cert_file = '${server.certFile}'`,
    `ALTER SYSTEM SET ssl_key_file = '${server.keyFile}'`,
    `ALTER SYSTEM SET ssl_ca_file = '${ca.certFile}'`,
    'ALTER SYSTEM SET ssl = on',
    'SELECT pg_reload_conf()',
  ]);
  // The reload is asynchronous: wait until a new session negotiates TLS.
  for (let i = 0; i < 100; i++) {
    const r = await testConnection(base({ mode: 'require' }));
    if (r.success && r.tls) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  sshKey = await makeKeyPair(dir.path, 'id_tunnel');
  sshd = await startSshd({ authorizedKeys: [sshKey.publicLine] });
  core = makeTestCore();
});

afterAll(async () => {
  await core?.dispose();
  await sshd?.stop();
  await pg?.stop();
  dir?.remove();
});

describe('TLS details and verification against a private PostgreSQL', () => {
  it('verify-full with the CA: protocol, cipher, subject and expiry, with a warning inside 30 days', async () => {
    const r = await testConnection(base({ mode: 'verify-full', ca_file: ca.certFile }));
    expect(r.success).toBe(true);
    expect(r.tls).toBe(true);
    expect(r.tls_details?.protocol).toMatch(/^TLSv1\.[23]$/);
    expect(r.tls_details?.cipher).toMatch(/^TLS_/);
    expect(r.tls_details?.subject).toBe('CN=db.benchphant.test');
    expect(r.tls_details?.issuer).toBe('CN=Benchphant Test CA');
    expect(r.tls_details?.days_left).toBeGreaterThanOrEqual(9);
    expect(r.tls_details?.days_left).toBeLessThanOrEqual(10);
    expect(Date.parse(r.tls_details?.valid_to ?? '')).toBeGreaterThan(Date.now());
    expect(r.warnings?.[0]).toMatch(
      /^The server certificate expires in (9|10) days \(\d{4}-\d\d-\d\d\)/,
    );
    expect(r.message).toContain(`over TLS (${r.tls_details?.protocol}, ${r.tls_details?.cipher})`);
  });

  it('verify-full without the CA fails, saying the certificate is not trusted and what to do', async () => {
    const r = await testConnection(base({ mode: 'verify-full' }));
    expect(r).toMatchObject({ success: false, code: 'TLS_FAILED' });
    expect(r.message).toMatch(/signed by a CA this computer does not trust/);
    expect(r.message).toMatch(/CA certificate file/);
  });

  it('verify-full with the wrong CA says the certificate is not signed by it', async () => {
    const other = makeTempDir('benchphant-tlsf-other-');
    try {
      const otherCa = await makeCa(other.path, 'Some Other CA');
      const r = await testConnection(base({ mode: 'verify-full', ca_file: otherCa.certFile }));
      expect(r).toMatchObject({ success: false, code: 'TLS_FAILED' });
      expect(r.message).toContain(`is not signed by the CA in ${otherCa.certFile}`);
    } finally {
      other.remove();
    }
  });

  it('checks the host name: a name the certificate lacks fails, the one it lists connects', async () => {
    await expectHostNameChecked(base, ca.certFile, 'db.benchphant.test');
  });

  it('require encrypts without verifying; disable reports no TLS', async () => {
    const required = await testConnection(base({ mode: 'require' }));
    expect(required).toMatchObject({ success: true, tls: true });
    expect(required.tls_details?.subject).toBe('CN=db.benchphant.test');
    const plain = await testConnection(base({ mode: 'disable' }));
    expect(plain).toMatchObject({ success: true, tls: false });
    expect(plain.tls_details).toBeUndefined();
  });

  it('a client certificate with a passphrase-protected key, the passphrase kept in the secret store', async () => {
    const tls = {
      mode: 'verify-full' as const,
      ca_file: ca.certFile,
      cert_file: client.certFile,
      key_file: client.keyFile,
    };
    const conn = await core.handlers['connections.create']({
      ...pg.params,
      username: CERT_USER,
      password: undefined,
      name: 'bp_tlsf client cert',
      environment: 'test',
      description: '',
      tags: [],
      is_active: true,
      tls,
      tls_key_passphrase: KEY_PASSPHRASE,
    });
    expect(conn).toMatchObject({ has_tls_key_passphrase: true, tls });
    expect(JSON.stringify(conn)).not.toContain(KEY_PASSPHRASE);
    expect(readFileSync(join(core.dataDir, 'benchphant.sqlite')).includes(KEY_PASSPHRASE)).toBe(
      false,
    );
    const ok = await core.handlers['connections.testSaved']({ id: conn.id });
    expect(ok).toMatchObject({ success: true, tls: true });

    const wrongPhrase = await core.handlers['connections.testSaved']({
      id: conn.id,
      changes: { tls_key_passphrase: 'not-it' },
    });
    expect(wrongPhrase).toMatchObject({ success: false, code: 'TLS_FAILED' });
    expect(wrongPhrase.message).toMatch(
      /could not be decrypted: its passphrase is missing or wrong/,
    );

    const noCert = await testConnection({
      ...pg.params,
      username: CERT_USER,
      password: undefined,
      tls: { mode: 'verify-full', ca_file: ca.certFile },
    });
    expect(noCert.success).toBe(false);
  });

  it("verify-full through an SSH tunnel still checks the database's own host name", async () => {
    const ssh = {
      host: '127.0.0.1',
      port: sshd.port,
      user: 'root',
      auth: 'key' as const,
      key_file: sshKey.privateFile,
      jumps: [],
    };
    const viaTunnel = (server_name?: string): ConnectionParams => ({
      ...base({
        mode: 'verify-full',
        ca_file: ca.certFile,
        ...(server_name ? { server_name } : {}),
      }),
      ssh,
    });
    const first = await core.handlers['connections.test'](viaTunnel());
    expect(first.code).toBe('SSH_HOST_KEY_UNKNOWN');
    await core.handlers['connections.acceptHostKey'](first.host_key!);

    // The driver dials 127.0.0.1:<tunnel port>; the certificate is checked against the database host.
    const ok = await core.handlers['connections.test'](viaTunnel());
    expect(ok).toMatchObject({ success: true, tls: true });
    expect(ok.ssh_rtt_ms).toBeGreaterThan(0);
    expect(ok.tls_details?.subject).toBe('CN=db.benchphant.test');
    expect(ok.warnings?.[0]).toMatch(/expires in/);

    const wrong = await core.handlers['connections.test'](viaTunnel('elsewhere.benchphant.test'));
    expect(wrong).toMatchObject({ success: false, code: 'TLS_FAILED' });
    expect(wrong.message).toContain("does not name 'elsewhere.benchphant.test'");
  });
});
