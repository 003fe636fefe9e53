// Runs in the renderer. Saved benchmark profiles for the New run form's picker; its actions are the
// only callers of the profiles API.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Input } from '../../../shared/contract';
import type { Profile } from '../../../shared/contract/profiles';
import { ApiError, errorMessage } from '../api/api-error';
import type { ApiClient } from '../api/client';
import { type LoadStatus, loadInto } from './load-status';

export type ProfileSettings = Input<'profiles.save'>['config'];

export type SaveOutcome = 'saved' | 'exists' | 'failed';

export interface ProfilesState {
  profiles: readonly Profile[];
  loadStatus: LoadStatus;
  error: string | null;
  load: () => Promise<void>;
  /** 'exists' when the name is taken and `replace` was not asked for: the form offers it. */
  save: (name: string, config: ProfileSettings, replace: boolean) => Promise<SaveOutcome>;
  /** Rejects with the API's error, for the confirmation dialog to show. */
  remove: (id: string) => Promise<void>;
}

export type ProfilesStore = StoreApi<ProfilesState>;

export function createProfilesStore(client: ApiClient): ProfilesStore {
  return createStore<ProfilesState>()((set, get) => ({
    profiles: [],
    loadStatus: 'idle',
    error: null,
    load: () => loadInto(set, async () => ({ profiles: await client.call('profiles.list') })),
    async save(name, config, replace) {
      try {
        await client.call('profiles.save', { name, config, replace });
        set({ error: null });
        await get().load();
        return 'saved';
      } catch (err) {
        if (err instanceof ApiError && err.code === 'CONFLICT') return 'exists';
        set({ error: errorMessage(err) });
        return 'failed';
      }
    },
    // Throws, so the confirmation dialog can show why.
    async remove(id) {
      await client.call('profiles.delete', { id });
      await get().load();
    },
  }));
}
