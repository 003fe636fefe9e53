import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Handlers } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import type { Logger } from '../../../main/core/logging/logger';
import { dispatch } from '../../../main/rpc/dispatch';
import { makeTestCore, type TestCore } from '../../support/test-core';

const valid = {
  name: 'orders',
  type: 'postgresql',
  host: '127.0.0.1',
  port: 5432,
  database: 'orders',
  username: 'app',
};

function recordingLogger() {
  const errors: { message: string; err: unknown }[] = [];
  const logger: Logger = {
    debug() {},
    info() {},
    warn() {},
    error: (message, err) => errors.push({ message, err }),
  };
  return { logger, errors };
}

describe('dispatch', () => {
  let core: TestCore;
  beforeEach(() => {
    core = makeTestCore();
  });
  afterEach(() => core.dispose());

  it('refuses an unknown method by name, clipped', async () => {
    expect(await dispatch(core.handlers, 'connections.explode', {})).toEqual({
      ok: false,
      error: { code: 'UNKNOWN_METHOD', message: "Unknown operation 'connections.explode'." },
    });
    const long = await dispatch(core.handlers, 'x'.repeat(5000), {});
    expect(long.ok).toBe(false);
    if (!long.ok) expect(long.error.message.length).toBeLessThan(120);
  });

  it('does not treat inherited object keys as methods', async () => {
    const r = await dispatch(core.handlers, 'constructor', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
  });

  it.each([
    ['port 70000', { ...valid, port: 70000 }, 'port must be between 1 and 65535'],
    ['port 0', { ...valid, port: 0 }, 'port must be between 1 and 65535'],
    ['a fractional port', { ...valid, port: 54.5 }, 'port must be a whole number'],
    ['a port given as text', { ...valid, port: '5432' }, 'port must be a number'],
    ['an unknown type', { ...valid, type: 'oracle' }, 'type must be one of: postgresql, mysql'],
    ['an empty name', { ...valid, name: '' }, 'name must not be empty'],
    ['a blank name', { ...valid, name: '   ' }, 'name must not be empty'],
    [
      'a 10 000-character name',
      { ...valid, name: 'n'.repeat(10_000) },
      'name must be at most 200 characters',
    ],
    [
      'an unknown environment',
      { ...valid, environment: 'prod' },
      'environment must be one of: production, staging, development, test',
    ],
    ['a missing host', { ...valid, host: undefined }, 'host is missing'],
    ['a missing port', { ...valid, port: undefined }, 'port is missing'],
    ['a name that is not text', { ...valid, name: 42 }, 'name must be text'],
    [
      'an unknown TLS mode',
      { ...valid, tls: { mode: 'always' } },
      'tls.mode must be one of: disable, prefer, require, verify-full',
    ],
  ])(
    'answers %s with BAD_INPUT in plain words and saves nothing',
    async (_label, input, message) => {
      const r = await dispatch(core.handlers, 'connections.create', input);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error.code).toBe('BAD_INPUT');
      expect(r.error.message).toContain(message);
      expect(r.error.message).not.toContain('n'.repeat(300));
      expect(await dispatch(core.handlers, 'connections.list', {})).toEqual({
        ok: true,
        value: [],
      });
    },
  );

  it('names every problem of one input', async () => {
    const r = await dispatch(core.handlers, 'connections.create', {
      ...valid,
      port: 70000,
      type: 'oracle',
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    if (!r.ok) {
      expect(r.error.message).toContain('port must be between 1 and 65535');
      expect(r.error.message).toContain('type must be one of');
    }
  });

  it('reports a malformed id and an unknown one alike, as NOT_FOUND', async () => {
    expect(await dispatch(core.handlers, 'connections.get', { id: 'nope' })).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'No connection with id nope.' },
    });
    const id = '6f1c1d2e-8a4b-4c3d-9e5f-0a1b2c3d4e5f';
    expect(await dispatch(core.handlers, 'connections.get', { id })).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: `No connection with id ${id}.` },
    });
  });

  it('accepts a missing input where the operation takes none', async () => {
    expect(await dispatch(core.handlers, 'connections.list', undefined)).toEqual({
      ok: true,
      value: [],
    });
    expect(await dispatch(core.handlers, 'sandbox.status', null)).toMatchObject({
      ok: true,
      value: { state: 'stopped' },
    });
  });

  it('returns the value of a handler that succeeds', async () => {
    const r = await dispatch(core.handlers, 'connections.create', valid);
    expect(r).toMatchObject({
      ok: true,
      value: { name: 'orders', port: 5432, environment: 'development', has_password: false },
    });
  });

  it('passes an AppError through with its code and message', async () => {
    const handlers: Handlers = {
      ...core.handlers,
      'connections.list': () =>
        Promise.reject(new AppError('SECRET_STORE_UNAVAILABLE', 'Unlock your keychain.')),
    };
    expect(await dispatch(handlers, 'connections.list', {})).toEqual({
      ok: false,
      error: { code: 'SECRET_STORE_UNAVAILABLE', message: 'Unlock your keychain.' },
    });
  });

  it('turns any other failure into INTERNAL without its text or stack, and logs it', async () => {
    const boom = new Error('relation "x" does not exist; password=hunter2');
    const handlers: Handlers = { ...core.handlers, 'connections.list': () => Promise.reject(boom) };
    const { logger, errors } = recordingLogger();
    const r = await dispatch(handlers, 'connections.list', {}, logger);
    const errorId = r.ok ? '' : (r.error.error_id ?? '');
    expect(errorId).toMatch(/^[0-9a-f-]{36}$/);
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'INTERNAL',
        message: 'Benchphant hit an unexpected error in connections.list; the log has the details.',
        error_id: errorId,
      },
    });
    expect(JSON.stringify(r)).not.toMatch(/hunter2|relation|\bat\s|\.ts:\d/);
    // The log line carries the same id, so a user's report leads to the details.
    expect(errors).toEqual([
      { message: `operation connections.list failed (error_id ${errorId})`, err: boom },
    ]);
  });
});
