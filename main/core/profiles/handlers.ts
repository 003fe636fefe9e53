// Runs in the main process, server and CLI. The contract's `profiles.*` operations.
import type { Handlers } from '../../../shared/contract';
import type { ProfileStore } from './store';

type ProfileHandlers = Pick<Handlers, `profiles.${string}` & keyof Handlers>;

export const profileHandlers = (store: ProfileStore): ProfileHandlers => ({
  'profiles.list': async () => store.list(),
  'profiles.save': async (input) => store.save(input),
  'profiles.delete': async ({ id }) => ({ message: `Profile '${store.delete(id)}' deleted.` }),
});
