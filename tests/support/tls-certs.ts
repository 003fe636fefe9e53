// Test helper. A private certificate authority and certificates signed by it, made with the
// `openssl` command line in a directory the test owns.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const openssl = (args: string[]) => run('openssl', args);

export interface Ca {
  certFile: string;
  keyFile: string;
}

export interface Cert {
  certFile: string;
  keyFile: string;
}

export async function makeCa(dir: string, name = 'Benchphant Test CA'): Promise<Ca> {
  const certFile = join(dir, 'ca.crt');
  const keyFile = join(dir, 'ca.key');
  await openssl([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    keyFile,
    '-out',
    certFile,
    '-days',
    '3650',
    '-subj',
    `/CN=${name}`,
  ]);
  return { certFile, keyFile };
}

/**
 * A certificate for `cn` signed by `ca`, valid for `days` from now. `altNames` like
 * `IP:127.0.0.1,DNS:localhost`; `passphrase` encrypts the key (PKCS#8, AES-256).
 */
export async function makeCert(
  dir: string,
  ca: Ca,
  opts: {
    name: string;
    cn: string;
    days: number;
    altNames?: string;
    client?: boolean;
    passphrase?: string;
  },
): Promise<Cert> {
  const base = join(dir, opts.name);
  const plainKey = `${base}.plain.key`;
  const keyFile = `${base}.key`;
  const csr = `${base}.csr`;
  const certFile = `${base}.crt`;
  const ext = `${base}.ext`;
  writeFileSync(
    ext,
    [
      'basicConstraints=CA:FALSE',
      `extendedKeyUsage=${opts.client ? 'clientAuth' : 'serverAuth'}`,
      ...(opts.altNames ? [`subjectAltName=${opts.altNames}`] : []),
      '',
    ].join('\n'),
  );
  await openssl(['genrsa', '-out', plainKey, '2048']);
  await openssl(['req', '-new', '-key', plainKey, '-out', csr, '-subj', `/CN=${opts.cn}`]);
  await openssl([
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    ca.certFile,
    '-CAkey',
    ca.keyFile,
    '-CAcreateserial',
    '-out',
    certFile,
    '-days',
    String(opts.days),
    '-extfile',
    ext,
  ]);
  if (opts.passphrase) {
    await openssl([
      'pkcs8',
      '-topk8',
      '-v2',
      'aes-256-cbc',
      '-in',
      plainKey,
      '-out',
      keyFile,
      '-passout',
      `pass:${opts.passphrase}`,
    ]);
  } else {
    await openssl(['pkey', '-in', plainKey, '-out', keyFile]);
  }
  return { certFile, keyFile };
}
