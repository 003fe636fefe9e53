// The cleartext-password rule and the endpoint a stored password is bound to: loopback is the
// connected peer's address in 127.0.0.0/8 or ::1 (a name is never trusted), TLS always allows it.
import { describe, expect, it } from 'vitest';
import { isLoopback, mayReceiveCleartext } from '../../../../main/core/db/cleartext';
import { endpointChanged } from '../../../../shared/model/connection';

describe('the cleartext rule', () => {
  it('counts all of 127.0.0.0/8, ::1 and their IPv4-mapped form as loopback, nothing else', () => {
    for (const a of [
      '127.0.0.1',
      '127.0.0.2',
      '127.255.255.254',
      '::1',
      '0:0:0:0:0:0:0:1',
      '::ffff:127.0.0.1',
    ])
      expect(isLoopback(a), a).toBe(true);
    for (const a of [
      '128.0.0.1',
      '10.0.0.1',
      '192.0.2.2',
      '::2',
      'fe80::1',
      '::ffff:10.0.0.1',
      'localhost',
      '',
    ])
      expect(isLoopback(a), a).toBe(false);
  });

  it('lets cleartext go over TLS, to a loopback peer, or over a Unix socket only', () => {
    const host = 'db.example.com';
    expect(mayReceiveCleartext({ address: '192.0.2.10', host }, false)).toBe(false);
    expect(mayReceiveCleartext({ address: '192.0.2.10', host }, true)).toBe(true);
    expect(mayReceiveCleartext({ address: '127.0.0.2', host }, false)).toBe(true);
    // A name that says "local" proves nothing; the peer's address does.
    expect(mayReceiveCleartext({ address: '192.0.2.10', host: 'localhost' }, false)).toBe(false);
    expect(mayReceiveCleartext({ address: undefined, host: '/var/run/postgresql' }, false)).toBe(
      true,
    );
    expect(mayReceiveCleartext({ address: undefined, host }, false)).toBe(false);
  });
});

describe('the endpoint a stored password is bound to', () => {
  const saved = {
    type: 'postgresql' as const,
    host: 'db.example.com',
    port: 5432,
    tls: { mode: 'verify-full' as const },
  };

  it('changes with type, host, port or TLS mode', () => {
    expect(endpointChanged(saved, { host: 'evil.example.com' })).toBe(true);
    expect(endpointChanged(saved, { port: 6432 })).toBe(true);
    expect(endpointChanged(saved, { type: 'mysql' })).toBe(true);
    expect(endpointChanged(saved, { tls: { mode: 'disable' } })).toBe(true);
  });

  it('stays with the same values, another case of the host, or fields that send nothing elsewhere', () => {
    expect(endpointChanged(saved, {})).toBe(false);
    expect(endpointChanged(saved, { ...saved })).toBe(false);
    expect(endpointChanged(saved, { host: 'DB.example.com' })).toBe(false);
    expect(endpointChanged({ ...saved, tls: undefined }, { tls: { mode: 'prefer' } })).toBe(false);
  });
});
