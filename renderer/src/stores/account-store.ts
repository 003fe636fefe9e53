// Runs in the renderer. Who is logged in, their projects and API keys; its actions are the only
// callers of the auth.*, projects.* and apikeys.* API. A new key is handed back once and never kept.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Output } from '../../../shared/contract';
import type { Account, ApiKey } from '../../../shared/contract/accounts';
import { errorMessage } from '../api/api-error';
import type { ApiClient } from '../api/client';
import { type LoadStatus, loadInto } from './load-status';

export type Me = Output<'auth.me'>;
export type Project = Output<'projects.list'>['projects'][number];

export interface AccountState {
  me: Me | null;
  projects: readonly Project[];
  keys: readonly ApiKey[];
  loadStatus: LoadStatus;
  error: string | null;
  load: () => Promise<void>;
  /** Revokes this browser's login; the page then goes back to the login form. */
  logout: () => Promise<void>;
  /** Rejects with the API's error for the dialog to show. */
  changePassword: (current: string, next: string) => Promise<void>;
  /** The new key: shown once by the caller, never stored here. */
  createKey: (name: string, projectId: string | undefined) => Promise<string>;
  deleteKey: (id: number) => Promise<void>;
  /** Administrators only: the accounts, loaded by the Users section. */
  users: readonly Account[];
  usersError: string | null;
  loadUsers: () => Promise<void>;
  /** Each rejects with the API's error for the form to show. */
  addUser: (username: string, password: string, admin: boolean) => Promise<void>;
  removeUser: (username: string) => Promise<void>;
}

export type AccountStore = StoreApi<AccountState>;

/** The owner (start-up token, the desktop app) has no account: nothing to log out of. */
export const isOwner = (me: Me | null) => me !== null && me.id === 0;

export function createAccountStore(client: ApiClient): AccountStore {
  return createStore<AccountState>()((set, get) => ({
    me: null,
    projects: [],
    keys: [],
    loadStatus: 'idle',
    error: null,
    load: () =>
      loadInto(set, async () => {
        const [me, projects, keys] = await Promise.all([
          client.call('auth.me'),
          client.call('projects.list'),
          client.call('apikeys.list'),
        ]);
        return { me, projects: projects.projects, keys: keys.api_keys };
      }),
    async logout() {
      await client.call('auth.logout');
      set({ me: null });
    },
    async changePassword(current, next) {
      await client.call('auth.password', { current_password: current, new_password: next });
    },
    async createKey(name, projectId) {
      const made = await client.call('apikeys.create', {
        project_name: name,
        ...(projectId ? { project_id: projectId } : {}),
      });
      await get().load();
      return made.api_key;
    },
    async deleteKey(id) {
      await client.call('apikeys.delete', { id });
      await get().load();
    },
    users: [],
    usersError: null,
    async loadUsers() {
      try {
        set({ users: await client.call('users.list'), usersError: null });
      } catch (err) {
        set({ usersError: errorMessage(err) });
      }
    },
    async addUser(username, password, admin) {
      await client.call('users.create', { username, password, admin });
      await get().loadUsers();
    },
    async removeUser(username) {
      await client.call('users.delete', { username });
      await Promise.all([get().loadUsers(), get().load()]);
    },
  }));
}
