// known_hosts as OpenSSH writes it: plain and hashed host names, [host]:port, wildcards and
// negation, @revoked; acceptance appends, and a changed key is never replaced.
import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  describeHostKey,
  fingerprintOf,
  KnownHosts,
  keyTypeOf,
} from '../../../../main/core/connections/known-hosts';
import { makeTempDir, type TempDir } from '../../../support/temp-dir';
import { rejectedAppError } from '../../../support/app-error';

/** A syntactically real public key blob: string type, then key bytes. */
function blob(type: string, seed: number): Buffer {
  const t = Buffer.from(type);
  const body = Buffer.alloc(32, seed);
  const out = Buffer.alloc(8 + t.length + body.length);
  out.writeUInt32BE(t.length, 0);
  t.copy(out, 4);
  out.writeUInt32BE(body.length, 4 + t.length);
  body.copy(out, 8 + t.length);
  return out;
}

const ED_A = blob('ssh-ed25519', 1);
const ED_B = blob('ssh-ed25519', 2);
const RSA = blob('ssh-rsa', 3);
const line = (hosts: string, key: Buffer) => `${hosts} ${keyTypeOf(key)} ${key.toString('base64')}`;
const hashed = (token: string) => {
  const salt = randomBytes(20);
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(token).digest('base64')}`;
};

let dir: TempDir;
let own: string;
let user: string;
let known: KnownHosts;

beforeEach(() => {
  dir = makeTempDir('bp-sshf-kh-');
  own = join(dir.path, 'own_known_hosts');
  user = join(dir.path, 'user_known_hosts');
  known = new KnownHosts(own, () => [user]);
});
afterEach(() => dir.remove());

describe('KnownHosts', () => {
  it('prints fingerprints as ssh-keygen does and reads the key type from the blob', () => {
    expect(keyTypeOf(ED_A)).toBe('ssh-ed25519');
    expect(fingerprintOf(ED_A)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(describeHostKey('db', 2222, ED_A)).toMatchObject({ host: 'db', port: 2222 });
  });

  it('says unknown when no file names the host, and missing files are empty', async () => {
    expect(await known.check('db.example', 22, ED_A)).toEqual({ status: 'unknown' });
  });

  it('matches plain, [host]:port, hashed and wildcard entries of the user file', async () => {
    writeFileSync(
      user,
      [
        '# comment',
        line('db.example,10.0.0.5', ED_A),
        line('[db.example]:2222', ED_B),
        line(hashed('hidden.example'), ED_A),
        line('*.corp.example,!evil.corp.example', RSA),
      ].join('\n'),
    );
    expect(await known.check('10.0.0.5', 22, ED_A)).toEqual({ status: 'known' });
    expect(await known.check('db.example', 2222, ED_B)).toEqual({ status: 'known' });
    expect(await known.check('hidden.example', 22, ED_A)).toEqual({ status: 'known' });
    expect(await known.check('app.corp.example', 22, RSA)).toEqual({ status: 'known' });
    expect(await known.check('evil.corp.example', 22, RSA)).toEqual({ status: 'unknown' });
    // Port 22 entries do not vouch for other ports.
    expect(await known.check('db.example', 2200, ED_A)).toEqual({ status: 'unknown' });
  });

  it('calls a different key of the same type CHANGED, and one of a new type unknown', async () => {
    writeFileSync(user, `${line('db.example', ED_A)}\n`);
    expect(await known.check('db.example', 22, ED_B)).toEqual({
      status: 'changed',
      file: user,
      line: 1,
    });
    expect(await known.check('db.example', 22, RSA)).toEqual({ status: 'unknown' });
  });

  it('refuses a @revoked key', async () => {
    writeFileSync(user, `@revoked ${line('*', ED_A)}\n${line('db.example', ED_A)}\n`);
    expect(await known.check('db.example', 22, ED_A)).toMatchObject({ status: 'revoked' });
  });

  it('accept() appends to its own file once, checks the fingerprint, and never replaces a key', async () => {
    const key = describeHostKey('127.0.0.1', 2222, ED_A);
    await known.accept(key);
    await known.accept(key);
    expect(readFileSync(own, 'utf8')).toBe(`${line('[127.0.0.1]:2222', ED_A)}\n`);
    expect(await known.check('127.0.0.1', 2222, ED_A)).toEqual({ status: 'known' });

    const forged = { ...describeHostKey('127.0.0.1', 2222, ED_B), fingerprint: key.fingerprint };
    expect((await rejectedAppError(known.accept(forged))).code).toBe('BAD_INPUT');

    const changed = await rejectedAppError(known.accept(describeHostKey('127.0.0.1', 2222, ED_B)));
    expect(changed.code).toBe('REFUSED');
    expect(changed.message).toContain('never replaces a recorded key');
  });
});
