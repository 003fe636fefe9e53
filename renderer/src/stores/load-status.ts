// Runs in the renderer. The life of a store's first and later loads, shared by every store, and the
// start-then-open action of the stores that start long jobs (runs, plans).
import { errorMessage } from '../api/api-error';

/** idle: never asked; loading: first answer pending; ready/error: the last load's outcome. */
export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface Loadable {
  loadStatus: LoadStatus;
  error: string | null;
}

type SetLoadable<P> = (
  patch: (P & Loadable) | Partial<Loadable> | ((s: Loadable) => Loadable | Partial<Loadable>),
) => void;

/** A store's load: the first shows 'loading'; a reload keeps the old answer on screen until the new
 * one replaces it, so a list does not flash empty on every change event. */
export async function loadInto<P extends object>(
  set: SetLoadable<P>,
  fetch: () => Promise<P>,
): Promise<void> {
  set((s) => (s.loadStatus === 'ready' ? s : { loadStatus: 'loading' }));
  try {
    set({ ...(await fetch()), loadStatus: 'ready', error: null });
  } catch (err) {
    set({ loadStatus: 'error', error: errorMessage(err) });
  }
}

export interface Startable {
  starting: boolean;
  startError: string | null;
}

/** Starts a job, then opens it and reloads the list so both show it; the job's id, or null with
 * startError set when the start was refused. */
export async function startAndOpen(
  set: (patch: Partial<Startable>) => void,
  start: () => Promise<{ id: string }>,
  open: (id: string) => Promise<void>,
  reload: () => Promise<void>,
): Promise<string | null> {
  set({ starting: true, startError: null });
  try {
    const started = await start();
    set({ starting: false });
    await Promise.all([open(started.id), reload()]);
    return started.id;
  } catch (err) {
    set({ starting: false, startError: errorMessage(err) });
    return null;
  }
}
