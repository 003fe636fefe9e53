import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../renderer/src/api/api-error';
import { createClient } from '../../../renderer/src/api/client';
import {
  createMemoryTransport,
  type MemoryEventSource,
} from '../../../renderer/src/api/memory-transport';

const CONN = {
  id: '6f1c1f43-52a4-4a4e-9c1e-0c1f7a1d2b3c',
  name: 'PG',
  type: 'postgresql',
  host: 'db',
  port: 5432,
  database: 'app',
  username: 'u',
  environment: 'production',
  description: '',
  tags: [],
  is_active: true,
  tls: { mode: 'prefer' },
  has_password: false,
  secret_ref: null,
  is_sandbox: false,
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
};

function manualEvents() {
  const listeners = new Set<(e: { event: string; payload: unknown }) => void>();
  const source: MemoryEventSource = {
    subscribe(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
  return {
    source,
    emit: (event: string, payload: unknown) => listeners.forEach((l) => l({ event, payload })),
  };
}

describe('typed client', () => {
  it('passes method and input through and returns the validated value', async () => {
    const seen: unknown[] = [];
    const client = createClient(
      createMemoryTransport(async (method, input) => {
        seen.push([method, input]);
        return { ok: true, value: [CONN] };
      }),
    );
    await expect(client.call('connections.list')).resolves.toEqual([CONN]);
    expect(seen).toEqual([['connections.list', {}]]);
  });

  it('throws an ApiError carrying the wire code and message', async () => {
    const client = createClient(
      createMemoryTransport(async () => ({
        ok: false,
        error: { code: 'NOT_FOUND', message: 'No connection with id x.' },
      })),
    );
    const err = await client.call('connections.get', { id: CONN.id }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'NOT_FOUND', message: 'No connection with id x.' });
  });

  it('refuses an answer that is not an envelope or does not match the contract', async () => {
    const answers: unknown[] = [
      'nonsense',
      { ok: false, error: { code: 'NOT_A_CODE', message: 'x' } },
      { ok: true, value: [{ ...CONN, port: 'five' }] },
    ];
    const client = createClient(createMemoryTransport(async () => answers.shift()));
    for (let i = 0; i < 3; i++) {
      await expect(client.call('connections.list')).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
    }
  });

  it('delivers valid event payloads and drops invalid ones', async () => {
    const { source, emit } = manualEvents();
    const client = createClient(
      createMemoryTransport(async () => ({ ok: true, value: null }), source),
    );
    const got: unknown[] = [];
    const off = client.on('sandbox.changed', (p) => got.push(p.state));
    emit('sandbox.changed', {
      state: 'running',
      connection_id: CONN.id,
      port: 5555,
      message: null,
    });
    emit('sandbox.changed', { state: 'exploded' });
    emit('connections.changed', {});
    off();
    emit('sandbox.changed', { state: 'stopped', connection_id: null, port: null, message: null });
    expect(got).toEqual(['running']);
  });
});
