// Runs in tests. The one contract suite every transport runs: the same calls must give the same
// envelopes and events in-process, over HTTP/WebSocket and over Electron IPC.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Envelope } from '../../shared/errors';
import { MYSQL, PG } from './core-fixture';

export interface EventMessage {
  event: string;
  payload: unknown;
}

export interface ContractTransport {
  call(method: string, input: unknown): Promise<Envelope<unknown>>;
  onEvent(cb: (e: EventMessage) => void): () => void;
  close(): Promise<void>;
}

interface Saved {
  id: string;
  name: string;
  port: number;
  has_password: boolean;
  secret_ref: string | null;
  [key: string]: unknown;
}

const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';
const PASSWORD = 'contract-suite-secret-7f3a9c';

function valueOf<T = unknown>(envelope: Envelope<unknown>): T {
  if (!envelope.ok)
    throw new Error(`expected success, got ${envelope.error.code}: ${envelope.error.message}`);
  return envelope.value as T;
}

function errorOf(envelope: Envelope<unknown>): { code: string; message: string } {
  if (envelope.ok) throw new Error(`expected an error, got ${JSON.stringify(envelope.value)}`);
  return envelope.error;
}

export function defineContractSuite(
  transportName: string,
  setup: () => Promise<ContractTransport>,
): void {
  describe(`contract over ${transportName}`, () => {
    let t: ContractTransport;
    const events: EventMessage[] = [];
    let stopEvents: () => void;

    const call = (method: string, input: unknown = {}) => t.call(method, input);
    const list = async () => valueOf<Saved[]>(await call('connections.list'));
    const changedFor = (id: string) =>
      events.filter(
        (e) => e.event === 'connections.changed' && (e.payload as { id?: string }).id === id,
      );

    beforeAll(async () => {
      t = await setup();
      stopEvents = t.onEvent((e) => events.push(e));
    });
    afterAll(async () => {
      stopEvents();
      await t.close();
    });

    it('starts with no connections', async () => {
      expect(await list()).toEqual([]);
    });

    it('creates, gets, updates and deletes a PostgreSQL connection, announcing each change', async () => {
      const created = valueOf<Saved>(
        await call('connections.create', { ...PG, name: 'Contract PG' }),
      );
      expect(created).toMatchObject({
        ...PG,
        name: 'Contract PG',
        environment: 'development',
        has_password: false,
      });
      await vi.waitFor(() => expect(changedFor(created.id)).toHaveLength(1));

      expect(valueOf(await call('connections.get', { id: created.id }))).toEqual(created);
      expect((await list()).map((c) => c.id)).toEqual([created.id]);

      const updated = valueOf<Saved>(
        await call('connections.update', { id: created.id, name: 'Renamed PG' }),
      );
      expect(updated).toMatchObject({
        id: created.id,
        name: 'Renamed PG',
        port: PG.port,
        host: PG.host,
      });
      expect(valueOf(await call('connections.get', { id: created.id }))).toEqual(updated);
      await vi.waitFor(() => expect(changedFor(created.id)).toHaveLength(2));

      const deleted = valueOf<{ message: string }>(
        await call('connections.delete', { id: created.id }),
      );
      expect(deleted.message).toContain('Renamed PG');
      expect(errorOf(await call('connections.get', { id: created.id })).code).toBe('NOT_FOUND');
      expect(await list()).toEqual([]);
      await vi.waitFor(() => expect(changedFor(created.id)).toHaveLength(3));
    });

    it('keeps a MariaDB password in the secret store and never sends it back', async () => {
      const replies = [
        await call('connections.create', {
          ...MYSQL,
          name: 'Contract MariaDB',
          password: PASSWORD,
        }),
      ];
      const created = valueOf<Saved>(replies[0]!);
      expect(created).toMatchObject({ type: 'mysql', has_password: true });
      expect(created.secret_ref).toMatch(/^memory:benchphant\//);
      replies.push(
        await call('connections.get', { id: created.id }),
        await call('connections.list'),
      );
      replies.push(
        await call('connections.update', { id: created.id, description: 'still secret' }),
      );
      for (const reply of replies) expect(JSON.stringify(reply)).not.toContain(PASSWORD);
      valueOf(await call('connections.delete', { id: created.id }));
    });

    it('tests unsaved parameters against the real PostgreSQL and MariaDB', async () => {
      for (const params of [PG, MYSQL]) {
        const result = valueOf<{ success: boolean; server_version?: string; rtt_ms?: number }>(
          await call('connections.test', params),
        );
        expect(result, params.type).toMatchObject({ success: true });
        expect(result.server_version).toBeTruthy();
        expect(result.rtt_ms).toBeGreaterThanOrEqual(0);
      }
    });

    it('tests a saved connection, and reports a refused one as a failed result', async () => {
      const saved = valueOf<Saved>(await call('connections.create', { ...PG, name: 'Saved PG' }));
      expect(valueOf(await call('connections.testSaved', { id: saved.id }))).toMatchObject({
        success: true,
      });
      const refused = valueOf(await call('connections.test', { ...PG, port: 1 }));
      expect(refused).toMatchObject({ success: false, code: 'CONNECTION_REFUSED' });
      valueOf(await call('connections.delete', { id: saved.id }));
    });

    it('creates a connection from a postgres:// URL', async () => {
      const created = valueOf<Saved>(
        await call('connections.createFromUrl', {
          url: 'postgres://postgres@127.0.0.1:5432/test',
          name: 'From URL',
        }),
      );
      expect(created).toMatchObject({ ...PG, name: 'From URL' });
      valueOf(await call('connections.delete', { id: created.id }));
    });

    describe('refuses bad input with a clear error and changes nothing', () => {
      let existing: Saved;
      let before: Saved[];

      beforeAll(async () => {
        existing = valueOf<Saved>(await call('connections.create', { ...PG, name: 'Untouchable' }));
        before = await list();
      });

      const cases: Array<[string, string, () => unknown, string, RegExp]> = [
        [
          'port 70000',
          'connections.create',
          () => ({ ...PG, name: 'x', port: 70000 }),
          'BAD_INPUT',
          /port must be between 1 and 65535/,
        ],
        [
          'an unknown type',
          'connections.create',
          () => ({ ...PG, name: 'x', type: 'oracle' }),
          'BAD_INPUT',
          /type must be one of: postgresql, mysql/,
        ],
        [
          'an empty name',
          'connections.create',
          () => ({ ...PG, name: '   ' }),
          'BAD_INPUT',
          /name must not be empty/,
        ],
        [
          'a 10 000-character name',
          'connections.create',
          () => ({ ...PG, name: 'n'.repeat(10_000) }),
          'BAD_INPUT',
          /name must be at most 200 characters/,
        ],
        [
          'input that is not an object',
          'connections.create',
          () => 'postgres',
          'BAD_INPUT',
          /input/,
        ],
        [
          'a malformed URL',
          'connections.createFromUrl',
          () => ({ url: 'postgres://user@host:99999/db' }),
          'BAD_INPUT',
          /port must be between 1 and 65535/,
        ],
        [
          'a URL that is not one',
          'connections.createFromUrl',
          () => ({ url: 'not a url' }),
          'BAD_INPUT',
          /connection URL is not valid/,
        ],
        [
          'an id that is not a UUID (connections-api.md: like an unknown one)',
          'connections.get',
          () => ({ id: '1' }),
          'NOT_FOUND',
          /No connection with id 1\./,
        ],
        [
          'an unknown id (get)',
          'connections.get',
          () => ({ id: NO_SUCH_ID }),
          'NOT_FOUND',
          /No connection with id/,
        ],
        [
          'an unknown id (update)',
          'connections.update',
          () => ({ id: NO_SUCH_ID, name: 'y' }),
          'NOT_FOUND',
          /No connection with id/,
        ],
        [
          'an unknown id (delete)',
          'connections.delete',
          () => ({ id: NO_SUCH_ID }),
          'NOT_FOUND',
          /No connection with id/,
        ],
        [
          'an unknown id (test)',
          'connections.testSaved',
          () => ({ id: NO_SUCH_ID }),
          'NOT_FOUND',
          /No connection with id/,
        ],
        [
          'port 70000 on update',
          'connections.update',
          () => ({ id: existing.id, port: 70000 }),
          'BAD_INPUT',
          /port must be between 1 and 65535/,
        ],
        [
          'an empty name on update',
          'connections.update',
          () => ({ id: existing.id, name: '' }),
          'BAD_INPUT',
          /name must not be empty/,
        ],
        [
          'an unknown method',
          'connections.explode',
          () => ({}),
          'UNKNOWN_METHOD',
          /Unknown operation 'connections\.explode'/,
        ],
      ];

      it.each(cases)('%s', async (_label, method, input, code, message) => {
        const eventsBefore = events.length;
        const error = errorOf(await call(method, input()));
        expect(error.code).toBe(code);
        expect(error.message).toMatch(message);
        expect(error.message).not.toMatch(/\n\s+at /);
        expect(await list()).toEqual(before);
        expect(valueOf(await call('connections.get', { id: existing.id }))).toEqual(existing);
        expect(events.length).toBe(eventsBefore);
      });
    });
  });
}
