import { describe, expect, it } from 'vitest';
import type { Connection } from '../../../shared/model/connection';
import {
  emptyForm,
  fromConnection,
  movesSavedPassword,
  parseTags,
  sameParams,
  toCreateInput,
  toPatch,
  toTestParams,
  withType,
} from '../../../renderer/src/features/connections/connection-form';

const SAVED: Connection = {
  id: '6f1c1f43-52a4-4a4e-9c1e-0c1f7a1d2b3c',
  name: 'Orders',
  type: 'postgresql',
  host: 'db.internal',
  port: 5432,
  database: 'orders',
  username: 'app',
  environment: 'production',
  description: '',
  tags: ['critical'],
  is_active: true,
  tls: { mode: 'require' },
  has_password: true,
  secret_ref: 'memory:benchphant/connection/6f1c1f43-52a4-4a4e-9c1e-0c1f7a1d2b3c',
  is_sandbox: false,
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
};

const filled = {
  ...emptyForm(),
  name: 'Local',
  host: '127.0.0.1',
  database: 'test',
  username: 'postgres',
};

describe('connection form', () => {
  it('turns valid values into create input, leaving out an empty password', () => {
    const r = toCreateInput({ ...filled, tags: ' a, ,b ,', description: 'x' });
    expect(r).toEqual({
      ok: true,
      value: {
        type: 'postgresql',
        host: '127.0.0.1',
        port: 5432,
        database: 'test',
        username: 'postgres',
        tls: { mode: 'prefer' },
        name: 'Local',
        environment: 'development',
        description: 'x',
        tags: ['a', 'b'],
        is_active: true,
      },
    });
  });

  it('reports each field’s first problem as a sentence, in the shared schema’s words', () => {
    const r = toCreateInput({
      ...filled,
      name: '  ',
      port: '70000',
      host: '',
      tags: 'x'.repeat(65),
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual({
      name: 'Name must not be empty.',
      port: 'Port must be between 1 and 65535.',
      host: 'Host must not be empty.',
      tags: 'A tag must be at most 64 characters.',
    });
  });

  it('treats an empty or non-numeric port as missing or wrong, never as zero', () => {
    for (const port of ['', 'abc', '54.5']) {
      const r = toCreateInput({ ...filled, port });
      expect(r.ok ? undefined : r.errors.port).toMatch(
        /^Port must be (a number|a whole number)\.$/,
      );
    }
  });

  it('routes TLS problems to the TLS fields', () => {
    const r = toTestParams({ ...filled, caFile: 'x'.repeat(5000) });
    expect(r.ok ? undefined : r.errors.caFile).toBeDefined();
  });

  it('moves the port along with the type only while it holds the old default', () => {
    expect(withType(filled, 'mysql').port).toBe('3306');
    expect(withType({ ...filled, port: '' }, 'mysql').port).toBe('3306');
    expect(withType({ ...filled, port: '6543' }, 'mysql').port).toBe('6543');
  });

  it('sends only what changed on edit, and never the saved password back', () => {
    const values = fromConnection(SAVED);
    expect(values.password).toBe('');
    expect(toPatch(SAVED, values)).toEqual({ ok: true, value: {} });
    expect(toPatch(SAVED, { ...values, name: 'Orders EU', tags: 'critical, eu' })).toEqual({
      ok: true,
      value: { name: 'Orders EU', tags: ['critical', 'eu'] },
    });
  });

  it('sends SSH for monitoring only for a direct connection, and on edit only when it changed', () => {
    const monitorSsh = {
      ...emptyForm().monitorSsh,
      enabled: true,
      host: 'db.internal',
      user: 'ops',
      auth: 'password' as const,
      secret: 'ssh-pw',
    };
    const created = toCreateInput({ ...filled, monitorSsh });
    expect(created.ok && created.value.monitor_ssh).toEqual({
      host: 'db.internal',
      user: 'ops',
      auth: 'password',
      secret: 'ssh-pw',
      jumps: [],
    });
    // A tunnel's own session serves monitoring too: nothing more to send.
    const tunnelled = toCreateInput({
      ...filled,
      ssh: { ...monitorSsh, host: 'bastion' },
      monitorSsh,
    });
    expect(tunnelled.ok && 'monitor_ssh' in tunnelled.value).toBe(false);

    const saved: Connection = {
      ...SAVED,
      monitor_ssh: {
        host: 'db.internal',
        user: 'ops',
        auth: 'agent',
        has_secret: false,
        jumps: [],
      },
    };
    const values = fromConnection(saved);
    expect(values.monitorSsh.enabled).toBe(true);
    expect(toPatch(saved, values)).toEqual({ ok: true, value: {} });
    expect(
      toPatch(saved, { ...values, monitorSsh: { ...values.monitorSsh, enabled: false } }),
    ).toEqual({
      ok: true,
      value: { monitor_ssh: null },
    });
  });

  it('sends a typed password, or an empty one to clear the saved password', () => {
    const values = fromConnection(SAVED);
    expect(toPatch(SAVED, { ...values, password: 'n3w' })).toEqual({
      ok: true,
      value: { password: 'n3w' },
    });
    expect(toPatch(SAVED, { ...values, clearPassword: true })).toEqual({
      ok: true,
      value: { password: '' },
    });
  });

  it('validates the whole form on edit, not only the changed fields', () => {
    const r = toPatch(SAVED, { ...fromConnection(SAVED), database: '' });
    expect(r.ok ? undefined : r.errors).toEqual({ database: 'Database must not be empty.' });
  });

  it('knows when the saved connection’s password still applies to a test', () => {
    const values = fromConnection(SAVED);
    expect(sameParams(SAVED, values)).toBe(true);
    expect(sameParams(SAVED, { ...values, name: 'other', tags: '' })).toBe(true);
    expect(sameParams(SAVED, { ...values, host: 'elsewhere' })).toBe(false);
    expect(sameParams(SAVED, { ...values, tlsMode: 'disable' })).toBe(false);
  });

  it('splits tags on commas and drops empty ones', () => {
    expect(parseTags('')).toEqual([]);
    expect(parseTags(' eu ,, prod ')).toEqual(['eu', 'prod']);
  });
});

describe('sending the saved password to a new address', () => {
  const form = fromConnection(SAVED);

  it('asks when type, host, port or TLS mode changes and no new password was typed', () => {
    expect(movesSavedPassword(SAVED, form)).toBe(false);
    expect(movesSavedPassword(SAVED, { ...form, host: 'evil.example.com' })).toBe(true);
    expect(movesSavedPassword(SAVED, { ...form, port: '6432' })).toBe(true);
    expect(movesSavedPassword(SAVED, withType(form, 'mysql'))).toBe(true);
    expect(movesSavedPassword(SAVED, { ...form, tlsMode: 'disable' })).toBe(true);
  });

  it('does not ask when nothing would be sent or the address stays', () => {
    const moved = { ...form, host: 'evil.example.com' };
    expect(movesSavedPassword(SAVED, { ...moved, password: 'typed-for-it' })).toBe(false);
    expect(movesSavedPassword(SAVED, { ...moved, clearPassword: true })).toBe(false);
    expect(movesSavedPassword({ ...SAVED, has_password: false }, moved)).toBe(false);
    expect(movesSavedPassword(SAVED, { ...form, name: 'Renamed', database: 'other' })).toBe(false);
  });
});
