// Runs in the renderer. Saved connections and per-connection test outcomes; its actions are the
// only callers of the connections API, and it refetches whenever the core says the set changed.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Input, Output } from '../../../shared/contract';
import type { Connection, TestResult } from '../../../shared/model/connection';
import { errorMessage } from '../api/api-error';
import type { ApiClient } from '../api/client';
import type { LoadStatus } from './load-status';

/** `at`: when a saved connection's test ended (ISO time), shown beside its outcome. */
export type TestOutcome =
  | { state: 'running' }
  | { state: 'done'; result: TestResult; at?: string }
  | { state: 'failed'; message: string; at?: string };

export type ConnectionPatchInput = Omit<Input<'connections.update'>, 'id'>;

export interface ConnectionsState {
  items: Connection[];
  /** Whether an import may name a file on the machine the core runs on (the desktop app only). */
  readsLocalFiles: boolean;
  status: LoadStatus;
  /** Why the last load failed, written for the user. */
  error: string | null;
  /** The latest test of each saved connection, by id. */
  tests: Record<string, TestOutcome>;
  load: () => Promise<void>;
  /** Mutations resolve with the saved connection or reject with an ApiError for the form to show. */
  create: (input: Input<'connections.create'>) => Promise<Connection>;
  createFromUrl: (input: Input<'connections.createFromUrl'>) => Promise<Connection>;
  update: (id: string, patch: ConnectionPatchInput) => Promise<Connection>;
  remove: (id: string) => Promise<void>;
  /** What a URL names, the saved connection it duplicates, and (with `test`) a test of it. */
  checkUrl: (url: string, test: boolean) => Promise<Output<'connections.checkUrl'>>;
  /** Whether the password file has a password for a saved connection (never the password). */
  pgpassOffer: (id: string) => Promise<Output<'connections.pgpassOffer'>>;
  /** Stores the password file's password for it in the secret store. */
  keepPgpassPassword: (id: string) => Promise<Connection>;
  /** Tests parameters that are not saved; the outcome belongs to the caller (the form). */
  test: (params: Input<'connections.test'>) => Promise<TestResult>;
  /** Tests a saved connection with its stored password; the outcome is kept by id and returned. */
  testSaved: (id: string) => Promise<TestOutcome>;
  /**
   * Tests edited, unsaved fields of a saved connection with its stored password; to a changed
   * address only with `keepPassword` (the user confirmed sending it there).
   */
  testEdited: (
    id: string,
    changes: Input<'connections.test'>,
    keepPassword?: boolean,
  ) => Promise<TestResult>;
  /** Trusts an SSH host key a test reported as unknown. */
  acceptHostKey: (key: Input<'connections.acceptHostKey'>) => Promise<void>;
  /** Reads an import source and lists what would be created and skipped; writes nothing. */
  importPreview: (
    input: Input<'connections.importPreview'>,
  ) => Promise<Output<'connections.importPreview'>>;
  /** Creates the chosen candidates of a preview; they join the list at once. */
  importApply: (
    input: Input<'connections.importApply'>,
  ) => Promise<Output<'connections.importApply'>>;
  /** Saved connections as a file's content, without secrets. */
  exportFile: (input: Input<'connections.export'>) => Promise<Output<'connections.export'>>;
}

export type ConnectionsStore = StoreApi<ConnectionsState> & { dispose(): void };

const byName = (a: Connection, b: Connection) => a.name.localeCompare(b.name);

export function createConnectionsStore(client: ApiClient): ConnectionsStore {
  // Only the newest load may write the list, so a slow early answer cannot undo a later one.
  let loadSeq = 0;

  const store = createStore<ConnectionsState>()((set, get) => {
    const upsert = (c: Connection) =>
      set((s) => ({ items: [...s.items.filter((x) => x.id !== c.id), c].sort(byName) }));

    return {
      items: [],
      readsLocalFiles: !client.remote,
      status: 'idle',
      error: null,
      tests: {},

      async load() {
        const seq = ++loadSeq;
        if (get().status === 'idle' || get().status === 'error') set({ status: 'loading' });
        try {
          const items = await client.call('connections.list');
          if (seq === loadSeq)
            set({ items: [...items].sort(byName), status: 'ready', error: null });
        } catch (err) {
          if (seq === loadSeq) set({ status: 'error', error: errorMessage(err) });
        }
      },

      async create(input) {
        const c = await client.call('connections.create', input);
        upsert(c);
        return c;
      },

      async createFromUrl(input) {
        const c = await client.call('connections.createFromUrl', input);
        upsert(c);
        return c;
      },

      async update(id, patch) {
        const c = await client.call('connections.update', { ...patch, id });
        upsert(c);
        // A test outcome describes the old parameters; it no longer applies.
        set((s) => ({ tests: omit(s.tests, id) }));
        return c;
      },

      async remove(id) {
        await client.call('connections.delete', { id });
        set((s) => ({ items: s.items.filter((x) => x.id !== id), tests: omit(s.tests, id) }));
      },

      test(params) {
        return client.call('connections.test', params);
      },

      pgpassOffer(id) {
        return client.call('connections.pgpassOffer', { id });
      },

      async keepPgpassPassword(id) {
        const c = await client.call('connections.usePgpass', { id });
        upsert(c);
        return c;
      },

      checkUrl(url, test) {
        return client.call('connections.checkUrl', { url, test });
      },

      testEdited(id, changes, keepPassword = false) {
        return client.call('connections.testSaved', {
          id,
          changes,
          ...(keepPassword ? { keep_password: true } : {}),
        });
      },

      async acceptHostKey(key) {
        await client.call('connections.acceptHostKey', key);
      },

      importPreview(input) {
        return client.call('connections.importPreview', input);
      },

      async importApply(input) {
        const result = await client.call('connections.importApply', input);
        result.created.forEach(upsert);
        return result;
      },

      exportFile(input) {
        return client.call('connections.export', input);
      },

      async testSaved(id) {
        set((s) => ({ tests: { ...s.tests, [id]: { state: 'running' } } }));
        let outcome: TestOutcome;
        try {
          const result = await client.call('connections.testSaved', { id });
          outcome = { state: 'done', result, at: new Date().toISOString() };
        } catch (err) {
          outcome = { state: 'failed', message: errorMessage(err), at: new Date().toISOString() };
        }
        // A connection deleted while its test ran keeps no outcome.
        if (get().items.some((c) => c.id === id))
          set((s) => ({ tests: { ...s.tests, [id]: outcome } }));
        return outcome;
      },
    };
  });

  const offChanged = client.on('connections.changed', () => void store.getState().load());
  // A stopped Sandbox makes its last test outcome stale: "Connected" would no longer be true.
  const offSandbox = client.on('sandbox.changed', (status) => {
    if (status.state === 'running' || status.state === 'starting') return;
    store.setState((s) => {
      const stale = s.items.filter((c) => c.is_sandbox || c.id === status.connection_id);
      return { tests: stale.reduce((tests, c) => omit(tests, c.id), s.tests) };
    });
  });
  return Object.assign(store, {
    dispose: () => {
      offChanged();
      offSandbox();
    },
  });
}

function omit<T>(record: Record<string, T>, key: string): Record<string, T> {
  if (!(key in record)) return record;
  const { [key]: _dropped, ...rest } = record;
  return rest;
}
