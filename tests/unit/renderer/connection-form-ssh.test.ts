// The connection form's SSH and TLS client-certificate parts: what goes over the wire on create,
// on edit (only what changed; saved secrets kept unless retyped) and on test.
import { describe, expect, it } from 'vitest';
import type { Connection } from '../../../shared/model/connection';
import {
  emptyForm,
  fromConnection,
  sameParams,
  toCreateInput,
  toPatch,
  toTestParams,
} from '../../../renderer/src/features/connections/connection-form';
import { emptyHop } from '../../../renderer/src/features/connections/ssh-form';

const SAVED: Connection = {
  id: '6f1c1f43-52a4-4a4e-9c1e-0c1f7a1d2b3d',
  name: 'Behind the bastion',
  type: 'postgresql',
  host: '10.0.0.5',
  port: 5432,
  database: 'orders',
  username: 'app',
  environment: 'staging',
  description: '',
  tags: [],
  is_active: true,
  tls: { mode: 'verify-full', ca_file: '/ca.pem', cert_file: '/c.crt', key_file: '/c.key' },
  has_tls_key_passphrase: true,
  ssh: {
    host: 'db-gw',
    port: 2222,
    user: 'ops',
    auth: 'password',
    has_secret: true,
    jumps: [{ host: 'bastion', auth: 'key', key_file: '/k', has_secret: false }],
  },
  has_password: false,
  secret_ref: null,
  is_sandbox: false,
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
};

const filled = {
  ...emptyForm(),
  name: 'Tunnelled',
  host: '127.0.0.1',
  database: 'test',
  username: 'postgres',
};

describe('connection form: SSH and client certificates', () => {
  it('sends no ssh while the tunnel is off, and the hops in order once it is on', () => {
    const direct = toCreateInput(filled);
    expect(direct.ok && 'ssh' in direct.value).toBe(false);
    const r = toCreateInput({
      ...filled,
      ssh: {
        ...emptyHop(),
        enabled: true,
        host: 'db-gw',
        port: '',
        user: 'ops',
        auth: 'password',
        secret: 'pw',
        jumps: [{ ...emptyHop(), host: 'bastion', auth: 'key', keyFile: '/k', secret: '' }],
      },
    });
    expect(r.ok && r.value.ssh).toEqual({
      host: 'db-gw',
      user: 'ops',
      auth: 'password',
      secret: 'pw',
      jumps: [{ host: 'bastion', auth: 'key', key_file: '/k' }],
    });
  });

  it('names the hop of a problem', () => {
    const r = toTestParams({
      ...filled,
      ssh: {
        ...emptyHop(),
        enabled: true,
        host: 'gw',
        jumps: [emptyHop(), { ...emptyHop(), host: 'b2', port: '99999' }],
      },
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.ssh).toBe('Jump host 1: SSH host must not be empty.');
  });

  it('an untouched edit sends nothing and keeps testing the saved connection', () => {
    const v = fromConnection(SAVED);
    expect(v.ssh).toMatchObject({ enabled: true, host: 'db-gw', port: '2222', hasSecret: true });
    expect(toPatch(SAVED, v)).toEqual({ ok: true, value: {} });
    expect(sameParams(SAVED, v)).toBe(true);
  });

  it('a retyped SSH secret or key passphrase goes out; switching the tunnel off sends null', () => {
    const v = fromConnection(SAVED);
    const retyped = toPatch(SAVED, { ...v, ssh: { ...v.ssh, secret: 'new' }, keyPassphrase: 'kp' });
    expect(retyped.ok && retyped.value).toMatchObject({
      ssh: { host: 'db-gw', secret: 'new', jumps: [{ host: 'bastion' }] },
      tls_key_passphrase: 'kp',
    });
    expect(sameParams(SAVED, { ...v, keyPassphrase: 'kp' })).toBe(false);
    const off = toPatch(SAVED, { ...v, ssh: { ...v.ssh, enabled: false } });
    expect(off).toEqual({ ok: true, value: { ssh: null } });
  });

  it('a changed client certificate path is a TLS change', () => {
    const v = fromConnection(SAVED);
    const r = toPatch(SAVED, { ...v, certFile: '/other.crt' });
    expect(r.ok && r.value.tls).toEqual({
      mode: 'verify-full',
      ca_file: '/ca.pem',
      cert_file: '/other.crt',
      key_file: '/c.key',
    });
  });
});
