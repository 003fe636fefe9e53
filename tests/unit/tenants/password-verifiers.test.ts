// The verifiers sent instead of a tenant role's password: SCRAM-SHA-256 for PostgreSQL, the
// mysql_native_password hash for MariaDB.
import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { DbClient } from '../../../main/core/db/client';
import { tenantAccess } from '../../../main/core/tenants/tenants/access';
import {
  mysqlNativeHash,
  scramVerifier,
} from '../../../main/core/tenants/tenants/password-verifiers';

const hmac = (key: Buffer, text: string) => createHmac('sha256', key).update(text).digest();

describe('scramVerifier', () => {
  it('authenticates the exchange of RFC 7677 §3 as a server holding only the verifier would', () => {
    const verifier = scramVerifier('pencil', Buffer.from('W22ZaJ0SNY7soEsUEjb6gQ==', 'base64'));
    const m = /^SCRAM-SHA-256\$4096:([^$]+)\$([^:]+):(.+)$/.exec(verifier);
    expect(m?.[1]).toBe('W22ZaJ0SNY7soEsUEjb6gQ==');
    const storedKey = Buffer.from(m![2]!, 'base64');
    const serverKey = Buffer.from(m![3]!, 'base64');
    const nonce = 'rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0';
    const authMessage = `n=user,r=rOprNGfwEbeRWgbNEkqO,r=${nonce},s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,c=biws,r=${nonce}`;
    const proof = Buffer.from('dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=', 'base64');
    const clientSignature = hmac(storedKey, authMessage);
    const clientKey = Buffer.from(proof.map((b, i) => b ^ clientSignature[i]!));
    expect(createHash('sha256').update(clientKey).digest().equals(storedKey)).toBe(true);
    expect(hmac(serverKey, authMessage).toString('base64')).toBe(
      '6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=',
    );
  });

  it('salts every verifier afresh and refuses what SASLprep would change', () => {
    expect(scramVerifier('same-password')).not.toBe(scramVerifier('same-password'));
    expect(() => scramVerifier('pässword')).toThrow(/ASCII/);
    expect(() => scramVerifier('')).toThrow(/ASCII/);
  });
});

describe('PostgreSQL tenant role', () => {
  it('is created with the verifier: the statement never carries the password', async () => {
    const sent: string[] = [];
    const admin = {
      type: 'postgresql',
      query: async (sql: string) => (sent.push(sql), { rows: [] }),
    } as unknown as DbClient;
    const password = 'Xb3_secret-tenant-password';
    await tenantAccess('postgresql').create(admin, 'tenant_db', 'tenant_role', password);
    expect(sent[0]).toMatch(/^CREATE ROLE "tenant_role" LOGIN PASSWORD 'SCRAM-SHA-256\$4096:/);
    expect(sent.join('\n')).not.toContain(password);
  });
});

describe('MariaDB tenant user', () => {
  it('hashes as MariaDB PASSWORD() does and is created with the hash', async () => {
    // SELECT PASSWORD('pencil') on MariaDB 10.11.
    expect(mysqlNativeHash('pencil')).toBe('*7614BE58636C810A9D8970A50B3B2A78450413E4');
    const sent: string[] = [];
    const admin = {
      type: 'mysql',
      serverVersion: async () => 'MariaDB 10.11.19',
      query: async (sql: string) => (sent.push(sql), { rows: [] }),
    } as unknown as DbClient;
    const password = 'Xb3_secret-tenant-password';
    await tenantAccess('mysql').create(admin, 'tenant_db', 'tenant_role', password);
    expect(sent[0]).toBe(
      `CREATE USER 'tenant_role'@'%' IDENTIFIED BY PASSWORD '${mysqlNativeHash(password)}'`,
    );
    expect(sent.join('\n')).not.toContain(password);
  });

  it('is created with the password on MySQL, which has no IDENTIFIED BY PASSWORD and masks it itself', async () => {
    const sent: string[] = [];
    const admin = {
      type: 'mysql',
      serverVersion: async () => 'MySQL 8.4.3',
      query: async (sql: string) => (sent.push(sql), { rows: [] }),
    } as unknown as DbClient;
    await tenantAccess('mysql').create(admin, 'tenant_db', 'tenant_role', 'pw-1');
    expect(sent[0]).toBe(`CREATE USER 'tenant_role'@'%' IDENTIFIED BY 'pw-1'`);
  });
});
